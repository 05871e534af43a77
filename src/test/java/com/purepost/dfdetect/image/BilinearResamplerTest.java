package com.purepost.dfdetect.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pillow's BILINEAR resize on cases small enough to work out by hand, or checked once with Pillow 9.4. */
class BilinearResamplerTest {

    private static RgbImage image(int width, int height, int... rgb) {
        byte[] pixels = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            pixels[i] = (byte) rgb[i];
        }
        return new RgbImage(width, height, pixels);
    }

    private static int[] values(RgbImage image) {
        int[] out = new int[image.pixels().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = image.pixels()[i] & 0xFF;
        }
        return out;
    }

    @Test
    void anImageAlreadyAtTheTargetSizeIsNotResampled() {
        RgbImage in = image(2, 1, 1, 2, 3, 4, 5, 6);
        RgbImage out = BilinearResampler.resize(in, 2, 1);
        assertArrayEquals(in.pixels(), out.pixels());
    }

    /**
     * Halving widens the triangle to two input pixels either side. Output 0 is centred on input 1.0:
     * inputs 0, 1, 2 weigh 0.75, 0.75, 0.25, normalised to 3/7, 3/7, 1/7 and rounded to 22 bits
     * (1797559, 1797559, 599186); 255 * 599186 plus half, shifted right 22 bits, is 36. Output 1 is
     * the mirror image: 255 * (2 * 1797559) gives 219. Pillow 9.4 gives the same.
     */
    @Test
    void halvingFourPixelsUsesTheWidenedTriangle() {
        RgbImage in = image(4, 1, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255);
        assertArrayEquals(new int[] {36, 36, 36, 219, 219, 219}, values(BilinearResampler.resize(in, 2, 1)));
    }

    @Test
    void aColumnIsResampledByTheVerticalPassAlone() {
        RgbImage in = image(1, 4, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255);
        assertArrayEquals(new int[] {36, 36, 36, 219, 219, 219}, values(BilinearResampler.resize(in, 1, 2)));
    }

    /** Upscaling keeps the triangle one pixel wide; values as Pillow 9.4 gives them. */
    @Test
    void upscalingTwoPixelsToFiveInterpolatesBetweenThem() {
        RgbImage in = image(2, 1, 10, 20, 30, 200, 100, 0);
        assertArrayEquals(new int[] {10, 20, 30, 29, 28, 27, 105, 60, 15, 181, 92, 3, 200, 100, 0},
                values(BilinearResampler.resize(in, 5, 1)));
    }

    @Test
    void aSinglePixelFillsTheWholeOutput() {
        RgbImage out = BilinearResampler.resize(image(1, 1, 7, 77, 177), 224, 224);
        for (int i = 0; i < out.pixels().length; i += 3) {
            assertArrayEquals(new int[] {7, 77, 177}, new int[] {out.pixels()[i] & 0xFF, out.pixels()[i + 1] & 0xFF,
                    out.pixels()[i + 2] & 0xFF});
        }
    }

    @Test
    void everyOutputsWeightsSumToOneInFixedPoint() {
        for (int[] sizes : new int[][] {{8000, 224}, {3, 224}, {225, 224}, {224, 224}, {1, 224}, {4032, 224}}) {
            ResampleTaps taps = ResampleTaps.compute(sizes[0], sizes[1]);
            for (int i = 0; i < sizes[1]; i++) {
                long sum = 0;
                for (int t = 0; t < taps.count()[i]; t++) {
                    sum += taps.weights()[i * taps.stride() + t];
                }
                // each weight is rounded on its own, so the sum may miss by half a unit per tap
                long one = 1L << BilinearResampler.PRECISION_BITS;
                assertTrue(Math.abs(sum - one) <= taps.count()[i], sizes[0] + "->" + sizes[1] + " output " + i + ": " + sum);
                assertTrue(taps.first()[i] >= 0 && taps.first()[i] + taps.count()[i] <= sizes[0]);
            }
        }
    }

    @Test
    void theFilterReachesFartherTheMoreAnImageShrinks() {
        assertEquals(3, ResampleTaps.compute(224, 224).stride());
        assertEquals(2 * 36 + 1, ResampleTaps.compute(8000, 224).stride());
    }
}
