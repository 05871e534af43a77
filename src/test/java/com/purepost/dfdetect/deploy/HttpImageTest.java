package com.purepost.dfdetect.deploy;

import com.purepost.dfdetect.support.BadInputs;
import com.purepost.dfdetect.support.PillowProbeScores;
import com.purepost.dfdetect.support.PlainRefusal;
import com.purepost.dfdetect.support.ProjectFiles;
import com.purepost.dfdetect.support.ServiceClient;
import com.purepost.dfdetect.support.ServiceClient.Answer;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.purepost.dfdetect.support.PillowProbeScores.scoreOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The HTTP image as built ({@code docker build -t dfdetect-service .}) and run with a model volume,
 * called over HTTP as PurePost's backend calls it. The volume holds the linear probe model, so that the
 * image's own JVM and decoders can be held to Pillow's probabilities; the probe is marked as no trained
 * model, so it serves only with stand-ins allowed.
 */
@Tag("container")
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class HttpImageTest {

    static final Path VOLUME = ModelVolumes.withLinearProbeModel();
    static HttpContainer service;
    static ServiceClient client;

    @BeforeAll
    static void startTheImage() {
        service = HttpContainer.builder().modelVolume(VOLUME, true)
                .env("DFDETECT_MODEL_ALLOW_STAND_IN", "true")
                .env("DFDETECT_CACHE_ENABLED", "false")
                .start("http");
        client = service.client();
    }

    @AfterAll
    static void removeTheContainer() {
        if (service != null) {
            service.close();
        }
        ModelVolumes.delete(VOLUME);
    }

    @Test
    void answersHealthWith200AndTheModelFromTheVolume() {
        Answer health = client.get("/health");

        assertThat(health.status()).as(health.raw()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("healthy");
        assertThat(health.json().path("model_exists").asBoolean()).isTrue();
        assertThat(health.json().path("model_file").asString()).isEqualTo("ResNet18.onnx");
        assertThat(health.json().path("labels")).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sample.jpg", "sample.png", "sample.webp", "sample.gif", "sample.bmp"})
    void scoresPurePostsUploadInEveryFormatWithTheContractsAnswer(String sample) throws Exception {
        byte[] image = Files.readAllBytes(ProjectFiles.resolve("src/test/resources/deployment-check/" + sample));

        Answer answer = client.predict(image);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode json = answer.json();
        assertThat(json.path("success").asBoolean()).isTrue();
        assertThat(json.path("predictions")).hasSize(2);
        double first = json.path("predictions").get(0).path("score").asDouble();
        double second = json.path("predictions").get(1).path("score").asDouble();
        assertThat(first).as("sorted by score, highest first").isGreaterThanOrEqualTo(second);
        assertThat(first + second).isCloseTo(1.0, within(1e-6));
        assertThat(List.of(json.path("predictions").get(0).path("label").asString(),
                json.path("predictions").get(1).path("label").asString())).containsExactlyInAnyOrder("real", "deepfake");
        assertThat(json.path("processing_time").isNumber()).isTrue();
        assertThat(json.path("processing_time").asDouble()).isBetween(0.0, 30.0);
        assertThat(json.path("model").asString()).isEqualTo("ResNet18.onnx");
        assertThat(json.path("stand_in").asBoolean()).as("the probe is marked as no trained model").isTrue();
    }

    @Test
    void servesPillowsProbabilitiesToWithin1eMinus5ThroughTheImagesOwnJvmAndDecoders() {
        Map<String, byte[]> uploads = PillowProbeScores.uploadsInEveryFormat();
        Map<String, double[]> numpy = PillowProbeScores.numpyProbabilities(VOLUME.resolve("ResNet18.onnx"), uploads);

        for (Map.Entry<String, byte[]> upload : uploads.entrySet()) {
            Answer answer = client.predict(upload.getValue());
            assertThat(answer.succeeded()).as(upload.getKey() + ": " + answer.raw()).isTrue();
            double[] expected = numpy.get(upload.getKey());
            assertThat(scoreOf(answer.json(), "real")).as(upload.getKey() + " real").isCloseTo(expected[0], within(1e-5));
            assertThat(scoreOf(answer.json(), "deepfake")).as(upload.getKey() + " deepfake").isCloseTo(expected[1], within(1e-5));
        }
    }

    static List<BadInputs.Upload> refused() {
        return BadInputs.refused();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesABadUploadAsTheAppDoesOverHttp(BadInputs.Upload upload) {
        Answer answer = client.predict(upload.bytes());

        PlainRefusal.assertRefused(answer.status(), answer.raw(), upload.status());
    }

    static List<BadInputs.Request> badRequests() {
        return BadInputs.badRequests();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void refusesABadlyFormedRequestAsTheAppDoesOverHttp(BadInputs.Request request) {
        Answer answer = request.method().equals("GET") ? client.get("/predict")
                : client.post("/predict", request.contentType(), request.body());

        PlainRefusal.assertRefused(answer.status(), answer.raw(), request.status());
    }

    @Test
    void refusesA40MegabyteUploadFromItsDeclaredLength() {
        Answer answer = client.announceUploadOf(40L * 1024 * 1024);

        PlainRefusal.assertRefused(answer.status(), answer.raw(), 413);
    }

    @Test
    void scoresTheNextGoodImageAfterAllTheRefusals() {
        assertThat(client.predict(TestImages.jpeg(64, 48)).succeeded()).isTrue();
        assertThat(service.container().isRunning()).isTrue();
    }

    @Test
    void passesTheDeploymentCheck() {
        Docker.Result check = DeploymentCheck.against(service.baseUrl());

        assertThat(check.exitCode()).as(check.output()).isZero();
        List<String> lines = check.output().lines().toList();
        for (int i = 0; i < DeploymentCheck.CHECKS.size(); i++) {
            assertThat(lines.get(i)).startsWith("ok   " + DeploymentCheck.CHECKS.get(i) + ": ");
        }
    }

    @Test
    void runsAsAPlainUserWithAJvmThatExitsOnOutOfMemory() {
        String user = Docker.docker(java.time.Duration.ofSeconds(30), "exec", service.container().name(), "id", "-u");
        String commandLine = Docker.docker(java.time.Duration.ofSeconds(30), "exec", service.container().name(),
                "sh", "-c", "tr '\\0' ' ' </proc/1/cmdline");

        assertThat(user).isNotEqualTo("0");
        assertThat(commandLine).contains("-XX:+ExitOnOutOfMemoryError").contains("java");
    }
}
