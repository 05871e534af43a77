package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.lambda.runtime.LambdaEvents;
import com.purepost.dfdetect.lambda.runtime.LambdaJvm;
import com.purepost.dfdetect.lambda.runtime.ModelFolders;
import com.purepost.dfdetect.lambda.runtime.ResultObjects;
import com.purepost.dfdetect.lambda.runtime.RuntimeApiStub;
import com.purepost.dfdetect.lambda.runtime.S3FaultFront;
import com.purepost.dfdetect.lambda.runtime.S3FaultFront.Fault;
import com.purepost.dfdetect.lambda.runtime.S3FaultFront.Operation;
import com.purepost.dfdetect.lambda.runtime.S3Server;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S3 failing in every way it can while uploads are scored, through the real runtime client and the
 * real SDK, against the real S3 test server behind a front that injects the faults. Each fault ends
 * either in a failed invocation (which Lambda retries, then hands to the failure queue) with nothing
 * written, or in the right result under the right key; never in an event quietly lost. The SDK's
 * timeouts are shortened here (a second or two instead of the defaults' eight and twenty) to keep
 * the test short; the defaults' fit in the function's timeout is {@code S3TimeBudgetTest}'s.
 */
class S3FaultsThroughRuntimeClientTest {

    private static final String UPLOADS = "dfdetect-faults";
    private static final String RESULTS = ResultObjects.PREFIX;
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(8);

    static S3Server s3;
    static S3Client client;
    static S3FaultFront front;
    static RuntimeApiStub api;
    static LambdaJvm lambda;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startS3TheFrontAndTheRuntime() {
        s3 = S3Server.start();
        client = s3.client();
        client.createBucket(b -> b.bucket(UPLOADS));
        front = S3FaultFront.before(s3.endpoint());
        api = RuntimeApiStub.start();
        lambda = LambdaJvm.builder(api)
                .env("AWS_ENDPOINT_URL", front.endpoint().replace("127.0.0.1", "localhost"))
                .env("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY)
                .env("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY)
                .env("DFDETECT_MODEL_DIR", ModelFolders.withStandIns(tmp, "model").toString())
                .env("DFDETECT_S3_MAX_ATTEMPTS", Integer.toString(MAX_ATTEMPTS))
                .env("DFDETECT_S3_ATTEMPT_TIMEOUT", ATTEMPT_TIMEOUT.toMillis() + "ms")
                .env("DFDETECT_S3_CALL_TIMEOUT", CALL_TIMEOUT.toMillis() + "ms")
                .env("DFDETECT_S3_READ_TIMEOUT", "1s")
                .start();
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

    static JsonNode succeeded(RuntimeApiStub.Outcome outcome) {
        assertThat(outcome.isError()).as("invocation failed: %s", outcome.body()).isFalse();
        return LambdaEvents.JSON.readTree(outcome.body()).path("records").get(0);
    }

    static String upload(String key) {
        client.putObject(b -> b.bucket(UPLOADS).key(key).contentType("image/jpeg"), RequestBody.fromBytes(TestImages.jpeg(160, 120)));
        return key;
    }

    /** A photo large enough that its body comes in many pieces. */
    static String uploadPhoto(String key) {
        client.putObject(b -> b.bucket(UPLOADS).key(key).contentType("image/jpeg"), RequestBody.fromBytes(TestImages.jpeg(800, 600)));
        return key;
    }

    static JsonNode result(String key) {
        return new ResultObjects(client, UPLOADS).of(key);
    }

    static boolean resultExists(String key) {
        return new ResultObjects(client, UPLOADS).existFor(key);
    }

    @Test
    void retriesAGetObjectAnsweredWith500AndScoresTheUpload() {
        String key = upload("uploads/get-500-once.jpg");
        front.inject(Operation.GET_OBJECT, key, new Fault.InternalError(), 1);

        JsonNode record = succeeded(lambda.invoke(LambdaEvents.s3Put(UPLOADS, key)));

        assertThat(record.path("action").asString()).isEqualTo("SCORED");
        assertThat(front.seen(Operation.GET_OBJECT, key)).as("the SDK's own retry").isEqualTo(2);
        assertThat(result(key).path("success").asBoolean()).isTrue();
    }

    @Test
    void failsTheInvocationWithNothingWrittenWhileGetObjectKeepsAnswering500AndScoresOnLambdasRetry() {
        String key = upload("uploads/get-500-always.jpg");
        byte[] event = LambdaEvents.s3Put(UPLOADS, key);
        front.inject(Operation.GET_OBJECT, key, new Fault.InternalError(), MAX_ATTEMPTS);

        RuntimeApiStub.Outcome failed = lambda.invoke(event);
        int attempts = front.seen(Operation.GET_OBJECT, key);
        boolean writtenWhileFailing = resultExists(key);
        JsonNode retried = succeeded(lambda.invoke(event));

        assertThat(failed.isError()).isTrue();
        assertThat(failed.body()).contains("errorMessage").contains("500");
        assertThat(attempts).as("attempts of one invocation").isEqualTo(MAX_ATTEMPTS);
        assertThat(writtenWhileFailing).isFalse();
        assertThat(retried.path("action").asString()).isEqualTo("SCORED");
        assertThat(result(key).path("key").asString()).isEqualTo(key);
    }

    @Test
    void retriesAPutObjectAnsweredWith500AndWritesTheResultOnce() {
        String key = upload("uploads/put-500-once.jpg");
        front.inject(Operation.PUT_OBJECT, RESULTS + key, new Fault.InternalError(), 1);

        JsonNode record = succeeded(lambda.invoke(LambdaEvents.s3Put(UPLOADS, key)));

        assertThat(record.path("action").asString()).isEqualTo("SCORED");
        // At least the failed attempt and its retry; a busy machine can add one more, when an attempt
        // outlives its own timeout, without changing what lands.
        assertThat(front.seen(Operation.PUT_OBJECT, RESULTS + key + ".json")).isGreaterThanOrEqualTo(2);
        assertThat(result(key).path("success").asBoolean()).isTrue();
    }

    @Test
    void failsTheInvocationWhilePutObjectKeepsAnswering500SoThatLambdasRetryWritesTheResult() {
        String key = upload("uploads/put-500-always.jpg");
        byte[] event = LambdaEvents.s3Put(UPLOADS, key);
        front.inject(Operation.PUT_OBJECT, RESULTS + key, new Fault.InternalError(), MAX_ATTEMPTS);

        RuntimeApiStub.Outcome failed = lambda.invoke(event);
        boolean writtenWhileFailing = resultExists(key);
        JsonNode retried = succeeded(lambda.invoke(event));

        assertThat(failed.isError()).as("a scored image whose result cannot be written is not done").isTrue();
        assertThat(writtenWhileFailing).isFalse();
        assertThat(retried.path("action").asString()).isEqualTo("SCORED");
        assertThat(result(key).path("success").asBoolean()).isTrue();
        assertThat(client.listObjectsV2(b -> b.bucket(UPLOADS).prefix(RESULTS + "uploads/put-500")).contents())
                .extracting(o -> o.key()).containsExactly(RESULTS + key + ".json");
    }

    @Test
    void scoresAnUploadWhenS3IsSlowButWithinItsTimeouts() {
        String key = upload("uploads/slow-but-fine.jpg");
        front.inject(Operation.GET_OBJECT, key, new Fault.Delay(ATTEMPT_TIMEOUT.dividedBy(4)), 1);

        JsonNode record = succeeded(lambda.invoke(LambdaEvents.s3Put(UPLOADS, key)));

        assertThat(record.path("action").asString()).isEqualTo("SCORED");
        assertThat(front.seen(Operation.GET_OBJECT, key)).isEqualTo(1);
    }

    @Test
    void givesUpOnAnS3ThatDoesNotAnswerWithinTheTimeoutsSoThatLambdaRetries() {
        String key = upload("uploads/too-slow.jpg");
        byte[] event = LambdaEvents.s3Put(UPLOADS, key);
        front.inject(Operation.GET_OBJECT, key, new Fault.Delay(CALL_TIMEOUT.plusSeconds(5)), MAX_ATTEMPTS);

        long started = System.nanoTime();
        RuntimeApiStub.Outcome failed = lambda.invoke(event);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        boolean writtenWhileFailing = resultExists(key);
        JsonNode retried = succeeded(lambda.invoke(event));

        assertThat(failed.isError()).isTrue();
        assertThat(took).as("bounded by the call timeout, far inside the function's").isLessThan(CALL_TIMEOUT.plusSeconds(10));
        assertThat(writtenWhileFailing).isFalse();
        assertThat(retried.path("action").asString()).isEqualTo("SCORED");
    }

    @Test
    void readsAgainAnUploadWhoseBodyStalledHalfway() {
        String key = uploadPhoto("uploads/stalls-once.jpg");
        front.inject(Operation.GET_OBJECT, key, new Fault.StallBody(4096, CALL_TIMEOUT.plusSeconds(5)), 1);

        JsonNode record = succeeded(lambda.invoke(LambdaEvents.s3Put(UPLOADS, key)));

        assertThat(record.path("action").asString()).isEqualTo("SCORED");
        assertThat(front.seen(Operation.GET_OBJECT, key)).as("the SDK read it again").isEqualTo(2);
        assertThat(result(key).path("success").asBoolean()).isTrue();
    }

    @Test
    void givesUpOnAnUploadWhoseBodyKeepsStallingSoThatLambdaRetries() {
        String key = uploadPhoto("uploads/stalls-always.jpg");
        byte[] event = LambdaEvents.s3Put(UPLOADS, key);
        front.inject(Operation.GET_OBJECT, key, new Fault.StallBody(4096, CALL_TIMEOUT.plusSeconds(5)), MAX_ATTEMPTS);

        RuntimeApiStub.Outcome failed = lambda.invoke(event);
        int attempts = front.seen(Operation.GET_OBJECT, key);
        boolean writtenWhileFailing = resultExists(key);
        JsonNode retried = succeeded(lambda.invoke(event));

        assertThat(failed.isError()).as("a body that stops coming is not scored from its first part").isTrue();
        assertThat(attempts).isEqualTo(MAX_ATTEMPTS);
        assertThat(writtenWhileFailing).isFalse();
        assertThat(retried.path("action").asString()).isEqualTo("SCORED");
    }

    @Test
    void answersAnImageDeletedBeforeItWasFetchedWithAResultSayingSoInsteadOfRetrying() {
        String key = upload("uploads/deleted soon.jpg");
        client.deleteObject(b -> b.bucket(UPLOADS).key(key));

        JsonNode record = succeeded(lambda.invoke(LambdaEvents.s3Put(UPLOADS, "uploads/deleted+soon.jpg")));

        assertThat(record.path("action").asString()).isEqualTo("REFUSED");
        JsonNode result = result(key);
        assertThat(result.path("success").asBoolean(true)).isFalse();
        assertThat(result.path("key").asString()).isEqualTo(key);
        assertThat(result.path("error").asString()).contains("no longer exists");
        assertThat(result.path("etag").asString()).as("the event's: which upload vanished").isNotBlank();
        assertThat(front.seen(Operation.GET_OBJECT, key)).as("not retried: the object will not come back").isEqualTo(1);
    }

    @Test
    void skipsAnObjectThatIsNotAnImageDeletedBeforeItWasFetched() {
        JsonNode record = succeeded(lambda.invoke(LambdaEvents.s3Put(UPLOADS, "uploads/never-there.txt")));

        assertThat(record.path("action").asString()).isEqualTo("SKIPPED");
        assertThat(resultExists("uploads/never-there.txt")).isFalse();
    }
}
