package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.lambda.runtime.LambdaEvents;
import com.purepost.dfdetect.lambda.runtime.LambdaJvm;
import com.purepost.dfdetect.lambda.runtime.ModelFolders;
import com.purepost.dfdetect.lambda.runtime.ProxyResponse;
import com.purepost.dfdetect.lambda.runtime.ResultObjects;
import com.purepost.dfdetect.lambda.runtime.RuntimeApiStub;
import com.purepost.dfdetect.lambda.runtime.S3FaultFront;
import com.purepost.dfdetect.lambda.runtime.S3FaultFront.Fault;
import com.purepost.dfdetect.lambda.runtime.S3FaultFront.Operation;
import com.purepost.dfdetect.lambda.runtime.S3Server;
import com.purepost.dfdetect.support.ModelFiles;
import com.purepost.dfdetect.support.MultipartUpload;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which buckets and which model the function trusts on the S3 path, through the real runtime client and
 * the real SDK against the S3 test server behind a front that sees every request: the model is downloaded
 * at a pinned version and held to its pinned digest; every call names the expected bucket owner; events
 * from other buckets are skipped without a call; an upload deleted before it was read is told from a
 * refusal by a listing under its own key (all an {@code s3:prefix}-limited {@code s3:ListBucket} allows);
 * a result key too long for S3 is shortened; a result write S3 refuses for good is not retried.
 */
class S3TrustThroughRuntimeClientTest {

    private static final String UPLOADS = "dfdetect-trusted";
    private static final String OTHER = "dfdetect-someone-elses";
    private static final String MODELS = "dfdetect-trusted-models";
    private static final String MODEL_KEY = "releases/ResNet18.onnx";
    private static final String UNPINNED_MODELS = "dfdetect-unpinned-models";
    private static final String MODEL_VERSION = "3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY";
    private static final String OWNER = "111122223333";
    private static final String RESULTS = ResultObjects.PREFIX;

    static S3Server s3;
    static S3Client client;
    static S3FaultFront front;
    static RuntimeApiStub api;
    static LambdaJvm lambda;
    static String modelSha;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startS3TheFrontAndTheRuntime() {
        s3 = S3Server.start();
        client = s3.client();
        for (String bucket : List.of(UPLOADS, OTHER, MODELS, UNPINNED_MODELS)) {
            client.createBucket(b -> b.bucket(bucket));
        }
        // Nothing in it says stand-in: with stand-ins not allowed it serves as a trained model would.
        Path model = ModelFiles.unmarkedStandIn(tmp.resolve("ResNet18.onnx"), 5);
        modelSha = ModelFiles.sha256(model);
        front = S3FaultFront.before(s3.endpoint());
        // S3Proxy keeps no versions: the front answers the pinned version's download itself.
        front.inject(Operation.GET_OBJECT, MODEL_KEY, new Fault.Respond(read(model)), 1);
        api = RuntimeApiStub.start();
        lambda = viaFront(LambdaJvm.builder(api))
                .env("DFDETECT_MODEL_DIR", ModelFolders.labelsOnly(tmp, "labels").toString())
                .env("DFDETECT_MODEL_URI", "s3://" + MODELS + "/" + MODEL_KEY)
                .env("DFDETECT_MODEL_VERSION_ID", MODEL_VERSION)
                .env("DFDETECT_MODEL_SHA256", modelSha)
                .env("DFDETECT_MODEL_ALLOW_STAND_IN", "false")
                .start();
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LambdaJvm.Builder viaFront(LambdaJvm.Builder builder) {
        return builder.env("AWS_ENDPOINT_URL", front.endpoint().replace("127.0.0.1", "localhost"))
                .env("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY)
                .env("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY)
                .env("DFDETECT_S3_EXPECTED_BUCKET_OWNER", OWNER)
                .env("DFDETECT_S3_ALLOWED_BUCKETS", UPLOADS + ",another-trusted-bucket");
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable running : new AutoCloseable[]{lambda, api, front, s3}) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception ignored) {
                // Stopping the rest matters more.
            }
        }
    }

