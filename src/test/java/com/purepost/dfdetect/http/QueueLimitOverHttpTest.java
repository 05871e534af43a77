package com.purepost.dfdetect.http;

import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.MultipartUpload;
import com.purepost.dfdetect.support.OneShotHttp;
import com.purepost.dfdetect.support.OneShotHttp.Reply;
import com.purepost.dfdetect.support.OneShotHttp.Request;
import com.purepost.dfdetect.support.PhotoLikeImages;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With room for one image in work and one waiting, a burst of full-size photos gets 200 for those
 * that found room and, for the rest, 503 with {@code Retry-After} and a JSON reason: never anything
 * else, and the service takes the next request as soon as there is room again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "dfdetect.inference.max-concurrent-images=1", "dfdetect.inference.max-queue=1", "dfdetect.cache.enabled=false"})
class QueueLimitOverHttpTest {

    static final int BURST = 12;
    static final Duration GUARD = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void emptyModelDirectory(DynamicPropertyRegistry registry) {
        registry.add("dfdetect.model.dir", () -> ModelDirectories.withLabelsOnly().toString());
    }

    @LocalServerPort
    int port;

    @Test
    void answersABurstPastTheQueueWith503AndRetryAfterAndNothingElse() throws Exception {
        Request photo = Request.post(MultipartUpload.asPurePostSends(PhotoLikeImages.jpeg(4032, 3024, 31)));
        assertThat(OneShotHttp.send(port, photo, GUARD).status()).as("the session is open before the burst").isEqualTo(200);

        List<Reply> replies = burst(photo);

        List<Reply> scored = replies.stream().filter(r -> r.status() == 200).toList();
        List<Reply> busy = replies.stream().filter(r -> r.status() == 503).toList();
        assertThat(scored.size() + busy.size()).as("only 200 and 503").isEqualTo(BURST);
        assertThat(scored).as("the one in work and the one waiting").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(reply -> assertThat(reply.body()).contains("\"success\":true"));
        assertThat(busy).isNotEmpty().allSatisfy(reply -> {
            assertThat(reply.headers().get("retry-after")).matches("[1-9][0-9]*");
            assertThat(reply.headers().get("content-type")).startsWith("application/json");
            assertThat(reply.body()).contains("\"success\":false").contains("busy").contains("Try again in");
        });
        assertThat(OneShotHttp.send(port, photo, GUARD).status()).as("room again after the burst").isEqualTo(200);
    }

    private List<Reply> burst(Request photo) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(BURST);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Reply>> calls = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                calls.add(callers.submit(() -> {
                    start.await();
                    return OneShotHttp.send(port, photo, GUARD);
                }));
            }
            start.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> call : calls) {
                replies.add(call.get(GUARD.toSeconds(), TimeUnit.SECONDS));
            }
            return replies;
        } finally {
            callers.shutdownNow();
        }
    }
}
