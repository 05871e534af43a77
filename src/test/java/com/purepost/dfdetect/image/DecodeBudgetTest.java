package com.purepost.dfdetect.image;

import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The bound on pixels decoded at once: who waits, who passes, and that a preprocessed image gives its share back. */
class DecodeBudgetTest {

    @Test
    void anImageThatDoesNotFitWaitsUntilAnotherGivesItsPixelsBack() throws Exception {
        DecodeBudget budget = new DecodeBudget(100);
        DecodeBudget.Lease first = budget.lease();
        first.admit(60);

        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> budget.lease().admit(60));

        assertThrows(TimeoutException.class, () -> second.get(300, TimeUnit.MILLISECONDS));
        first.close();
        assertDoesNotThrow(() -> second.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aSmallImagePassesBesideALargeOne() {
        DecodeBudget budget = new DecodeBudget(100);
        budget.lease().admit(60);

        assertDoesNotThrow(() -> CompletableFuture.runAsync(() -> budget.lease().admit(30)).get(5, TimeUnit.SECONDS));
    }

    @Test
    void anImageLargerThanTheWholeBudgetStillRunsAlone() {
        DecodeBudget budget = new DecodeBudget(100);

        assertDoesNotThrow(() -> CompletableFuture.runAsync(() -> budget.lease().admit(10_000)).get(5, TimeUnit.SECONDS));
    }

    @Test
    void twoLeasesAskedForMoreAtOnceDoNotDeadlock() {
        DecodeBudget budget = new DecodeBudget(100);
        DecodeBudget.Lease one = budget.lease();
        DecodeBudget.Lease two = budget.lease();
        one.admit(40);
        two.admit(50);

        // holding 40 and 50 while each waits for 80 would block both for ever; giving back first does not
        CompletableFuture<Void> oneGrows = CompletableFuture.runAsync(() -> one.admit(80));
        CompletableFuture<Void> twoGrows = CompletableFuture.runAsync(() -> two.admit(80));
        CompletableFuture<Object> first = CompletableFuture.anyOf(oneGrows, twoGrows);

        assertDoesNotThrow(() -> first.get(5, TimeUnit.SECONDS));
        (oneGrows.isDone() ? one : two).close();
        assertDoesNotThrow(() -> CompletableFuture.allOf(oneGrows, twoGrows).get(5, TimeUnit.SECONDS));
    }

    @Test
    void preprocessingGivesItsShareBackWithTheSameTensor() {
        byte[] jpeg = TestImages.jpeg(320, 240);
        ImagePreprocessor bounded = new ImagePreprocessor(ImagePreprocessor.PILLOW_PIXEL_LIMIT, new DecodeBudget(320 * 240));
        float[] unbounded = new ImagePreprocessor(ImagePreprocessor.PILLOW_PIXEL_LIMIT).toTensor(jpeg);

        // each call needs the whole budget: the second would wait for ever had the first kept its share
        assertDoesNotThrow(() -> CompletableFuture.runAsync(() -> {
            bounded.toTensor(jpeg);
            bounded.decodeToRgb(jpeg);
        }).get(30, TimeUnit.SECONDS));
        assertArrayEquals(unbounded, bounded.toTensor(jpeg));
    }

    @Test
    void aRefusedImageHoldsNoShare() {
        byte[] jpeg = TestImages.jpeg(320, 240);
        ImagePreprocessor bounded = new ImagePreprocessor(1000, new DecodeBudget(1000));

        assertThrows(ImageRejectedException.class, () -> bounded.toTensor(jpeg));
        assertDoesNotThrow(() -> CompletableFuture.runAsync(() -> bounded.toTensor(TestImages.png(20, 20)))
                .get(30, TimeUnit.SECONDS));
    }
}
