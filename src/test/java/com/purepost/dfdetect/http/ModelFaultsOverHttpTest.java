package com.purepost.dfdetect.http;

import com.purepost.dfdetect.DfdetectApplication;
import com.purepost.dfdetect.model.FaultyModels;
import com.purepost.dfdetect.model.FaultyModels.Fault;
import com.purepost.dfdetect.model.LinearProbeModel;
import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.PlainRefusal;
import com.purepost.dfdetect.support.ServiceClient;
import com.purepost.dfdetect.support.ServiceClient.Answer;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model that cannot serve, over real HTTP: the real app is started on each faulty model directory
 * (missing file, truncated file, wrong input or output shape, labels.txt of another width, a graph
 * ONNX Runtime cannot load or that computes another width than it declares). Each ends in 503 with
 * the reason on {@code /health} and on {@code /predict}, never in scores and never in a 500: at start
 * when the file shows the fault, at session open (the first request) when only ONNX Runtime can.
 */
class ModelFaultsOverHttpTest {

    static Stream<Arguments> faultsFoundAtStart() {
        return Stream.of(
                Arguments.of("a missing model with stand-ins off", (Consumer<Path>) dir -> { }, "not found"),
                Arguments.of("a truncated model file", (Consumer<Path>) dir ->
                        FaultyModels.writeTruncatedStandIn(dir.resolve("ResNet18.onnx")), "not a readable ONNX model"),
                Arguments.of("an input of 256x256", writing(Fault.INPUT_OF_ANOTHER_SIZE), "expected [N,3,224,224]"),
                Arguments.of("an input with channels last", writing(Fault.INPUT_CHANNELS_LAST), "expected [N,3,224,224]"),
                Arguments.of("three outputs for two labels", writing(Fault.THREE_OUTPUTS_FOR_TWO_LABELS), "expected [N,2]"),
                Arguments.of("labels.txt naming three labels for two outputs", (Consumer<Path>) dir -> {
                    writeLinearProbe(dir);
                    writeLabels(dir, "real\ndeepfake\nsynthetic\n");
                }, "expected [N,3]"),
                Arguments.of("no labels.txt", (Consumer<Path>) dir -> {
                    writeLinearProbe(dir);
                    deleteLabels(dir);
                }, "label file labels.txt is missing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faultsFoundAtStart")
    void reportsAFaultTheFileShowsAt503FromTheStartAndNeverScores(String fault, Consumer<Path> prepare, String reason) {
        Path dir = ModelDirectories.withLabelsOnly();
        prepare.accept(dir);
        try (ConfigurableApplicationContext app = start(dir)) {
            ServiceClient client = new ServiceClient(portOf(app));

            assertUnhealthyBecause(client.get("/health"), reason);
            assertRefusedBecause(client.predict(TestImages.jpeg(64, 48)), reason);
        }
    }

    static Stream<Arguments> faultsFoundAtSessionOpen() {
        return Stream.of(
                Arguments.of(Fault.UNDECLARED_OUTPUT_WIDTH_OF_THREE, "expected [N,2]"),
                Arguments.of(Fault.OUTPUT_WIDER_THAN_DECLARED, "expected [N,2]"),
                Arguments.of(Fault.WIDTH_KNOWN_ONLY_WHEN_RUN, "not [1,2]"),
                Arguments.of(Fault.UNKNOWN_OPERATOR, "No Op registered for NoSuchOperatorInOnnx"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faultsFoundAtSessionOpen")
    void reportsAFaultOnlyOnnxRuntimeSeesAt503FromTheFirstRequestAndNeverScores(Fault fault, String reason) {
        Path dir = ModelDirectories.withLabelsOnly();
        FaultyModels.write(fault, dir.resolve("ResNet18.onnx"));
        try (ConfigurableApplicationContext app = start(dir)) {
            ServiceClient client = new ServiceClient(portOf(app));
            // The session opens lazily: until a request needs it, the file has passed every check there is.
            assertThat(client.get("/health").status()).isEqualTo(200);

            assertRefusedBecause(client.predict(TestImages.jpeg(64, 48)), reason);
            assertUnhealthyBecause(client.get("/health"), reason);
            assertRefusedBecause(client.predict(TestImages.png(40, 30)), reason);
        }
    }

    private static void assertUnhealthyBecause(Answer health, String reason) {
        assertThat(health.status()).as(health.raw()).isEqualTo(503);
        assertThat(health.json().get("status").asString()).isEqualTo("unhealthy");
        String said = health.json().get("reason").asString();
        assertThat(said).contains(reason);
        PlainRefusal.assertPlainMessage(said);
    }

    private static void assertRefusedBecause(Answer answer, String reason) {
        PlainRefusal.assertRefused(answer.status(), answer.raw(), 503);
        assertThat(answer.json().get("error").asString()).contains("The model cannot serve").contains(reason);
    }

    private static ConfigurableApplicationContext start(Path modelDir) {
        // Arguments, which override application.properties (its ports of 5555 and 5556 among them).
        return new SpringApplicationBuilder(DfdetectApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--dfdetect.model.dir=" + modelDir,
                "--dfdetect.model.stand-in-when-missing=false",
                "--dfdetect.model.watch=false",
                "--dfdetect.cache.enabled=false");
    }

    private static int portOf(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    private static Consumer<Path> writing(Fault fault) {
        return dir -> FaultyModels.write(fault, dir.resolve("ResNet18.onnx"));
    }

    private static void writeLinearProbe(Path dir) {
        try {
            LinearProbeModel.write(dir.resolve("ResNet18.onnx"), 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeLabels(Path dir, String labels) {
        try {
            Files.writeString(dir.resolve("labels.txt"), labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteLabels(Path dir) {
        try {
            Files.delete(dir.resolve("labels.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
