package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.lambda.runtime.LambdaEvents;
import com.purepost.dfdetect.lambda.runtime.LambdaJvm;
import com.purepost.dfdetect.lambda.runtime.ModelFolders;
import com.purepost.dfdetect.lambda.runtime.ProxyResponse;
import com.purepost.dfdetect.lambda.runtime.RuntimeApiStub;
import com.purepost.dfdetect.support.MultipartUpload;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API Gateway events through the real thing: AWS's runtime interface client, in its own JVM on the
 * task root the build lays out, calls the Spring Cloud Function adapter's handler, which calls our
 * router; the Runtime API is a stub on 127.0.0.1. One JVM for the whole class, fed event after event.
 */
class ApiGatewayThroughRuntimeClientTest {

    private static final String BOUNDARY = "----dfdetect-test-boundary-7f3a9c";

    /** The two payload versions, so that every behaviour is checked on both. */
    enum Api {
        REST {
            byte[] event(String method, String path, Map<String, String> headers, byte[] body) {
                return LambdaEvents.restApi(method, path, headers, body);
            }
        },
        HTTP {
            byte[] event(String method, String path, Map<String, String> headers, byte[] body) {
                return LambdaEvents.httpApi(method, path, headers, body);
            }
        };

        abstract byte[] event(String method, String path, Map<String, String> headers, byte[] body);
    }

    static RuntimeApiStub api;
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
    static LambdaJvm lambda;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startTheRuntime() {
        Path modelDir = ModelFolders.withStandIns(tmp, "model");
        api = RuntimeApiStub.start();
        lambda = LambdaJvm.builder(api).env("DFDETECT_MODEL_DIR", modelDir.toString()).start();
    }

    @AfterAll
    static void stopTheRuntime() {
        if (lambda != null) {
            lambda.close();
        }
        if (api != null) {
            api.close();
        }
    }

    static ProxyResponse call(byte[] event) {
        return ProxyResponse.of(lambda.invoke(event));
    }

    static List<Path> apiGatewayEventFiles() {
        return LambdaEvents.files().stream().filter(file -> !file.getFileName().toString().startsWith("s3")).toList();
    }

