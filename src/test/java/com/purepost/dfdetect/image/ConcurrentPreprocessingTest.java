package com.purepost.dfdetect.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One preprocessor shared by many request threads gives each the tensor it would get alone. */
class ConcurrentPreprocessingTest {

    private static final int THREADS = 6;
    private static final int ROUNDS = 8;

    @Test
    void manyThreadsSharingOnePreprocessorEachGetTheirOwnTensor() throws Exception {
        ImagePreprocessor preprocessor = new ImagePreprocessor(ImagePreprocessor.PILLOW_PIXEL_LIMIT);
        List<byte[]> images = List.of(TestImages.encoded("jpeg", 1500, 900), TestImages.encoded("png", 1200, 1100),
                TestImages.encoded("gif", 300, 200), TestImages.encoded("bmp", 640, 480),
                TestImages.encoded("jpeg", 224, 224));
        List<float[]> alone = new ArrayList<>();
        for (byte[] image : images) {
            alone.add(preprocessor.toTensor(image));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (byte[] image : images) {
                    results.add(pool.submit(() -> preprocessor.toTensor(image)));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertArrayEquals(alone.get(i % images.size()), results.get(i).get(), "image " + i % images.size());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
