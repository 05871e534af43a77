package com.purepost.dfdetect.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.purepost.dfdetect.image.PillowFixtures.Fixture;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every reference fixture through our preprocessing, compared with Pillow 9.4's uint8 output and
 * numpy's float32 tensor: zero difference required, for the streaming path ({@code toTensor}) and for
 * the stages one after the other. Prints a table of the differences per fixture.
 */
class PillowParityTest {

    private static final ImagePreprocessor PREPROCESSOR = new ImagePreprocessor(ImagePreprocessor.PILLOW_PIXEL_LIMIT);
    private static final ParityTable TABLE = new ParityTable("Our decoders (" + Runtime.version() + ")");

    @TestFactory
    Stream<DynamicTest> everyFixtureGivesPillowsPixelsAndNumpysTensor() {
        List<Fixture> fixtures = PillowFixtures.all();
        return fixtures.stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> check(PREPROCESSOR, f, TABLE)));
    }

    @AfterAll
    static void printTable() {
        TABLE.print();
    }

    static void check(ImagePreprocessor preprocessor, Fixture fixture, ParityTable table) {
        Result result = compare(preprocessor, fixture, table);
        if (result == null) {
            return;
        }
        assertTrue(result.decode() == null || result.decode().isZero(),
                () -> "decoded pixels differ from Pillow's: " + result.decode());
        assertTrue(result.resize().isZero(), () -> "224x224 pixels differ from Pillow's: " + result.resize());
        assertTrue(result.staged().isZero(), () -> "the staged tensor differs from numpy's: " + result.staged());
        assertTrue(result.streamed().isZero(), () -> "toTensor differs from numpy's: " + result.streamed());
    }

    /** How one fixture's results differ from Pillow's; null for a fixture refused, as Pillow refuses it. */
    record Result(Difference decode, Difference resize, Difference staged, Difference streamed) {
    }

    static Result compare(ImagePreprocessor preprocessor, Fixture fixture, ParityTable table) {
        byte[] bytes = fixture.bytes();
        if (fixture.refused()) {
            ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> preprocessor.toTensor(bytes),
                    "Pillow refuses " + fixture.name() + " (" + fixture.note() + ")");
            table.refused(fixture, e);
            return null;
        }
        RgbImage decoded = preprocessor.decodeToRgb(bytes);
        assertEquals(fixture.width() + "x" + fixture.height(), decoded.width() + "x" + decoded.height(), "size");
        byte[] pillowFull = fixture.pillowFullRgb();
        Difference decode = pillowFull == null ? null : Difference.of(decoded.pixels(), pillowFull);
        RgbImage resized = preprocessor.resize(decoded);
        Difference resize = Difference.of(resized.pixels(), fixture.pillowRgb());
        float[] numpy = fixture.numpyTensor();
        Difference staged = Difference.of(preprocessor.normalize(resized), numpy);
        Difference streamed = Difference.of(preprocessor.toTensor(bytes), numpy);
        table.compared(fixture, decode, resize, staged.worst(streamed));
        return new Result(decode, resize, staged, streamed);
    }
}
