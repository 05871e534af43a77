package com.purepost.dfdetect.http;

import com.purepost.dfdetect.model.standin.StandInModels;
import com.purepost.dfdetect.support.AppJvm;
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

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code DFDETECT_MODEL_SHA256} pins the model: a file whose digest is pinned serves; any other is refused
 * at start (503 with the digest seen, on /health, /predict and in the log) and on every reload, where the
 * model in service keeps serving.
 */
class ModelPinTest {

    /** Another digest, as a pin listing the previous release as well would hold. */
    private static final String SOME_OTHER_DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class WhenTheModelFileMatchesThePin {

        static final Path MODEL_DIR = ModelDirectories.withLabelsOnly();
        static final Path MODEL = ModelFiles.standIn(MODEL_DIR.resolve("ResNet18.onnx"), StandInModels.DEFAULT_SEED);
        static final String PINNED = ModelFiles.sha256(MODEL);

        @DynamicPropertySource
        static void pinnedModel(DynamicPropertyRegistry registry) {
            registry.add("dfdetect.model.dir", MODEL_DIR::toString);
            // Upper case and a second digest, as an operator may paste them.
            registry.add("dfdetect.model.sha256", () -> SOME_OTHER_DIGEST + ", " + PINNED.toUpperCase(Locale.ROOT));
        }

        @LocalServerPort
        int port;

        @Test
        void servesIt() {
            ServiceClient client = new ServiceClient(port);

            Answer answer = client.predict(TestImages.jpeg(120, 90));
            Answer health = client.get("/health");

            assertThat(answer.succeeded()).isTrue();
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("sha256").asString()).isEqualTo(PINNED);
        }

        @Test
        void refusesAStandInWithItsMarkStrippedSwappedInAndKeepsServingThePinnedModel() throws Exception {
            ServiceClient client = new ServiceClient(port);
            byte[] probe = TestImages.jpeg(200, 160);
            Answer before = client.predict(probe);

            Path replacement = ModelFiles.unmarkedStandIn(MODEL_DIR.resolve("replacement.part"), 99);
            String replacementSha = ModelFiles.sha256(replacement);
            ModelFiles.replace(MODEL, replacement);
            Answer refused = HealthWaits.until(client, h -> h.json().has("last_reload_error"));
            Answer after = client.predict(probe);

            assertThat(before.succeeded()).isTrue();
            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.json().get("sha256").asString()).isEqualTo(PINNED);
            assertThat(refused.json().get("last_reload_error").asString())
                    .contains("SHA-256 " + replacementSha).contains("DFDETECT_MODEL_SHA256")
                    .doesNotContain(MODEL_DIR.toString());
            assertThat(after.succeeded()).isTrue();
            assertThat(after.json().get("predictions").get(0).get("score").asDouble())
                    .isEqualTo(before.json().get("predictions").get(0).get("score").asDouble());
        }
    }

    @Test
    void refusesAModelFileThatDoesNotMatchThePinAtStartWith503AndTheDigestSeen() {
        Path modelDir = ModelDirectories.withLabelsOnly();
        String seen = ModelFiles.sha256(ModelFiles.standIn(modelDir.resolve("ResNet18.onnx"), StandInModels.DEFAULT_SEED));

        try (AppJvm app = AppJvm.start(List.of("-Xmx512m"), List.of("--dfdetect.model.dir=" + modelDir,
                "--dfdetect.model.sha256=" + SOME_OTHER_DIGEST))) {
            ServiceClient client = new ServiceClient(app.port());
            Answer health = client.get("/health");
            Answer predict = client.predict(TestImages.jpeg(64, 64));

            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("status").asString()).isEqualTo("unhealthy");
            assertThat(health.json().get("reason").asString()).contains("ResNet18.onnx has SHA-256 " + seen)
                    .contains("DFDETECT_MODEL_SHA256").doesNotContain(modelDir.toString());
            assertThat(predict.status()).isEqualTo(503);
            assertThat(predict.json().get("success").asBoolean(true)).isFalse();
            assertThat(predict.json().get("error").asString()).contains(seen);
            List<String> refusal = app.log().lines().filter(line -> line.contains(seen)).toList();
            assertThat(refusal).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(modelDir.toString()));
        }
    }
}
