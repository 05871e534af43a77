package com.purepost.dfdetect.http;

import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.MultipartUpload;
import com.purepost.dfdetect.support.ServiceClient;
import com.purepost.dfdetect.support.ServiceClient.Answer;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /predict and GET /health over real HTTP, with the multipart upload PurePost's backend sends. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PredictOverHttpTest {

    private static final Path MODEL_DIR = ModelDirectories.withLabelsOnly();

    @DynamicPropertySource
    static void emptyModelDirectory(DynamicPropertyRegistry registry) {
        registry.add("dfdetect.model.dir", MODEL_DIR::toString);
    }

    @LocalServerPort
    int port;
    ServiceClient client;

    @BeforeEach
    void connect() {
        client = new ServiceClient(port);
    }

    @Test
    void answersAJpegWithBothLabelsSortedByScoreAndTheProcessingTime() {
        Answer answer = client.predict(TestImages.jpeg(320, 240));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.json().get("success").asBoolean()).isTrue();
        JsonNode predictions = answer.json().get("predictions");
        assertThat(predictions).hasSize(2);
        Set<String> labels = new HashSet<>();
        predictions.forEach(p -> labels.add(p.get("label").asString()));
        assertThat(labels).containsExactlyInAnyOrder("real", "deepfake");
        double first = predictions.get(0).get("score").asDouble();
        double second = predictions.get(1).get("score").asDouble();
        assertThat(first).isGreaterThanOrEqualTo(second).isBetween(0.0, 1.0);
        assertThat(first + second).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(answer.json().get("processing_time").isNumber()).isTrue();
        assertThat(answer.json().get("processing_time").asDouble()).isPositive().isLessThan(30.0);
    }

    @Test
    void marksEveryAnswerFromTheStandInModelInWords() {
        Answer answer = client.predict(TestImages.png(64, 64));

        assertThat(answer.json().get("stand_in").asBoolean()).isTrue();
        assertThat(answer.json().get("model").asString()).isEqualTo("ResNet18.onnx");
        assertThat(answer.json().get("warning").asString()).contains("stand-in").contains("not the trained detector");
    }

    @Test
    void writesTheStandInWhereTheMissingModelWasExpected() {
        assertThat(MODEL_DIR.resolve("ResNet18.onnx")).isRegularFile();
    }

    static Stream<Arguments> everyFormatPurePostForwards() {
        return Stream.of(
                Arguments.of("JPEG", TestImages.jpeg(200, 150)),
                Arguments.of("PNG", TestImages.png(300, 200)),
                Arguments.of("GIF", TestImages.encode(TestImages.noise(90, 70, 3), "gif")),
                Arguments.of("BMP", TestImages.encode(TestImages.noise(224, 224, 4), "bmp")),
                Arguments.of("lossy WebP", TestImages.resource("noise-48x36.webp")),
                Arguments.of("lossless WebP", TestImages.resource("noise-48x36-lossless.webp")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFormatPurePostForwards")
    void scoresEveryFormatEvenWhenItIsSentAsImageJpg(String format, byte[] image) {
        Answer answer = client.predict(image);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(answer.succeeded()).isTrue();
    }

    @Test
    void scoresARawImageBodyToo() {
        Answer answer = client.post("/predict", "image/png", TestImages.png(100, 80));

        assertThat(answer.succeeded()).as(answer.raw()).isTrue();
    }

    static Stream<Arguments> badUploads() {
        byte[] jpeg = TestImages.jpeg(400, 300);
        byte[] png = TestImages.png(400, 300);
        return Stream.of(
                Arguments.of("an empty file", bytes(""), 400),
                Arguments.of("a text file", bytes("hello, this is not an image\n"), 415),
                Arguments.of("an HTML page", bytes("<!DOCTYPE html><html><body>hi</body></html>"), 415),
                Arguments.of("a PDF", bytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF"), 415),
                Arguments.of("a truncated JPEG", TestImages.truncated(jpeg, 0.4), 400),
                Arguments.of("a truncated PNG", TestImages.truncated(png, 0.4), 400));
    }

    @ParameterizedTest(name = "{0} gets {2}")
    @MethodSource("badUploads")
    void refusesABadUploadWithAJsonErrorAndKeepsServing(String what, byte[] upload, int status) {
        Answer refused = client.predict(upload);

        assertThat(refused.status()).as(refused.raw()).isEqualTo(status);
        assertThat(refused.json().get("success").asBoolean()).isFalse();
        assertThat(refused.json().get("error").asString()).isNotBlank().doesNotContain("Exception").doesNotContain("at com.");
        assertThat(client.predict(TestImages.jpeg(64, 64)).succeeded()).isTrue();
    }

    @Test
    void refusesARequestWithoutAFileField() {
        Answer refused = client.post(new MultipartUpload()
                .with(new MultipartUpload.Part("image", "image.jpg", "image/jpeg", TestImages.jpeg(32, 32))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("success").asBoolean()).isFalse();
        assertThat(refused.json().get("error").asString()).contains("'file'");
    }

    @Test
    void refusesAFormBodyThatIsNotMultipart() {
        Answer refused = client.post("/predict", "application/json", bytes("{\"file\": \"x\"}"));

        assertThat(refused.status()).isEqualTo(415);
        assertThat(refused.json().get("success").asBoolean()).isFalse();
        assertThat(refused.json().get("error").asString()).contains("multipart/form-data");
    }

    @Test
    void answersAGetOnPredictWith405Json() {
        Answer refused = client.get("/predict");

        assertThat(refused.status()).isEqualTo(405);
        assertThat(refused.json().get("success").asBoolean()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nothing-here", "/predict/extra"})
    void answersAnUnknownPathWith404Json(String path) {
        Answer refused = client.get(path);

        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().get("success").asBoolean()).isFalse();
    }

    @Test
    void reportsHealthyWithTheServedFileAndItsStandInMark() {
        Answer health = client.get("/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("healthy");
        assertThat(health.json().get("model_file").asString()).isEqualTo("ResNet18.onnx");
        assertThat(health.json().get("model_exists").asBoolean()).isTrue();
        assertThat(health.json().get("stand_in").asBoolean()).isTrue();
        assertThat(health.json().get("warning").asString()).contains("stand-in");
    }

    @Test
    void describesItselfAtTheRoot() {
        Answer about = client.get("/");

        assertThat(about.status()).isEqualTo(200);
        assertThat(about.json().get("service").asString()).isEqualTo("dfdetect");
        assertThat(about.json().get("model_file").asString()).isEqualTo("ResNet18.onnx");
    }

    @Test
    void answersSixteenConcurrentUploadsAllSuccessfully() throws Exception {
        List<Callable<Answer>> uploads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            byte[] image = i % 2 == 0 ? TestImages.jpeg(640 + i, 480) : TestImages.png(300, 200 + i);
            uploads.add(() -> client.predict(image));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (Future<Answer> answer : pool.invokeAll(uploads)) {
                assertThat(answer.get().succeeded()).as(answer.get().raw()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
