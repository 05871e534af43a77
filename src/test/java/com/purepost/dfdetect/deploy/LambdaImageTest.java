package com.purepost.dfdetect.deploy;

import com.purepost.dfdetect.lambda.runtime.LambdaEvents;
import com.purepost.dfdetect.lambda.runtime.ProxyResponse;
import com.purepost.dfdetect.lambda.runtime.ResultObjects;
import com.purepost.dfdetect.lambda.runtime.RuntimeApiStub;
import com.purepost.dfdetect.lambda.runtime.S3Server;
import com.purepost.dfdetect.support.MultipartUpload;
import com.purepost.dfdetect.support.PlainRefusal;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Lambda image as built ({@code docker build --target lambda -t dfdetect-lambda .}) run as Lambda
 * runs it: its own entrypoint (the runtime interface client) and CMD (the handler), a read-only root
 * with a writable /tmp, a user that is not root, and {@code AWS_LAMBDA_RUNTIME_API} naming the tests'
 * Runtime API stub on this host. S3 is S3Proxy, reached through the endpoint variable. The image bakes
 * stand-ins in (no trained weights here), so stand-ins are allowed for these runs; without that
 * setting the image refuses to score, which the last test pins.
 */
@Tag("container")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LambdaImageTest {

    private static final String UPLOADS = "dfdetect-uploads";

    static S3Server s3;
    static S3Client client;
    static RuntimeApiStub api;
    static Container lambda;

    @BeforeAll
    static void startS3AndTheImage() {
        s3 = S3Server.start();
        client = s3.client();
        client.createBucket(b -> b.bucket(UPLOADS));
        api = RuntimeApiStub.start();
        lambda = runAsLambdaRunsIt("lambda", api, Map.of("DFDETECT_MODEL_ALLOW_STAND_IN", "true"));
    }

    @AfterAll
    static void stopEverything() {
        if (lambda != null) {
            lambda.close();
        }
        if (api != null) {
            api.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    /**
     * {@code docker run} with the image's entrypoint and CMD untouched. Host networking, because the
     * Runtime API stub and S3Proxy listen on this host's loopback only. The variables are those Lambda
     * sets, the S3 endpoint a local setup adds, and {@code settings}.
     */
    static Container runAsLambdaRunsIt(String what, RuntimeApiStub runtimeApi, Map<String, String> settings) {
        // Lambda runs the image as a user of its own (not root, not the image's), with only /tmp writable.
        List<String> options = new ArrayList<>(List.of("--network", "host", "--read-only",
                "--tmpfs", "/tmp:rw,exec,nosuid,nodev,size=512m", "--user", "993:990", "--memory", "3g"));
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "dfdetect");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "3008");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        env.put("AWS_ENDPOINT_URL", s3.endpoint().replace("127.0.0.1", "localhost"));
        env.putAll(settings);
        env.forEach((name, value) -> options.addAll(List.of("-e", name + "=" + value)));
        return Container.run(what, options, Docker.LAMBDA_IMAGE, List.of());
    }

    static RuntimeApiStub.Outcome invoke(RuntimeApiStub runtimeApi, Container container, byte[] event) {
        try {
            return runtimeApi.submit(event).get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new AssertionError("no answer from the image: " + e + "\n--- its log ---\n" + container.logs(), e);
        }
    }

    static ProxyResponse call(byte[] event) {
        return ProxyResponse.of(invoke(api, lambda, event));
    }

    static JsonNode s3Outcome(byte[] event) {
        RuntimeApiStub.Outcome outcome = invoke(api, lambda, event);
        assertThat(outcome.isError()).as("invocation failed: %s", outcome.body()).isFalse();
        return LambdaEvents.JSON.readTree(outcome.body());
    }

    static List<Path> apiGatewayEventFiles() {
        return LambdaEvents.files().stream().filter(file -> !file.getFileName().toString().startsWith("s3")).toList();
    }

    @ParameterizedTest
    @MethodSource("apiGatewayEventFiles")
    void answersEverySampleApiGatewayEventWith200AndOnlyAContentTypeHeader(Path file) throws Exception {
        ProxyResponse response = call(Files.readAllBytes(file));

        assertThat(response.statusCode()).as(response.raw().toString()).isEqualTo(200);
        assertThat(response.headers()).containsExactly(Map.entry("Content-Type", "application/json"));
        assertThat(response.raw().path("isBase64Encoded").asBoolean(true)).isFalse();
        if (file.getFileName().toString().contains("predict")) {
            assertThat(response.body().path("success").asBoolean()).isTrue();
            assertThat(response.body().path("predictions")).hasSize(2);
        } else {
            assertThat(response.body().path("status").asString()).isEqualTo("healthy");
            assertThat(response.body().path("model_exists").asBoolean()).isTrue();
        }
    }

    @Test
    void scoresTheSampleS3EventOnAnUploadHeldInS3() throws Exception {
        JsonNode s3Entity = LambdaEvents.read("s3-put.json").path("Records").get(0).path("s3");
        String bucket = s3Entity.path("bucket").path("name").asString();
        // S3 form-URL-encodes keys in its events.
        String key = java.net.URLDecoder.decode(s3Entity.path("object").path("key").asString(), StandardCharsets.UTF_8);
        client.createBucket(b -> b.bucket(bucket));
        client.putObject(b -> b.bucket(bucket).key(key).contentType("image/jpeg"), RequestBody.fromBytes(TestImages.jpeg(64, 64)));

        JsonNode outcome = s3Outcome(Files.readAllBytes(LambdaEvents.directory().resolve("s3-put.json")));

        assertThat(outcome.path("records").get(0).path("action").asString()).isEqualTo("SCORED");
        JsonNode result = new ResultObjects(client, bucket).of(key);
        assertThat(result.path("success").asBoolean()).isTrue();
        assertThat(result.path("key").asString()).isEqualTo(key);
    }

    @Test
    void scoresAnUploadAndWritesItsResultWithTheSourceAndModel() {
        PutObjectResponse put = client.putObject(b -> b.bucket(UPLOADS).key("uploads/cat.png").contentType("image/png"),
                RequestBody.fromBytes(TestImages.png(320, 240)));

        JsonNode outcome = s3Outcome(LambdaEvents.s3Put(UPLOADS, "uploads/cat.png"));

        assertThat(outcome.path("records").get(0).path("action").asString()).isEqualTo("SCORED");
        assertThat(outcome.path("records").get(0).path("result").asString())
                .isEqualTo("s3://" + UPLOADS + "/" + ResultObjects.keyFor("uploads/cat.png"));
        JsonNode result = new ResultObjects(client, UPLOADS).of("uploads/cat.png");
        assertThat(result.path("success").asBoolean()).isTrue();
        assertThat(result.path("bucket").asString()).isEqualTo(UPLOADS);
        assertThat(result.path("etag").asString()).isEqualTo(put.eTag().replace("\"", ""));
        assertThat(result.path("model").asString()).isEqualTo("ResNet18.onnx");
        assertThat(result.path("stand_in").asBoolean()).isTrue();
        assertThat(result.path("predictions")).hasSize(2);
        assertThat(result.path("predictions").get(0).path("score").asDouble())
                .isGreaterThanOrEqualTo(result.path("predictions").get(1).path("score").asDouble());
    }

    @Test
    void writesASuccessFalseResultForAnUploadThatIsNoImage() {
        client.putObject(b -> b.bucket(UPLOADS).key("uploads/broken.jpg").contentType("image/jpeg"),
                RequestBody.fromString("this is not a JPEG at all", StandardCharsets.UTF_8));

        JsonNode outcome = s3Outcome(LambdaEvents.s3Put(UPLOADS, "uploads/broken.jpg"));

        assertThat(outcome.path("records").get(0).path("action").asString()).isEqualTo("REFUSED");
        JsonNode result = new ResultObjects(client, UPLOADS).of("uploads/broken.jpg");
        assertThat(result.path("success").asBoolean(true)).isFalse();
        PlainRefusal.assertPlainMessage(result.path("error").asString());
    }

    @Test
    void scoresPurePostsMultipartUploadThroughBothApiGatewayPayloads() {
        MultipartUpload upload = MultipartUpload.asPurePostSends(TestImages.jpeg(320, 240));
        Map<String, String> headers = Map.of("Content-Type", upload.contentType());

        for (byte[] event : List.of(LambdaEvents.restApi("POST", "/predict", headers, upload.body()),
                LambdaEvents.httpApi("POST", "/predict", headers, upload.body()))) {
            ProxyResponse response = call(event);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = response.body();
            assertThat(body.path("success").asBoolean()).isTrue();
            double first = body.path("predictions").get(0).path("score").asDouble();
            double second = body.path("predictions").get(1).path("score").asDouble();
            assertThat(first).isGreaterThanOrEqualTo(second);
            assertThat(first + second).isCloseTo(1.0, within(1e-6));
            assertThat(body.path("stand_in").asBoolean()).isTrue();
            assertThat(body.path("warning").asString()).contains("stand-in");
        }
    }

    @Test
    void refusesATextFileThroughApiGatewayWithAPlainJsonRefusal() {
        MultipartUpload upload = MultipartUpload.asPurePostSends("not an image\n".getBytes(StandardCharsets.UTF_8));

        ProxyResponse response = call(LambdaEvents.httpApi("POST", "/predict", Map.of("Content-Type", upload.contentType()),
                upload.body()));

        PlainRefusal.assertRefused(response.statusCode(), response.body().toString(), 415);
    }

    @Test
    void refusesToScoreWithTheBakedStandInUnlessStandInsAreAllowed() {
        try (RuntimeApiStub otherApi = RuntimeApiStub.start();
             Container asBuilt = runAsLambdaRunsIt("lambda-default", otherApi, Map.of())) {
            ProxyResponse health = ProxyResponse.of(invoke(otherApi, asBuilt, LambdaEvents.restApi("GET", "/health", Map.of(), null)));
            MultipartUpload upload = MultipartUpload.asPurePostSends(TestImages.jpeg(64, 48));
            ProxyResponse predict = ProxyResponse.of(invoke(otherApi, asBuilt, LambdaEvents.httpApi("POST", "/predict",
                    Map.of("Content-Type", upload.contentType()), upload.body())));

            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body().path("reason").asString()).contains("no trained model is installed")
                    .contains("DFDETECT_MODEL_ALLOW_STAND_IN=true");
            assertThat(predict.statusCode()).isEqualTo(503);
            assertThat(predict.body().path("success").asBoolean(true)).isFalse();
            assertThat(predict.body().has("predictions")).isFalse();
        }
    }
}
