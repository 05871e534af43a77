package com.purepost.dfdetect.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.purepost.dfdetect.image.PillowFixtures.Fixture;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The JPEG fixtures through the JDK's ImageIO reader, the fallback when libturbojpeg is missing. It
 * must refuse what Pillow refuses and give Pillow's pixels, except for 4:4:0 chroma, which JDKs that
 * bundle libjpeg 6b (Temurin, the Lambda image's Java) upsample differently: there the difference is
 * measured and printed, not asserted.
 */
class ImageIoJpegParityTest {

    private static final Set<String> UPSAMPLED_DIFFERENTLY_BY_LIBJPEG_6B = Set.of("jpeg_440");
    private static final ParityTable TABLE = new ParityTable("ImageIO JPEG fallback (" + Runtime.version() + ")");
    private static final ImagePreprocessor PREPROCESSOR = new ImagePreprocessor(ImagePreprocessor.PILLOW_PIXEL_LIMIT,
            withJpegDecoder(new ImageIoJpegDecoder()));

    static Map<ImageFormat, ImageDecoder> withJpegDecoder(ImageDecoder jpeg) {
        Map<ImageFormat, ImageDecoder> decoders = new EnumMap<>(ImageDecoders.standard());
        decoders.put(ImageFormat.JPEG, jpeg);
        return decoders;
    }

    @TestFactory
    Stream<DynamicTest> theJdkReaderGivesPillowsPixelsSaveFor440ChromaOnLibjpeg6b() {
        return PillowFixtures.all().stream()
                .filter(f -> f.file().toString().endsWith(".jpg"))
                .map(f -> DynamicTest.dynamicTest(f.name(), () -> check(f)));
    }

    private static void check(Fixture fixture) {
        PillowParityTest.Result result = PillowParityTest.compare(PREPROCESSOR, fixture, TABLE);
        if (result == null || UPSAMPLED_DIFFERENTLY_BY_LIBJPEG_6B.contains(fixture.name())) {
            return;
        }
        assertTrue(result.decode() == null || result.decode().isZero(), () -> "decoded: " + result.decode());
        assertTrue(result.resize().isZero(), () -> "224x224: " + result.resize());
        assertTrue(result.streamed().isZero(), () -> "tensor: " + result.streamed());
    }

    @AfterAll
    static void printTable() {
        TABLE.print();
    }
}