    static JsonNode record(RuntimeApiStub.Outcome outcome) {
        assertThat(outcome.isError()).as("invocation failed: %s", outcome.body()).isFalse();
        return LambdaEvents.JSON.readTree(outcome.body()).path("records").get(0);
    }

    static String upload(String bucket, String key) {
        client.putObject(b -> b.bucket(bucket).key(key).contentType("image/jpeg"), RequestBody.fromBytes(TestImages.jpeg(90, 70)));
        return key;
    }

    static List<S3FaultFront.Seen> requestsFor(String bucket) {
        return front.requests().stream().filter(seen -> seen.bucket().equals(bucket)).toList();
    }

    @Test
    void downloadsThePinnedVersionOfThePinnedModelAndServesIt() {
        ProxyResponse health = ProxyResponse.of(lambda.invoke(LambdaEvents.restApi("GET", "/health", Map.of(), null)));

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(requestsFor(MODELS)).singleElement().satisfies(download -> {
            assertThat(download.key()).isEqualTo(MODEL_KEY);
            assertThat(download.query()).containsEntry("versionId", MODEL_VERSION);
            assertThat(download.expectedBucketOwner()).isEqualTo(OWNER);
        });
    }

    @Test
    void namesTheExpectedBucketOwnerOnEveryS3Call() {
        String key = upload(UPLOADS, "uploads/owner.jpg");
        front.inject(Operation.GET_OBJECT, "uploads/owner-gone.jpg", new Fault.Refuse(403, "AccessDenied"), 1);

        JsonNode scored = record(lambda.invoke(LambdaEvents.s3Put(UPLOADS, key)));
        JsonNode gone = record(lambda.invoke(LambdaEvents.s3Put(UPLOADS, "uploads/owner-gone.jpg")));

        assertThat(scored.path("action").asString()).isEqualTo("SCORED");
        assertThat(gone.path("action").asString()).isEqualTo("REFUSED");
        List<S3FaultFront.Seen> calls = front.requests();
        assertThat(calls).extracting(S3FaultFront.Seen::method).contains("GET", "PUT");
        assertThat(calls).anySatisfy(call -> assertThat(call.query()).containsKey("list-type"));
        assertThat(calls).allSatisfy(call -> assertThat(call.expectedBucketOwner())
                .as("%s %s/%s", call.method(), call.bucket(), call.key()).isEqualTo(OWNER));
    }

    @Test
    void skipsAnEventFromABucketThatIsNotAllowedWithoutAnyS3Call() {
        String key = upload(OTHER, "uploads/not-ours.jpg");

        JsonNode skipped = record(lambda.invoke(LambdaEvents.s3Put(OTHER, key)));

        assertThat(skipped.path("action").asString()).isEqualTo("SKIPPED");
        assertThat(skipped.path("reason").asString()).contains("dfdetect.s3.allowed-buckets");
        assertThat(requestsFor(OTHER)).isEmpty();
        assertThat(new ResultObjects(client, OTHER).existFor(key)).isFalse();
    }

    @Test
    void answersAnUploadDeletedBeforeItWasReadWhenS3Answers403ByListingUnderItsOwnKey() {
        String key = "uploads/deleted before read.jpg";
        // Without s3:ListBucket on the key, S3 answers 403 rather than 404 for a key that is not there.
        front.inject(Operation.GET_OBJECT, key, new Fault.Refuse(403, "AccessDenied"), 1);

        JsonNode refused = record(lambda.invoke(LambdaEvents.s3Put(UPLOADS, "uploads/deleted+before+read.jpg")));

        assertThat(refused.path("action").asString()).isEqualTo("REFUSED");
        assertThat(new ResultObjects(client, UPLOADS).of(key).path("error").asString()).contains("no longer exists");
        assertThat(listingsUnder(UPLOADS)).as("the key itself: inside an s3:prefix condition on uploads/")
                .contains(Map.entry(key, "1"));
    }

