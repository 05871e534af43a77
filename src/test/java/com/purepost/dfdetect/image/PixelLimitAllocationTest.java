package com.purepost.dfdetect.image;

import com.purepost.dfdetect.support.HandMadeImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A small file claiming a huge image is refused from its header, before anything in proportion to the
 * claim is allocated: the heap this thread allocates while refusing it is measured, and is a sliver
 * of the gigabytes the claimed pixels would take. So are files within Pillow's pixel limit that claim
 * far more than their bytes hold, or more memory than decodes may take.
 */
class PixelLimitAllocationTest {

    /** Generous for parsing a header and building a refusal; the claims below are 179 MB to 17 GB of pixels. */
    private static final long MOST_BYTES_A_REFUSAL_MAY_ALLOCATE = 4L * 1024 * 1024;

    private static final byte[] RGBA_PNG_AT_THE_LIMIT = HandMadeImages.transparentRgbaPng(16_384, 10_922);
    private static final ImagePreprocessor PREPROCESSOR = new ImagePreprocessor(ImagePreprocessor.PILLOW_PIXEL_LIMIT);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static Stream<Arguments> hugeClaims() {
        return Stream.of(
                Arguments.of("PNG claiming 50000x50000", HandMadeImages.pngClaiming(50_000, 50_000)),
                Arguments.of("JPEG claiming 50000x50000", HandMadeImages.jpegClaiming(50_000, 50_000)),
                Arguments.of("GIF claiming 65535x65535", HandMadeImages.gifClaiming(65_535, 65_535)),
                Arguments.of("BMP claiming 50000x50000", HandMadeImages.bmpClaiming(50_000, 50_000)),
                Arguments.of("WebP claiming 16384x16384", HandMadeImages.webpClaiming(16_384, 16_384)),
                // Within Pillow's pixel limit, which Pillow and the original service decoded
                Arguments.of("29-byte GIF of a 65535x2730 screen around one pixel",
                        HandMadeImages.gifScreenAroundOnePixel(65_535, 2_730)),
                Arguments.of("128-byte RLE8 BMP of 65535x2730 in eleven deltas", HandMadeImages.bmpRle8OfDeltas(65_535, 2_730)),
                Arguments.of("whole 16384x10922 RGBA PNG (716 MB of pixels in 0.7 MB)", RGBA_PNG_AT_THE_LIMIT),
                Arguments.of("WebP claiming 16383x10923 in 30 bytes", HandMadeImages.webpClaiming(16_383, 10_923)));
    }

    @BeforeAll
    static void loadTheDecodersFirst() {
        // Class loading and first-call set-up allocate too; measure refusals once they are warm.
        hugeClaims().forEach(claim -> refuse((byte[]) claim.get()[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hugeClaims")
    void refusesAHugeClaimFromItsHeaderAllocatingAlmostNothing(String claim, byte[] file) {
        long before = THREADS.getCurrentThreadAllocatedBytes();

        ImageRejectedException refused = refuse(file);

        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(refused.reason()).isEqualTo(ImageRejectedException.Reason.TOO_MANY_PIXELS);
        assertThat(allocated).as("bytes allocated refusing a " + file.length + "-byte file").isLessThan(MOST_BYTES_A_REFUSAL_MAY_ALLOCATE);
    }

    private static ImageRejectedException refuse(byte[] file) {
        ImageRejectedException[] refused = new ImageRejectedException[1];
        assertThatThrownBy(() -> PREPROCESSOR.toTensor(file)).isInstanceOfSatisfying(ImageRejectedException.class,
                e -> refused[0] = e);
        return refused[0];
    }
}
