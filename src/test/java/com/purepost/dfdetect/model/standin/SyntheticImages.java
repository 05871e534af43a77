package com.purepost.dfdetect.model.standin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic 224x224 RGB pictures, already normalized as the service normalizes images (/255, ImageNet
 * mean and std, CHW), for feeding the stand-ins without depending on the image package.
 */
final class SyntheticImages {

    static final int SIZE = 224;
    static final int PLANE = SIZE * SIZE;
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private SyntheticImages() {
    }

    /** Pictures of the kinds a photo service sees, from smooth to noisy, by name. */
    static Map<String, float[]> ordinary() {
        Map<String, float[]> images = new LinkedHashMap<>();
        images.put("mid gray", normalized((c, x, y) -> 128));
        images.put("gradient", normalized((c, x, y) -> c == 0 ? x * 255 / (SIZE - 1) : c == 1 ? y * 255 / (SIZE - 1) : 90));
        images.put("photo-like 1", photoLike(1));
        images.put("photo-like 2", photoLike(2));
        images.put("checkerboard", normalized((c, x, y) -> ((x / 8 + y / 8) % 2 == 0) ? 230 : 20));
        Random random = new Random(11);
        images.put("uniform noise", normalized((c, x, y) -> random.nextInt(256)));
        images.put("black", normalized((c, x, y) -> 0));
        images.put("white", normalized((c, x, y) -> 255));
        return images;
    }

    /** Random pixels, as a few random inputs for comparing two models. */
    static float[] noise(long seed) {
        Random random = new Random(seed);
        return normalized((c, x, y) -> random.nextInt(256));
    }

    /** Smooth colour waves plus a little grain: edges, shading and texture at once, like a photograph. */
    static float[] photoLike(long seed) {
        Random random = new Random(seed);
        double[][] waves = new double[3][6];
        for (double[] wave : waves) {
            for (int i = 0; i < wave.length; i++) {
                wave[i] = random.nextDouble();
            }
        }
        return normalized((c, x, y) -> {
            double[] w = waves[c];
            double value = 128 + 60 * Math.sin(2 * Math.PI * (w[0] * 3 * x / SIZE + w[1] * 2 * y / SIZE + w[2]))
                    + 40 * Math.cos(2 * Math.PI * (w[3] * 7 * x / SIZE - w[4] * 5 * y / SIZE + w[5]))
                    + 10 * random.nextGaussian();
            return (int) Math.max(0, Math.min(255, Math.round(value)));
        });
    }

    /** One picture repeated as a batch of {@code n}. */
    static float[] batchOf(float[] image, int n) {
        float[] batch = new float[image.length * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(image, 0, batch, i * image.length, image.length);
        }
        return batch;
    }

    @FunctionalInterface
    interface Pixel {
        /** The 8-bit value of channel c (0 red, 1 green, 2 blue) at column x, row y. */
        int value(int c, int x, int y);
    }

    static float[] normalized(Pixel pixel) {
        float[] chw = new float[3 * PLANE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                for (int c = 0; c < 3; c++) {
                    chw[c * PLANE + y * SIZE + x] = (pixel.value(c, x, y) / 255f - MEAN[c]) / STD[c];
                }
            }
        }
        return chw;
    }
}
