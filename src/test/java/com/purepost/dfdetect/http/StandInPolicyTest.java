package com.purepost.dfdetect.http;

import com.purepost.dfdetect.model.standin.StandInModels;
import com.purepost.dfdetect.support.HealthWaits;
import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.ModelFiles;
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

/**
 * Where stand-ins are not allowed ({@code DFDETECT_MODEL_ALLOW_STAND_IN=false}, as the images and the
 * template set it), a stand-in is neither written nor served: /health and /predict answer 503 saying no
 * trained model is installed and how to allow a stand-in. Where they are allowed (the default for
 * {@code java -jar}) but the model directory cannot be written, the answer is the same kind of 503.
 */
class StandInPolicyTest {

    static void assertSaysNoTrainedModelIsInstalled(String reason) {
        assertThat(reason).contains("no trained model is installed").contains("DFDETECT_MODEL_ALLOW_STAND_IN=true");
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class WhenStandInsAreNotAllowedAndTheModelIsMissing {

        static final Path MODEL_DIR = ModelDirectories.withLabelsOnly();

        @DynamicPropertySource
        static void noModel(DynamicPropertyRegistry registry) {
            registry.add("dfdetect.model.dir", MODEL_DIR::toString);
            registry.add("dfdetect.model.allow-stand-in", () -> "false");
        }

        @LocalServerPort
        int port;

        @Test
        void answers503SayingNoTrainedModelIsInstalledAndWritesNoStandIn() {
            ServiceClient client = new ServiceClient(port);
            Answer health = client.get("/health");
            Answer predict = client.predict(TestImages.jpeg(64, 64));

            assertThat(health.status()).isEqualTo(503);
            assertSaysNoTrainedModelIsInstalled(health.json().get("reason").asString());
            assertThat(health.json().get("reason").asString()).contains("ResNet18.onnx is missing");
            assertThat(predict.status()).isEqualTo(503);
            assertThat(predict.json().get("success").asBoolean(true)).isFalse();
            assertSaysNoTrainedModelIsInstalled(predict.json().get("error").asString());
            assertThat(MODEL_DIR.resolve("ResNet18.onnx")).doesNotExist();
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class WhenStandInsAreNotAllowedAndTheModelFileIsAStandIn {

        static final Path MODEL_DIR = ModelDirectories.withLabelsOnly();
        static final Path BAKED = ModelFiles.standIn(MODEL_DIR.resolve("ResNet18.onnx"), StandInModels.DEFAULT_SEED);

        @DynamicPropertySource
        static void bakedStandIn(DynamicPropertyRegistry registry) {
            registry.add("dfdetect.model.dir", MODEL_DIR::toString);
            registry.add("dfdetect.model.allow-stand-in", () -> "false");
        }

        @LocalServerPort
        int port;

        @Test
        void refusesToServeItWith503() {
            ServiceClient client = new ServiceClient(port);
            Answer health = client.get("/health");
            Answer predict = client.predict(TestImages.jpeg(64, 64));

            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("model_exists").asBoolean()).isTrue();
            assertSaysNoTrainedModelIsInstalled(health.json().get("reason").asString());
            assertThat(health.json().get("reason").asString()).contains("ResNet18.onnx is a stand-in");
            assertThat(predict.status()).isEqualTo(503);
            assertThat(predict.json().has("predictions")).isFalse();
            assertSaysNoTrainedModelIsInstalled(predict.json().get("error").asString());
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class WhenStandInsAreNotAllowedAndAStandInIsSwappedIn {

        static final Path MODEL_DIR = ModelDirectories.withLabelsOnly();
        /** Serves: nothing in the file says it is not trained. */
        static final Path MODEL = ModelFiles.unmarkedStandIn(MODEL_DIR.resolve("ResNet18.onnx"), 7);

        @DynamicPropertySource
        static void servingModel(DynamicPropertyRegistry registry) {
            registry.add("dfdetect.model.dir", MODEL_DIR::toString);
            registry.add("dfdetect.model.allow-stand-in", () -> "false");
        }

        @LocalServerPort
        int port;

        @Test
        void refusesTheStandInAndKeepsServingTheModelInService() throws Exception {
            ServiceClient client = new ServiceClient(port);
            Answer before = client.predict(TestImages.jpeg(100, 80));
            String servingSha = client.get("/health").json().get("sha256").asString();

            ModelFiles.replace(MODEL, ModelFiles.standIn(MODEL_DIR.resolve("stand-in.part"), StandInModels.DEFAULT_SEED));
            Answer refused = HealthWaits.until(client, h -> h.json().has("last_reload_error"));

            assertThat(before.succeeded()).isTrue();
            assertThat(before.json().path("stand_in").asBoolean(true)).isFalse();
            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.json().get("sha256").asString()).isEqualTo(servingSha);
            assertSaysNoTrainedModelIsInstalled(refused.json().get("last_reload_error").asString());
            assertThat(client.predict(TestImages.jpeg(100, 80)).succeeded()).isTrue();
        }
    }

    /**
     * Stand-ins allowed, no model, and a model directory where nothing can be written. Tests run as root
     * here, which permissions do not stop; a regular file where the directory's parent should be makes
     * every write fail (ENOTDIR) for root too. The labels are read from elsewhere. A read-only mount, as
     * {@code docker run -v ...:/app/model:ro} makes it, is {@code ReadOnlyModelVolumeTest}'s.
     */
    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class WhenTheModelDirectoryCannotBeWritten {

        static final Path LABELS_DIR = ModelDirectories.withLabelsOnly();
        static final Path MODEL_DIR = unwritableDirectory(LABELS_DIR);

        static Path unwritableDirectory(Path parent) {
            try {
                return Files.writeString(parent.resolve("not-a-directory"), "a regular file").resolve("model");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @DynamicPropertySource
        static void unwritableModelDirectory(DynamicPropertyRegistry registry) {
            registry.add("dfdetect.model.dir", MODEL_DIR::toString);
            registry.add("dfdetect.model.labels", () -> LABELS_DIR.resolve("labels.txt").toString());
        }

        @LocalServerPort
        int port;

        @Test
        void answers503SayingToInstallTheTrainedModelOrMakeTheDirectoryWritable() {
            ServiceClient client = new ServiceClient(port);
            Answer health = client.get("/health");
            Answer predict = client.predict(TestImages.jpeg(64, 64));

            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("reason").asString())
                    .contains("a stand-in cannot be written there")
                    .contains("Put the trained ResNet18.onnx into the model directory")
                    .contains("writable")
                    .doesNotContain(LABELS_DIR.toString());
            assertThat(predict.status()).isEqualTo(503);
            assertThat(predict.json().get("error").asString()).contains("Put the trained ResNet18.onnx");
        }
    }
}
