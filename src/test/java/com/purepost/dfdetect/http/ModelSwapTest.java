package com.purepost.dfdetect.http;

import com.purepost.dfdetect.model.standin.StandInModels;
import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.ServiceClient;
import com.purepost.dfdetect.support.ServiceClient.Answer;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Operators replace the model file in the mounted directory; the service switches over under load, losing nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ModelSwapTest {

    private static final Path MODEL_DIR = ModelDirectories.withLabelsOnly();

    @DynamicPropertySource
    static void watchedModelDirectory(DynamicPropertyRegistry registry) {
        registry.add("dfdetect.model.dir", MODEL_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void switchesToAReplacedModelUnderLoadWithoutAFailedRequestAndRefusesABrokenOne() throws Exception {
        ServiceClient client = new ServiceClient(port);
        byte[] probe = TestImages.jpeg(200, 160);
        Answer before = client.predict(probe);
        String firstSha = client.get("/health").json().get("sha256").asString();

        AtomicBoolean loading = new AtomicBoolean(true);
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger served = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int worker = t;
            load.submit(() -> {
                for (int i = 0; loading.get(); i++) {
                    Answer answer = client.predict(TestImages.jpeg(120 + worker, 100 + i % 50));
                    if (answer.succeeded()) {
                        served.incrementAndGet();
                    } else {
                        failures.add(answer.status() + " " + answer.raw());
                    }
                }
            });
        }

        Path replacement = Files.createTempFile(MODEL_DIR, "next", ".part");
        StandInModels.write(StandInModels.Variant.QUANTIZED, replacement, 99);
        Files.move(replacement, MODEL_DIR.resolve("ResNet18.onnx"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        String secondSha = awaitSha(client, sha -> !sha.equals(firstSha));

        Path broken = Files.createTempFile(MODEL_DIR, "broken", ".part");
        Files.write(broken, "truncated".getBytes());
        Files.move(broken, MODEL_DIR.resolve("ResNet18.onnx"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        Answer refusedReload = awaitHealth(client, h -> h.json().has("last_reload_error"));

        loading.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(failures).isEmpty();
        assertThat(served.get()).isPositive();
        assertThat(secondSha).isNotEqualTo(firstSha);
        assertThat(refusedReload.status()).isEqualTo(200);
        assertThat(refusedReload.json().get("sha256").asString()).isEqualTo(secondSha);
        assertThat(refusedReload.json().get("last_reload_error").asString()).contains("ResNet18.onnx");
        Answer after = client.predict(probe);
        assertThat(after.succeeded()).isTrue();
        assertThat(after.json().get("predictions").get(0).get("score").asDouble())
                .isNotEqualTo(before.json().get("predictions").get(0).get("score").asDouble());
    }

    private static String awaitSha(ServiceClient client, java.util.function.Predicate<String> wanted) throws InterruptedException {
        return awaitHealth(client, h -> h.json().has("sha256") && wanted.test(h.json().get("sha256").asString()))
                .json().get("sha256").asString();
    }

    private static Answer awaitHealth(ServiceClient client, java.util.function.Predicate<Answer> wanted)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Answer health = client.get("/health");
            if (wanted.test(health)) {
                return health;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("health never showed the expected state: " + client.get("/health").raw());
    }
}
