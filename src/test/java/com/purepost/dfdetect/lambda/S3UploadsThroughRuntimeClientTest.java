package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.lambda.runtime.LambdaEvents;
import com.purepost.dfdetect.lambda.runtime.LambdaJvm;
import com.purepost.dfdetect.lambda.runtime.ModelFolders;
import com.purepost.dfdetect.lambda.runtime.ProxyResponse;
import com.purepost.dfdetect.lambda.runtime.ResultObjects;
import com.purepost.dfdetect.lambda.runtime.RuntimeApiStub;
import com.purepost.dfdetect.lambda.runtime.S3Server;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * S3 uploads through the real runtime client, against a real S3-compatible server reached through
 * the endpoint variable, the way a Lambda in a local setup would reach it. The model itself is
 * downloaded from that server at start ({@code DFDETECT_MODEL_URI}): the model directory holds only
 * the labels, and stand-ins are off, so nothing else could serve.
 */
class S3UploadsThroughRuntimeClientTest {

    private static final String UPLOADS = "dfdetect-uploads";
    private static final String MODELS = "dfdetect-models";
    private static final String MODEL_KEY = "releases/2026-11/ResNet18.onnx";
    private static final String RESULTS = ResultObjects.PREFIX;

    static S3Server s3;
    static S3Client client;
    static RuntimeApiStub api;
    static LambdaJvm lambda;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startS3AndTheRuntime() {
        s3 = S3Server.start();
        client = s3.client();
        client.createBucket(b -> b.bucket(UPLOADS));
        client.createBucket(b -> b.bucket(MODELS));
        Path standIns = ModelFolders.withStandIns(tmp, "stand-ins");
        client.putObject(b -> b.bucket(MODELS).key(MODEL_KEY), standIns.resolve("ResNet18.onnx"));

        api = RuntimeApiStub.start();
        lambda = withS3(LambdaJvm.builder(api))
                .env("DFDETECT_MODEL_DIR", ModelFolders.labelsOnly(tmp, "labels").toString())
                .env("DFDETECT_MODEL_STAND_IN_WHEN_MISSING", "false")
                .env("DFDETECT_MODEL_URI", "s3://" + MODELS + "/" + MODEL_KEY)
                .env("DFDETECT_LIMITS_MAX_UPLOAD_SIZE", "1MB")
                .start();
    }