    @ParameterizedTest
    @MethodSource("apiGatewayEventFiles")
    void answersEverySampleApiGatewayEventWith200AndOnlyAContentTypeHeader(Path file) throws Exception {
        ProxyResponse response = call(Files.readAllBytes(file));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers()).containsExactly(Map.entry("Content-Type", "application/json"));
        assertThat(response.raw().path("isBase64Encoded").asBoolean(true)).isFalse();
        assertThat(response.raw().propertyNames()).as("only the fields of a proxy response")
                .isSubsetOf("statusCode", "headers", "multiValueHeaders", "cookies", "body", "isBase64Encoded");
        if (file.getFileName().toString().contains("predict")) {
            assertThat(response.body().path("success").asBoolean()).isTrue();
        } else {
            assertThat(response.body().path("status").asString()).isEqualTo("healthy");
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void scoresTheMultipartUploadPurePostSendsLikeTheHttpApp(Api gateway) {
        MultipartUpload upload = MultipartUpload.asPurePostSends(TestImages.jpeg(320, 240));

        ProxyResponse response = call(gateway.event("POST", "/predict", Map.of("Content-Type", upload.contentType()),
                upload.body()));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = response.body();
        assertThat(body.path("success").asBoolean()).isTrue();
        assertThat(body.path("predictions")).hasSize(2);
        double first = body.path("predictions").get(0).path("score").asDouble();
        double second = body.path("predictions").get(1).path("score").asDouble();
        assertThat(first).isGreaterThanOrEqualTo(second);
        assertThat(first + second).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(List.of(body.path("predictions").get(0).path("label").asString(),
                body.path("predictions").get(1).path("label").asString())).containsExactlyInAnyOrder("real", "deepfake");
        assertThat(body.path("processing_time").isNumber()).isTrue();
        assertThat(body.path("model").asString()).isEqualTo("ResNet18.onnx");
        assertThat(body.path("stand_in").asBoolean()).isTrue();
        assertThat(body.path("warning").asString()).contains("stand-in");
    }

    @Test
    void logsEachScoringAsJsonWithLambdasRequestIdAndAsAnEmbeddedMetricLine() throws Exception {
        MultipartUpload upload = MultipartUpload.asPurePostSends(TestImages.png(90, 70));
        RuntimeApiStub.Outcome outcome = lambda.invoke(Api.HTTP.event("POST", "/predict",
                Map.of("Content-Type", upload.contentType()), upload.body()));
        String requestId = outcome.requestId();

        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : lambda.log().split("\n")) {
            if (line.startsWith("{") && line.contains(requestId)) {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(lines).as("JSON lines of invocation " + requestId + " in\n" + lambda.log())
                .anySatisfy(line -> {
                    assertThat(line.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asString())
                            .isEqualTo("dfdetect");
                    assertThat(line.path("Outcome").asString()).isEqualTo("ok");
                    assertThat(line.path("ModelTime").asDouble()).isPositive();
                })
                .anySatisfy(line -> {
                    assertThat(line.path("message").asString()).startsWith("scored");
                    assertThat(line.path("request_id").asString()).isEqualTo(requestId);
                    assertThat(line.path("outcome").asString()).isEqualTo("ok");
                });
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void scoresARawImageBody(Api gateway) {
        ProxyResponse jpeg = call(gateway.event("POST", "/predict", Map.of("Content-Type", "image/jpeg"),
                TestImages.jpeg(64, 64)));
        ProxyResponse png = call(gateway.event("POST", "/predict", Map.of("Content-Type", "image/png"),
                TestImages.png(100, 50)));

        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.body().path("success").asBoolean()).isTrue();
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.body().path("predictions")).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void readsAMultipartBodyWithAQuotedBoundaryAPreambleOtherFieldsAndOddlyCasedHeaders(Api gateway) {
        String boundary = "odd boundary; with=semicolon";
        byte[] image = TestImages.jpeg(50, 70);
        byte[] body = concat(("this preamble is ignored\r\n--" + boundary + "\r\n"
                + "content-disposition: form-data; name=\"note\"\r\n\r\nnot the image\r\n--" + boundary + "  \r\n"
                + "CONTENT-TYPE: image/jpeg\r\ncontent-DISPOSITION: form-data; filename=\"x.jpg\"; NAME=\"file\"\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8), image, ("\r\n--" + boundary + "--\r\nepilogue").getBytes(StandardCharsets.UTF_8));

        ProxyResponse response = call(gateway.event("POST", "/predict",
                Map.of("Content-Type", "Multipart/Form-Data; BOUNDARY=\"" + boundary + "\""), body));

        assertThat(response.statusCode()).as(response.body().toString()).isEqualTo(200);
        assertThat(response.body().path("success").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void answersHealthWithTheSameFieldsAsTheHttpApp(Api gateway) {
        ProxyResponse response = call(gateway.event("GET", "/health", Map.of(), null));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().path("status").asString()).isEqualTo("healthy");
        assertThat(response.body().path("model_file").asString()).isEqualTo("ResNet18.onnx");
        assertThat(response.body().path("model_exists").asBoolean()).isTrue();
        assertThat(response.body().path("stand_in").asBoolean()).isTrue();
        assertThat(response.body().path("labels").toString()).isEqualTo("[\"real\",\"deepfake\"]");
        assertThat(response.body().has("timestamp")).isTrue();
        assertThat(response.body().has("model_loaded")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void refusesATextFileSentAsJpegWithTheFailureStatusAndJson(Api gateway) {
        MultipartUpload upload = MultipartUpload.asPurePostSends("<html>not an image</html>".getBytes(StandardCharsets.UTF_8));

        ProxyResponse response = call(gateway.event("POST", "/predict", Map.of("Content-Type", upload.contentType()),
                upload.body()));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body().path("success").asBoolean(true)).isFalse();
        assertThat(response.error()).isNotBlank();
        assertThat(response.headers()).containsExactly(Map.entry("Content-Type", "application/json"));
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void refusesATruncatedImageAndAnEmptyFileWith400(Api gateway) {
        MultipartUpload truncated = MultipartUpload.asPurePostSends(TestImages.truncated(TestImages.png(200, 200), 0.4));
        MultipartUpload empty = MultipartUpload.asPurePostSends(new byte[0]);

        ProxyResponse broken = call(gateway.event("POST", "/predict", Map.of("Content-Type", truncated.contentType()),
                truncated.body()));
        ProxyResponse nothing = call(gateway.event("POST", "/predict", Map.of("Content-Type", empty.contentType()),
                empty.body()));

        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body().path("success").asBoolean(true)).isFalse();
        assertThat(nothing.statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void refusesAFormWithoutAFilePartWith400(Api gateway) {
        MultipartUpload upload = new MultipartUpload().with(new MultipartUpload.Part("image", "image.jpg", "image/jpeg",
                TestImages.jpeg(32, 32)));

        ProxyResponse response = call(gateway.event("POST", "/predict", Map.of("Content-Type", upload.contentType()),
                upload.body()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.error()).contains("'file'");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void refusesAMultipartBodyThatNeverCloses(Api gateway) {
        byte[] body = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc")
                .getBytes(StandardCharsets.UTF_8);

        ProxyResponse response = call(gateway.event("POST", "/predict",
                Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY), body));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.error()).contains("multipart");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void refusesAJsonBodyWith415(Api gateway) {
        ProxyResponse response = call(gateway.event("POST", "/predict", Map.of("Content-Type", "application/json"),
                "{\"image\":\"...\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.error()).contains("multipart/form-data");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void answersAnUnknownPathWith404Json(Api gateway) {
        ProxyResponse response = call(gateway.event("GET", "/predictions", Map.of(), null));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body().path("success").asBoolean(true)).isFalse();
        assertThat(response.error()).contains("/predictions").contains("POST /predict");
        assertThat(response.headers()).containsExactly(Map.entry("Content-Type", "application/json"));
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void answersAWrongMethodWith405JsonAndAnAllowHeader(Api gateway) {
        ProxyResponse getPredict = call(gateway.event("GET", "/predict", Map.of(), null));
        ProxyResponse postHealth = call(gateway.event("POST", "/health", Map.of("Content-Type", "image/jpeg"),
                TestImages.jpeg(16, 16)));

        assertThat(getPredict.statusCode()).isEqualTo(405);
        assertThat(getPredict.headers()).containsEntry("Allow", "POST").containsEntry("Content-Type", "application/json");
        assertThat(getPredict.error()).contains("GET");
        assertThat(postHealth.statusCode()).isEqualTo(405);
        assertThat(postHealth.headers()).containsEntry("Allow", "GET");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void refusesABodyOverTheLambdaPayloadLimitWith413PointingToS3(Api gateway) {
        byte[] large = new byte[7 * 1024 * 1024];
        Arrays.fill(large, (byte) 7);

        ProxyResponse response = call(gateway.event("POST", "/predict", Map.of("Content-Type", "image/jpeg"), large));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.error()).contains("S3").contains("dfdetect-results/");
    }

    @Test
    void refusesABodyMarkedBase64ThatIsNotWith400Json() {
        var event = LambdaEvents.read("rest-api-predict.json").put("body", "this is not base64!").put("isBase64Encoded", true);

        ProxyResponse response = call(LambdaEvents.bytes(event));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.error()).contains("base64");
    }

    @Test
    void stripsANamedStageFromHttpApiPaths() {
        ProxyResponse response = ProxyResponse.of(lambda.invoke(LambdaEvents.httpApi("GET", "/health", "prod", Map.of(), null, false)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().path("status").asString()).isEqualTo("healthy");
    }

    @Test
    void refusesAnImageThatApiGatewayPassedAsTextBecauseBinaryMediaTypesAreMissing() {
        byte[] jpeg = TestImages.jpeg(64, 64);
        ProxyResponse response = ProxyResponse.of(lambda.invoke(LambdaEvents.httpApi("POST", "/predict", "$default",
                Map.of("Content-Type", "image/jpeg"), jpeg, false)));

        assertThat(response.statusCode()).isBetween(400, 415);
        assertThat(response.body().path("success").asBoolean(true)).isFalse();
    }

    @Test
    void failsTheInvocationOfAnEventThatIsNeitherApiGatewayNorS3AndKeepsServing() {
        RuntimeApiStub.Outcome outcome = lambda.invoke("{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\"}"
                .getBytes(StandardCharsets.UTF_8));
        ProxyResponse next = call(Api.REST.event("GET", "/health", Map.of(), null));

        assertThat(outcome.isError()).isTrue();
        assertThat(outcome.body()).contains("Not an API Gateway proxy or S3 event");
        assertThat(next.statusCode()).isEqualTo(200);
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(part -> part.length).sum();
        byte[] joined = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }
}
