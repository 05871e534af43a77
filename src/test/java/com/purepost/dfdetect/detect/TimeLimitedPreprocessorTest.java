package com.purepost.dfdetect.detect;

import com.purepost.dfdetect.image.ImagePreprocessor.TimedTensor;
import com.purepost.dfdetect.image.ImageRejectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The decode-time limit, with a stand-in for the decoder that blocks until the test lets it go, so that
 * "too slow" is certain rather than timed. (The real decoders meet this limit in BadInputOverHttpTest.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimeLimitedPreprocessorTest {

    private static final Duration LIMIT = Duration.ofMillis(300);
    private static final byte[] QUICK = {1};
    private static final byte[] STUCK = {2};
    private static final TimedTensor TENSOR = new TimedTensor(new float[] {0.5f}, 1, 1);

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger entered = new AtomicInteger();
    private final Function<byte[], TimedTensor> decoder = image -> {
        entered.incrementAndGet();
        if (image == STUCK) {
            awaitQuietly(release);
        }
        return TENSOR;
    };
    private TimeLimitedPreprocessor preprocessor;

    @AfterEach
    void letEverythingFinish() {
        release.countDown();
        if (preprocessor != null) {
            preprocessor.close();
        }
    }

    @Test
    void returnsTheTensorOfAnImageThatDecodesInTime() {
        preprocessor = new TimeLimitedPreprocessor(decoder, LIMIT, 2);

        assertThat(preprocessor.toTimedTensor(QUICK)).isSameAs(TENSOR);
    }

    @Test
    void refusesAnImageThatTakesLongerThanTheLimitWith422AndAMessageInWords() {
        preprocessor = new TimeLimitedPreprocessor(decoder, LIMIT, 2);

        assertThatThrownBy(() -> preprocessor.toTimedTensor(STUCK))
                .isInstanceOf(DecodeTimeoutException.class)
                .satisfies(e -> {
                    Failure failure = Failure.of(e);
                    assertThat(failure.status()).isEqualTo(422);
                    assertThat(failure.error()).contains("longer than the limit of 300 ms").doesNotContain("Exception");
                });
    }

    @Test
    void passesTheDecodersOwnRefusalThroughUnchanged() {
        ImageRejectedException corrupt = new ImageRejectedException(ImageRejectedException.Reason.CORRUPT, "broken");
        preprocessor = new TimeLimitedPreprocessor(image -> {
            throw corrupt;
        }, LIMIT, 1);

        assertThatThrownBy(() -> preprocessor.toTimedTensor(QUICK)).isSameAs(corrupt);
    }

    @Test
    void answersTheNextImageWhileOneGivenUpOnStillDecodes() {
        preprocessor = new TimeLimitedPreprocessor(decoder, LIMIT, 1);

        assertThatThrownBy(() -> preprocessor.toTimedTensor(STUCK)).isInstanceOf(DecodeTimeoutException.class);

        assertThat(preprocessor.toTimedTensor(QUICK)).isSameAs(TENSOR);
    }

    @Test
    void runsAtMostTwiceItsThreadsHoweverManyImagesAreGivenUpOnAndQueuesTheRest() throws Exception {
        preprocessor = new TimeLimitedPreprocessor(decoder, LIMIT, 1);
        assertThatThrownBy(() -> preprocessor.toTimedTensor(STUCK)).isInstanceOf(DecodeTimeoutException.class);
        assertThatThrownBy(() -> preprocessor.toTimedTensor(STUCK)).isInstanceOf(DecodeTimeoutException.class);

        // Both stuck decodes still run: one on the overtime thread, one in the only slot.
        Thread[] waiting = new Thread[1];
        CompletableFuture<TimedTensor> next = CompletableFuture.supplyAsync(() -> {
            waiting[0] = Thread.currentThread();
            return preprocessor.toTimedTensor(QUICK);
        });
        awaitParked(next, waiting);
        assertThat(entered).hasValue(2);

        release.countDown();
        assertThat(next.get(30, TimeUnit.SECONDS)).isSameAs(TENSOR);
        assertThat(entered).hasValue(3);
    }

    @Test
    void countsADecodeThatRunsOnAfterItsLimitUntilItEnds() throws Exception {
        preprocessor = new TimeLimitedPreprocessor(decoder, LIMIT, 1);
        assertThat(preprocessor.overruns()).isZero();

        assertThatThrownBy(() -> preprocessor.toTimedTensor(STUCK)).isInstanceOf(DecodeTimeoutException.class);

        assertThat(preprocessor.overruns()).isEqualTo(1);
        assertThat(preprocessor.runningOn()).isEqualTo(1);
        release.countDown();
        while (preprocessor.runningOn() != 0) {
            Thread.sleep(10);
        }
        assertThat(preprocessor.overruns()).as("a total, which never goes down").isEqualTo(1);
    }

    @Test
    void countsNoOverrunForAnImageDecodedInTime() {
        preprocessor = new TimeLimitedPreprocessor(decoder, LIMIT, 1);

        preprocessor.toTimedTensor(QUICK);

        assertThat(preprocessor.overruns()).isZero();
        assertThat(preprocessor.runningOn()).isZero();
    }

    @Test
    void interruptsADecodeGivenUpOnSoThatOneWaitingForMemoryNeverStarts() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        preprocessor = new TimeLimitedPreprocessor(image -> {
            try {
                release.await(); // as a decode waiting for decode memory waits: interruptibly
                return TENSOR;
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw new IllegalStateException("abandoned", e);
            }
        }, LIMIT, 1);

        assertThatThrownBy(() -> preprocessor.toTimedTensor(STUCK)).isInstanceOf(DecodeTimeoutException.class);

        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        while (preprocessor.runningOn() != 0) {
            Thread.sleep(10);
        }
    }

    /** Waits until the caller's thread is parked waiting for a slot (or, failing the test, has returned). */
    private static void awaitParked(CompletableFuture<?> call, Thread[] thread) throws InterruptedException {
        while (!call.isDone() && (thread[0] == null || thread[0].getState() != Thread.State.WAITING)) {
            Thread.sleep(10);
        }
        assertThat(call).as("the third image must wait for a slot").isNotDone();
    }

    /** Waits for the latch as a native decode runs: deaf to interrupts, which it keeps for later. */
    private static void awaitQuietly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