    /**
     * What a Lambda has (credentials), plus the generic endpoint variable a local S3 setup adds; no
     * region. The endpoint is named by host name, as a compose service would be: with an IP address
     * the SDK would fall back to path-style addressing on its own, and that setting would go untested.
     */
    static LambdaJvm.Builder withS3(LambdaJvm.Builder builder) {
        return builder.env("AWS_ENDPOINT_URL", s3.endpoint().replace("127.0.0.1", "localhost"))
                .env("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY)
                .env("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
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

    static JsonNode outcomeOf(byte[] event) {
        RuntimeApiStub.Outcome outcome = lambda.invoke(event);
        assertThat(outcome.isError()).as("invocation failed: %s", outcome.body()).isFalse();
        return LambdaEvents.JSON.readTree(outcome.body());
    }

    static PutObjectResponse upload(String key, byte[] content, String contentType) {
        return client.putObject(b -> b.bucket(UPLOADS).key(key).contentType(contentType), RequestBody.fromBytes(content));
    }

    static JsonNode result(String key) {
        return new ResultObjects(client, UPLOADS).of(key);
    }

    static boolean resultExists(String key) {
        return new ResultObjects(client, UPLOADS).existFor(key);
    }

    /** A key as S3 spells it in a notification: form-URL-encoded, slashes kept. */
    static String asS3Encodes(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    @Test
    void scoresAnUploadAndWritesItsResultUnderTheResultsPrefixWithTheSourceAndModel() {
        PutObjectResponse put = upload("uploads/cat.jpg", TestImages.jpeg(320, 240), "image/jpeg");

        JsonNode outcome = outcomeOf(LambdaEvents.s3Put(UPLOADS, "uploads/cat.jpg"));

        assertThat(outcome.path("records").get(0).path("action").asString()).isEqualTo("SCORED");
        assertThat(outcome.path("records").get(0).path("result").asString())
                .isEqualTo("s3://" + UPLOADS + "/" + RESULTS + "uploads/cat.jpg.json");
        JsonNode result = result("uploads/cat.jpg");
        assertThat(result.path("success").asBoolean()).isTrue();
        assertThat(result.path("bucket").asString()).isEqualTo(UPLOADS);
        assertThat(result.path("key").asString()).isEqualTo("uploads/cat.jpg");
        assertThat(result.path("etag").asString()).isEqualTo(put.eTag().replace("\"", ""));
        assertThat(result.path("model").asString()).isEqualTo("ResNet18.onnx");
        assertThat(result.path("stand_in").asBoolean()).isTrue();
        assertThat(result.path("warning").asString()).contains("stand-in");
        assertThat(result.path("predictions")).hasSize(2);
        assertThat(result.path("predictions").get(0).path("score").asDouble())
                .isGreaterThanOrEqualTo(result.path("predictions").get(1).path("score").asDouble());
        assertThat(result.path("processing_time").isNumber()).isTrue();
        assertThat(result.has("error")).isFalse();
    }

    @Test
    void decodesKeysWithSpacesPlusSignsAndUnicodeAcrossSeveralRecords() {
        List<String> keys = List.of("uploads/holiday photo.jpg", "uploads/a+b=c.png", "uploads/ünïcødé 写真 (1).jpeg");
        upload(keys.get(0), TestImages.jpeg(64, 48), "image/jpeg");
        upload(keys.get(1), TestImages.png(40, 40), "image/png");
        upload(keys.get(2), TestImages.jpeg(30, 90), "image/jpeg");

        JsonNode outcome = outcomeOf(LambdaEvents.s3Put(UPLOADS, keys.stream().map(S3UploadsThroughRuntimeClientTest::asS3Encodes)
                .toArray(String[]::new)));

        assertThat(asS3Encodes(keys.get(0))).isEqualTo("uploads/holiday+photo.jpg");
        assertThat(asS3Encodes(keys.get(1))).contains("%2B");
        assertThat(outcome.path("records")).hasSize(3);
        for (int i = 0; i < keys.size(); i++) {
            assertThat(outcome.path("records").get(i).path("action").asString()).isEqualTo("SCORED");
            assertThat(outcome.path("records").get(i).path("key").asString()).isEqualTo(keys.get(i));
            assertThat(result(keys.get(i)).path("key").asString()).isEqualTo(keys.get(i));
            assertThat(result(keys.get(i)).path("success").asBoolean()).isTrue();
        }
    }

    @Test
    void scoresTheSampleS3EventFromTheEventsDirectory() throws Exception {
        ObjectNode sample = LambdaEvents.read("s3-put.json");
        JsonNode s3Entity = sample.path("Records").get(0).path("s3");
        String bucket = s3Entity.path("bucket").path("name").asString();
        String key = S3ObjectKeys.decode(s3Entity.path("object").path("key").asString());
        client.createBucket(b -> b.bucket(bucket));
        client.putObject(b -> b.bucket(bucket).key(key).contentType("image/jpeg"), RequestBody.fromBytes(TestImages.jpeg(64, 64)));

        JsonNode outcome = outcomeOf(Files.readAllBytes(LambdaEvents.directory().resolve("s3-put.json")));

        assertThat(key).isEqualTo("uploads/holiday photo.jpg");
        assertThat(outcome.path("records").get(0).path("action").asString()).isEqualTo("SCORED");
        assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key(RESULTS + key + ".json")).asUtf8String())
                .contains("\"success\":true");
    }

    @Test
    void neverScoresItsOwnResultsNorObjectsThatAreNotImages() {
        upload(RESULTS + "uploads/old.jpg.json", "{\"success\":true}".getBytes(StandardCharsets.UTF_8), "application/json");
        upload("uploads/notes.txt", "shopping list: milk".getBytes(StandardCharsets.UTF_8), "text/plain");
        upload("uploads/data", "{\"not\":\"an image\"}".getBytes(StandardCharsets.UTF_8), "application/octet-stream");
        upload("uploads/no-extension", TestImages.png(20, 20), "application/octet-stream");

        JsonNode outcome = outcomeOf(LambdaEvents.s3Put(UPLOADS, RESULTS + "uploads/old.jpg.json", "uploads/notes.txt",
                "uploads/data", "uploads/no-extension"));

        assertThat(outcome.path("records").get(0).path("action").asString()).isEqualTo("SKIPPED");
        assertThat(outcome.path("records").get(0).path("reason").asString()).contains("results prefix");
        assertThat(outcome.path("records").get(1).path("action").asString()).isEqualTo("SKIPPED");
        assertThat(outcome.path("records").get(2).path("action").asString()).isEqualTo("SKIPPED");
        assertThat(outcome.path("records").get(3).path("action").asString())
                .as("an image by its content, whatever its name").isEqualTo("SCORED");
        assertThat(resultExists(RESULTS + "uploads/old.jpg.json")).isFalse();
        assertThat(resultExists("uploads/notes.txt")).isFalse();
        assertThat(resultExists("uploads/data")).isFalse();
    }

    @Test
    void writesASuccessFalseResultForAnUploadThatIsNotAValidImageInsteadOfFailing() {
        upload("uploads/broken.jpg", "this is not a JPEG at all".getBytes(StandardCharsets.UTF_8), "image/jpeg");
        upload("uploads/cut.png", TestImages.truncated(TestImages.png(300, 300), 0.4), "image/png");

        JsonNode outcome = outcomeOf(LambdaEvents.s3Put(UPLOADS, "uploads/broken.jpg", "uploads/cut.png"));

        for (String key : List.of("uploads/broken.jpg", "uploads/cut.png")) {
            JsonNode result = result(key);
            assertThat(result.path("success").asBoolean(true)).isFalse();
            assertThat(result.path("error").asString()).isNotBlank().doesNotContain("Exception");
            assertThat(result.path("key").asString()).isEqualTo(key);
            assertThat(result.path("model").asString()).isEqualTo("ResNet18.onnx");
            assertThat(result.has("predictions")).isFalse();
        }
        assertThat(outcome.path("records").get(0).path("action").asString()).isEqualTo("REFUSED");
    }

    @Test
    void refusesAnUploadOverTheSizeLimitWithoutReadingIt() {
        byte[] large = TestImages.truncated(new byte[2 * 1024 * 1024], 1.0);
        large[0] = (byte) 0xFF;
        large[1] = (byte) 0xD8;
        large[2] = (byte) 0xFF;
        upload("uploads/huge.jpg", large, "image/jpeg");

        outcomeOf(LambdaEvents.s3Put(UPLOADS, "uploads/huge.jpg"));

        assertThat(result("uploads/huge.jpg").path("success").asBoolean(true)).isFalse();
        assertThat(result("uploads/huge.jpg").path("error").asString()).contains("limit");
    }

    @Test
    void writesTheSameResultAgainWhenTheSameEventComesTwice() {
        upload("uploads/twice.jpg", TestImages.jpeg(100, 100), "image/jpeg");
        byte[] event = LambdaEvents.s3Put(UPLOADS, "uploads/twice.jpg");

        outcomeOf(event);
        ObjectNode first = (ObjectNode) result("uploads/twice.jpg");
        outcomeOf(event);
        ObjectNode second = (ObjectNode) result("uploads/twice.jpg");

        first.remove("processing_time");
        second.remove("processing_time");
        assertThat(second).isEqualTo(first);
        assertThat(client.listObjectsV2(b -> b.bucket(UPLOADS).prefix(RESULTS + "uploads/twice")).contents()).hasSize(1);
    }

    @Test
    void failsTheInvocationWhileS3IsDownSoThatLambdaRetriesAndTheRetrySucceeds() {
        upload("uploads/outage.jpg", TestImages.jpeg(80, 60), "image/jpeg");
        byte[] event = LambdaEvents.s3Put(UPLOADS, "uploads/outage.jpg");

        s3.stop();
        RuntimeApiStub.Outcome duringOutage;
        try {
            duringOutage = lambda.invoke(event);
        } finally {
            s3.restart();
        }
        JsonNode retry = outcomeOf(event);

        assertThat(duringOutage.isError()).isTrue();
        assertThat(duringOutage.body()).contains("errorMessage");
        assertThat(retry.path("records").get(0).path("action").asString()).isEqualTo("SCORED");
        assertThat(result("uploads/outage.jpg").path("success").asBoolean()).isTrue();
    }

    @Test
    void servesTheModelDownloadedFromS3() {
        ProxyResponse health = ProxyResponse.of(lambda.invoke(LambdaEvents.restApi("GET", "/health", Map.of(), null)));

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body().path("model_file").asString()).isEqualTo("ResNet18.onnx");
        assertThat(health.body().path("model_exists").asBoolean()).isTrue();
        assertThat(lambda.log()).contains("Downloaded the model s3://" + MODELS + "/" + MODEL_KEY);
        assertThat(lambda.tmp().resolve("dfdetect-model/ResNet18.onnx")).exists();
    }

    @Test
    void failsTheStartLoudlyWhenTheModelCannotBeDownloaded() throws Exception {
        try (RuntimeApiStub otherApi = RuntimeApiStub.start();
             LambdaJvm broken = withS3(LambdaJvm.builder(otherApi))
                     .env("DFDETECT_MODEL_DIR", ModelFolders.labelsOnly(tmp, "labels-only").toString())
                     .env("DFDETECT_MODEL_URI", "s3://" + MODELS + "/releases/missing.onnx")
                     .start()) {
            String initError = otherApi.initError().get(120, TimeUnit.SECONDS);

            assertThat(initError).contains("Cannot download the model from s3://" + MODELS + "/releases/missing.onnx");
            assertThat(broken.waitForExit(Duration.ofSeconds(30))).isTrue();
        }
    }

    @Test
    void refusesAnEventWithoutRecordsOfS3() {
        assertThatThrownBy(() -> outcomeOf("{\"Records\":[{\"eventSource\":\"aws:sqs\",\"body\":\"x\"}]}"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("invocation failed");
    }
}
