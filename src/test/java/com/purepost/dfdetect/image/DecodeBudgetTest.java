package com.purepost.dfdetect.image;

import com.purepost.dfdetect.support.HandMadeImages;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a decode may cost: decoded bytes in proportion to the file, one image's memory within the
 * decode memory, and all decodes at once within it too, waiting their turn rather than failing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DecodeBudgetTest {

    private static final long MB = 1024 * 1024;

    @Test
    void refusesTheTwentyNineByteGifForClaimingFarMoreThanItsBytesHold() {
        byte[] gif = HandMadeImages.gifScreenAroundOnePixel(65_535, 2_730);
        assertThat(gif).hasSize(29);

        assertThatThrownBy(() -> preprocessor(512 * MB).toTensor(gif))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.TOO_MANY_PIXELS))
                .hasMessage("The GIF file is 29 bytes but claims 178.9 MB of image data; a GIF file holds at most "
                        + "2730 times its size, and any file up to 50.3 MB");
    }

    @Test
    void refusesTheHundredTwentyEightByteRunLengthBmpForClaimingFarMoreThanItsBytesHold() {
        byte[] bmp = HandMadeImages.bmpRle8OfDeltas(65_535, 2_730);
        assertThat(bmp).hasSize(128);

        assertThatThrownBy(() -> preprocessor(512 * MB).toTensor(bmp))
                .isInstanceOf(ImageRejectedException.class)
                .hasMessageContaining("The BMP file is 128 bytes but claims 178.9 MB of image data");
    }

    @Test
    void refusesAWholePngThatWouldTakeMoreThanTheDecodeMemory() {
        byte[] png = HandMadeImages.greyPng(4_000, 3_000, 7); // 36 MB of RGB

        assertThatThrownBy(() -> preprocessor(32 * MB).toTensor(png))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.TOO_MANY_PIXELS))
                .hasMessage("Image is 4000x3000 pixels; decoding it takes 36.0 MB, more than the limit of 33.6 MB");
    }

    @Test
    void decodesASmallClaimWhateverTheFilesSizeAsPillowDoes() {
        // A zlib stream that ends cleanly after one row: Pillow leaves the other 65534 rows black
        byte[] png = HandMadeImages.pngClaiming(1, 65_535);

        assertThat(preprocessor(512 * MB).toTensor(png)).hasSize(3 * 224 * 224);
    }

    @Test
    void decodesAWholeImageAtDeflatesCeilingAboveTheAllowanceForAnySize() {
        // 7680x4320 RGBA, all transparent: 133 MB of pixels in about 130 KB, as a blank 8K screenshot
        byte[] png = HandMadeImages.transparentRgbaPng(7_680, 4_320);
        assertThat((long) 7_680 * 4_320 * 4).isGreaterThan(DecodeBudget.ALWAYS_ALLOWED);

        assertThat(preprocessor(512 * MB).toTensor(png)).hasSize(3 * 224 * 224);
    }

    @Test
    void holdsAnImagesMemoryUntilTheImageIsReleased() {
        DecodeBudget budget = new DecodeBudget(ImagePreprocessor.PILLOW_PIXEL_LIMIT, 64 * MB);
        ImagePreprocessor preprocessor = new ImagePreprocessor(budget);
        byte[] png = TestImages.png(1000, 500);

        try (DecodedImage image = preprocessor.decodeFirstFrame(png)) {
            assertThat(image.width()).isEqualTo(1000);
            assertThat(budget.inUse()).isEqualTo(1000 * 500 * 3 / 1024 * 1024 + 1024);
        }
        assertThat(budget.inUse()).isZero();
        preprocessor.toTensor(png);
        assertThat(budget.inUse()).as("after a whole preprocessing").isZero();
    }

    @Test
    void givesTheMemoryBackWhenTheDecodeFails() {
        DecodeBudget budget = new DecodeBudget(ImagePreprocessor.PILLOW_PIXEL_LIMIT, 64 * MB);
        byte[] truncated = TestImages.truncated(TestImages.png(1000, 500), 0.5);

        assertThatThrownBy(() -> new ImagePreprocessor(budget).toTensor(truncated)).isInstanceOf(ImageRejectedException.class);

        assertThat(budget.inUse()).isZero();
    }

    @Test
    void aDecodeWaitsForMemoryOthersHoldThenRuns() throws Exception {
        DecodeBudget budget = new DecodeBudget(ImagePreprocessor.PILLOW_PIXEL_LIMIT, 2 * MB);
        ImagePreprocessor preprocessor = new ImagePreprocessor(budget);
        byte[] png = TestImages.png(800, 600); // 1.44 MB of RGB: one at a time fits

        AtomicReference<Thread> second = new AtomicReference<>();
        CompletableFuture<float[]> waiting;
        try (DecodedImage held = preprocessor.decodeFirstFrame(png)) {
            waiting = CompletableFuture.supplyAsync(() -> {
                second.set(Thread.currentThread());
                return preprocessor.toTensor(png);
            });
            awaitParked(second);
            assertThat(waiting).as("the second decode waits for the memory the first holds").isNotDone();
        }

        assertThat(waiting.get(30, TimeUnit.SECONDS)).hasSize(3 * 224 * 224);
        assertThat(budget.inUse()).isZero();
    }

    @Test
    void aDecodeInterruptedWhileItWaitsForMemoryIsAbandonedUnstarted() throws Exception {
        DecodeBudget budget = new DecodeBudget(ImagePreprocessor.PILLOW_PIXEL_LIMIT, 2 * MB);
        ImagePreprocessor preprocessor = new ImagePreprocessor(budget);
        byte[] png = TestImages.png(800, 600);

        try (DecodedImage held = preprocessor.decodeFirstFrame(png)) {
            AtomicReference<Thread> second = new AtomicReference<>();
            CompletableFuture<float[]> waiting = CompletableFuture.supplyAsync(() -> {
                second.set(Thread.currentThread());
                return preprocessor.toTensor(png);
            });
            awaitParked(second);
            second.get().interrupt();

            assertThatThrownBy(() -> waiting.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(DecodeAbandonedException.class);
            assertThat(budget.inUse()).as("only the held image").isEqualTo(800 * 600 * 3 / 1024 * 1024 + 1024);
        }
        assertThat(budget.inUse()).isZero();
    }

    @Test
    void takesAtMostHalfTheHeapWhateverIsConfigured() {
        assertThat(DecodeBudget.forHeap(1000, 512 * MB, 600 * MB).capacity()).isEqualTo(300 * MB);
        assertThat(DecodeBudget.forHeap(1000, 512 * MB, 2048 * MB).capacity()).isEqualTo(512 * MB);
    }

    @Test
    void refusesADecodeMemoryTooSmallToCount() {
        assertThatThrownBy(() -> new DecodeBudget(ImagePreprocessor.PILLOW_PIXEL_LIMIT, 1000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ImagePreprocessor preprocessor(long capacity) {
        return new ImagePreprocessor(new DecodeBudget(ImagePreprocessor.PILLOW_PIXEL_LIMIT, capacity));
    }

    private static void awaitParked(AtomicReference<Thread> thread) throws InterruptedException {
        while (thread.get() == null || thread.get().getState() != Thread.State.WAITING) {
            Thread.sleep(10);
        }
    }
}
