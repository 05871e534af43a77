package com.purepost.dfdetect.http;

import com.purepost.dfdetect.model.ModelProvider;
import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.ServiceClient;
import com.purepost.dfdetect.support.ServiceClient.Answer;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The ONNX session opens on the first request that needs it, once, however many requests race for it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LazySessionTest {

    @DynamicPropertySource
    static void freshModelDirectory(DynamicPropertyRegistry registry) {
        registry.add("dfdetect.model.dir", ModelDirectories.withLabelsOnly()::toString);
    }

    @LocalServerPort
    int port;
    @Autowired
    ModelProvider models;

    @Test
    void opensTheSessionOnceUnderABurstOfFirstRequestsAndNotBefore() throws Exception {
        ServiceClient client = new ServiceClient(port);
        Answer before = client.get("/health");
        assertThat(before.json().get("status").asString()).isEqualTo("healthy");
        assertThat(before.json().get("model_loaded").asBoolean()).isFalse();
        assertThat(models.sessionsOpened()).isZero();

        int burst = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Answer>> firstRequests = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            byte[] image = TestImages.jpeg(96 + i, 96);
            firstRequests.add(() -> {
                start.await();
                return client.predict(image);
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(burst);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (Callable<Answer> request : firstRequests) {
                answers.add(pool.submit(request));
            }
            start.countDown();
            for (Future<Answer> answer : answers) {
                assertThat(answer.get().succeeded()).as(answer.get().raw()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(models.sessionsOpened()).isEqualTo(1);
        assertThat(client.get("/health").json().get("model_loaded").asBoolean()).isTrue();
    }
}
