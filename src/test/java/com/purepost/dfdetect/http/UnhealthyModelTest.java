package com.purepost.dfdetect.http;

import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.ServiceClient;
import com.purepost.dfdetect.support.ServiceClient.Answer;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** When the model cannot serve, /health says so with 503 and the reason, and /predict answers 503 JSON. */
class UnhealthyModelTest {

    /** Production mode: no stand-in is written, so a missing model is an outage that health reports. */
    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class WhenTheModelIsMissingAndStandInsAreOff {

        @DynamicPropertySource
        static void noModel(DynamicPropertyRegistry registry) {
            registry.add("dfdetect.model.dir", ModelDirectories.withLabelsOnly()::toString);
            registry.add("dfdetect.model.stand-in-when-missing", () -> "false");
        }

        @LocalServerPort
        int port;

        @Test
        void healthIsUnhealthyAndSaysTheFileIsMissing() {
            Answer health = new ServiceClient(port).get("/health");

            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("status").asString()).isEqualTo("unhealthy");
            assertThat(health.json().get("model_exists").asBoolean()).isFalse();
            assertThat(health.json().get("reason").asString()).contains("ResNet18.onnx").contains("not found");
        }

        @Test
        void predictAnswers503JsonRatherThanScores() {
            Answer answer = new ServiceClient(port).predict(TestImages.jpeg(64, 64));

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.json().get("success").asBoolean()).isFalse();
            assertThat(answer.json().get("error").asString()).contains("not found");
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class WhenTheModelFileIsCorrupt {

        @DynamicPropertySource
        static void corruptModel(DynamicPropertyRegistry registry) {
            Path dir = ModelDirectories.withLabelsOnly();
            try {
                Files.write(dir.resolve("ResNet18.onnx"), "this is not a protobuf at all".getBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            registry.add("dfdetect.model.dir", dir::toString);
        }

        @LocalServerPort
        int port;

        @Test
        void healthIsUnhealthyAndSaysTheFileIsNotAModel() {
            Answer health = new ServiceClient(port).get("/health");

            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("status").asString()).isEqualTo("unhealthy");
            assertThat(health.json().get("reason").asString()).contains("ResNet18.onnx").contains("not");
        }

        @Test
        void predictAnswers503Json() {
            Answer answer = new ServiceClient(port).predict(TestImages.jpeg(64, 64));

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.json().get("success").asBoolean()).isFalse();
        }
    }
}
