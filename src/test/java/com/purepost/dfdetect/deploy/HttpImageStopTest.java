package com.purepost.dfdetect.deploy;

import com.purepost.dfdetect.support.MultipartUpload;
import com.purepost.dfdetect.support.OneShotHttp;
import com.purepost.dfdetect.support.PhotoLikeImages;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker stop} on the HTTP image while requests are in flight: the JVM, PID 1 of the container,
 * gets the SIGTERM, finishes every request it holds and exits on its own before Docker's grace period
 * ends, so that no upload's analysis is lost (PurePost's backend does not retry).
 */
@Tag("container")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HttpImageStopTest {

    /** Each a full-size camera photo: at one CPU the last of them is answered seconds after the first, well within the caller's 30 s. */
    private static final int REQUESTS = 6;
    private static final Duration GRACE = Duration.ofSeconds(40);

    /** One request's answer and when it came ({@link System#nanoTime()}). */
    record Answered(int status, String body, long atNanos) {
    }

    @Test
    void finishesEveryRequestInFlightWhenDockerStopsIt() throws Exception {
        Path volume = ModelVolumes.withLinearProbeModel();
        byte[] photo = PhotoLikeImages.jpeg(4032, 3024, 21);
        OneShotHttp.Request upload = OneShotHttp.Request.post(MultipartUpload.asPurePostSends(photo));
        ExecutorService callers = Executors.newFixedThreadPool(REQUESTS);
        try (HttpContainer service = HttpContainer.builder().modelVolume(volume, true)
                .env("DFDETECT_MODEL_ALLOW_STAND_IN", "true").env("DFDETECT_CACHE_ENABLED", "false")
                .option("--cpus", "1").start("stop")) {
            List<Future<Answered>> answers = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                answers.add(callers.submit(() -> send(service.port(), upload)));
            }
            Thread.sleep(1500);
            long stopSent = System.nanoTime();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> service.container().stop(GRACE));

            List<Answered> answered = new ArrayList<>();
            for (Future<Answered> answer : answers) {
                answered.add(answer.get(2, TimeUnit.MINUTES));
            }
            stopped.get(2, TimeUnit.MINUTES);
            long stopTook = System.nanoTime() - stopSent;

            assertThat(answered).as("every request answered 200").allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(200));
            assertThat(answered).allSatisfy(a -> assertThat(a.body()).contains("\"success\":true"));
            assertThat(answered.stream().filter(a -> a.atNanos() > stopSent).count())
                    .as("requests still in flight when the stop came (else this test tested nothing)").isPositive();
            assertThat(service.container().exitCode()).as("exited on its own, not killed at the end of the grace period: "
                    + service.container().logs()).isNotEqualTo(137);
            assertThat(Duration.ofNanos(stopTook)).isLessThan(GRACE);
            assertThat(service.container().oomKilled()).isFalse();
        } finally {
            callers.shutdownNow();
            ModelVolumes.delete(volume);
        }
    }

    private static Answered send(int port, OneShotHttp.Request request) {
        try {
            OneShotHttp.Reply reply = OneShotHttp.send(port, request, OneShotHttp.CALLER_TIMEOUT);
            return new Answered(reply.status(), reply.body(), System.nanoTime());
        } catch (IOException e) {
            return new Answered(-1, e.toString(), System.nanoTime());
        }
    }
}