    @Test
    void failsTheInvocationWhenAnUploadThatIsThereIsRefused() {
        String key = upload(UPLOADS, "uploads/forbidden.jpg");
        front.inject(Operation.GET_OBJECT, key, new Fault.Refuse(403, "AccessDenied"), 1);

        RuntimeApiStub.Outcome failed = lambda.invoke(LambdaEvents.s3Put(UPLOADS, key));

        assertThat(failed.isError()).as("a real refusal is retried, then queued").isTrue();
        assertThat(failed.body()).contains("403");
        assertThat(listingsUnder(UPLOADS)).contains(Map.entry(key, "1"));
        assertThat(new ResultObjects(client, UPLOADS).existFor(key)).isFalse();
    }

    /** The prefix and max-keys of each ListObjectsV2 call on {@code bucket}. */
    static List<Map.Entry<String, String>> listingsUnder(String bucket) {
        return requestsFor(bucket).stream().filter(call -> call.query().containsKey("list-type"))
                .map(call -> Map.entry(call.query().get("prefix"), call.query().get("max-keys"))).toList();
    }

    @Test
    void shortensAResultKeyLongerThanS3AllowsTheSameWayEveryTime() throws Exception {
        // 1,021 bytes of UTF-8: a valid key, but with the results prefix and .json no longer one.
        String key = "uploads/" + "photo-é".repeat(126) + "x.jpg";
        assertThat(key.getBytes(StandardCharsets.UTF_8).length).isBetween(1000, 1024);
        upload(UPLOADS, key);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));

        JsonNode first = record(lambda.invoke(LambdaEvents.s3Put(UPLOADS, S3UploadsThroughRuntimeClientTest.asS3Encodes(key))));
        JsonNode second = record(lambda.invoke(LambdaEvents.s3Put(UPLOADS, S3UploadsThroughRuntimeClientTest.asS3Encodes(key))));

        String resultKey = first.path("result").asString().substring(("s3://" + UPLOADS + "/").length());
        assertThat(first.path("action").asString()).isEqualTo("SCORED");
        assertThat(second.path("result").asString()).isEqualTo(first.path("result").asString());
        assertThat(resultKey.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
        assertThat(resultKey).startsWith(RESULTS + "uploads/photo-é").endsWith("~" + hash + ".json");
        JsonNode result = LambdaEvents.JSON.readTree(client.getObjectAsBytes(b -> b.bucket(UPLOADS).key(resultKey)).asByteArray());
        assertThat(result.path("key").asString()).isEqualTo(key);
        assertThat(result.path("success").asBoolean()).isTrue();
    }

    @Test
    void doesNotRetryAResultWriteThatS3RefusesForGoodAndSaysWhy() {
        String key = upload(UPLOADS, "uploads/result-refused.jpg");
        front.inject(Operation.PUT_OBJECT, RESULTS + key, new Fault.Refuse(403, "AccessDenied"), 10);

        RuntimeApiStub.Outcome outcome = lambda.invoke(LambdaEvents.s3Put(UPLOADS, key));

        JsonNode record = record(outcome);
        assertThat(record.path("action").asString()).isEqualTo("RESULT_REFUSED");
        assertThat(record.path("reason").asString()).contains("403").contains("AccessDenied");
        assertThat(front.seen(Operation.PUT_OBJECT, RESULTS + key + ".json")).as("one attempt: no retry").isEqualTo(1);
        assertThat(lambda.log()).contains("S3 refused the result s3://" + UPLOADS + "/" + RESULTS + key + ".json");
    }

    @Test
    void retriesAResultWriteThatS3Throttles() {
        String key = upload(UPLOADS, "uploads/result-throttled.jpg");
        front.inject(Operation.PUT_OBJECT, RESULTS + key, new Fault.Refuse(503, "SlowDown"), 1);

        JsonNode record = record(lambda.invoke(LambdaEvents.s3Put(UPLOADS, key)));

        assertThat(record.path("action").asString()).isEqualTo("SCORED");
        assertThat(front.seen(Operation.PUT_OBJECT, RESULTS + key + ".json")).isEqualTo(2);
    }

    @Test
    void refusesADownloadedModelWhoseDigestIsNotPinnedAndScoresNothing() throws Exception {
        Path other = ModelFiles.unmarkedStandIn(tmp.resolve("other.onnx"), 6);
        String otherSha = ModelFiles.sha256(other);
        client.putObject(b -> b.bucket(UNPINNED_MODELS).key("ResNet18.onnx"), other);
        String key = upload(UPLOADS, "uploads/unpinned.jpg");

        try (RuntimeApiStub otherApi = RuntimeApiStub.start();
             LambdaJvm unpinned = viaFront(LambdaJvm.builder(otherApi))
                     .env("DFDETECT_MODEL_DIR", ModelFolders.labelsOnly(tmp, "labels-unpinned").toString())
                     .env("DFDETECT_MODEL_URI", "s3://" + UNPINNED_MODELS + "/ResNet18.onnx")
                     .env("DFDETECT_MODEL_SHA256", modelSha)
                     .start()) {
            ProxyResponse health = ProxyResponse.of(unpinned.invoke(LambdaEvents.restApi("GET", "/health", Map.of(), null)));
            RuntimeApiStub.Outcome upload = unpinned.invoke(LambdaEvents.s3Put(UPLOADS, key));

            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body().path("reason").asString()).contains("ResNet18.onnx has SHA-256 " + otherSha)
                    .contains("DFDETECT_MODEL_SHA256");
            assertThat(upload.isError()).as("failed, to be retried once the pinned model is in place").isTrue();
            assertThat(new ResultObjects(client, UPLOADS).existFor(key)).isFalse();
            assertThat(unpinned.log()).contains(otherSha);
        }
    }

    /**
     * A stand-in baked into the image, where stand-ins are not allowed (the template's default): API
     * Gateway's /health and /predict answer 503 saying so, and an upload fails its invocation, to be
     * retried and then kept in the failure queue, rather than get a result: no success:true score from a
     * stand-in, and no success:false result PurePost would take for the image's own fault.
     */
    @Test
    void neverScoresWithABakedStandInWhereStandInsAreNotAllowed() {
        String key = upload(UPLOADS, "uploads/baked-stand-in.jpg");

        try (RuntimeApiStub otherApi = RuntimeApiStub.start();
             LambdaJvm baked = viaFront(LambdaJvm.builder(otherApi))
                     .env("DFDETECT_MODEL_DIR", ModelFolders.withStandIns(tmp, "baked").toString())
                     .env("DFDETECT_MODEL_ALLOW_STAND_IN", "false")
                     .start()) {
            ProxyResponse health = ProxyResponse.of(baked.invoke(LambdaEvents.restApi("GET", "/health", Map.of(), null)));
            MultipartUpload image = MultipartUpload.asPurePostSends(TestImages.jpeg(64, 64));
            ProxyResponse predict = ProxyResponse.of(baked.invoke(LambdaEvents.restApi("POST", "/predict",
                    Map.of("Content-Type", image.contentType()), image.body())));
            RuntimeApiStub.Outcome upload = baked.invoke(LambdaEvents.s3Put(UPLOADS, key));

            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body().path("reason").asString()).contains("no trained model is installed")
                    .contains("DFDETECT_MODEL_ALLOW_STAND_IN=true");
            assertThat(predict.statusCode()).isEqualTo(503);
            assertThat(predict.body().path("success").asBoolean(true)).isFalse();
            assertThat(predict.body().has("predictions")).isFalse();
            assertThat(upload.isError()).isTrue();
            assertThat(new ResultObjects(client, UPLOADS).existFor(key)).isFalse();
        }
    }
}
