package com.purepost.dfdetect.lambda;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.detect.Failure;
import com.purepost.dfdetect.detect.ImageRequest;
import com.purepost.dfdetect.detect.PredictionResult;
import com.purepost.dfdetect.image.ImageRejectedException;
import com.purepost.dfdetect.model.ModelHealth;
import com.purepost.dfdetect.model.ModelProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Scores the images uploaded to S3 and writes each result as JSON next to them (see
 * {@link ResultLocation}). What the image itself is to blame for (not decodable, too large) becomes a
 * {@code success: false} result, so that Lambda does not retry it; what may pass (S3 unreachable or
 * answering 5xx, the model not serving) fails the invocation, so that Lambda retries it and, past its
 * retries, hands the event to the dead-letter destination. An object deleted before it could be
 * fetched is final, not passing: an image gets a {@code success: false} result saying so, at once.
 * Results are written under a fixed key per object, so a retried or repeated event rewrites the same
 * result.
 *
 * <p>Trust: events from buckets outside {@code dfdetect.s3.allowed-buckets} (when set) are skipped
 * before any S3 call; every call names {@code dfdetect.s3.expected-bucket-owner} (when set), so S3
 * refuses it for a bucket of another account. A result write that S3 refuses for good (a 4xx other than
 * throttling) is not retried either: the invocation succeeds, its record says
 * {@link S3Outcome.Action#RESULT_REFUSED}, and the log says why at ERROR. No result saying so is written:
 * the place that refused one result would refuse that one too.
 */
final class S3UploadHandler {

    private static final Logger log = LoggerFactory.getLogger(S3UploadHandler.class);

    private final S3Client s3;
    private final Function<ImageRequest, PredictionResult> detect;
    private final ModelProvider models;
    private final ResultLocation results;
    private final long maxBytes;
    private final JsonMapper json;
    private final DfdetectProperties.S3 trust;

    S3UploadHandler(S3Client s3, Function<ImageRequest, PredictionResult> detect, ModelProvider models,
                    ResultLocation results, long maxBytes, JsonMapper json, DfdetectProperties.S3 trust) {
        this.trust = trust;
        this.s3 = s3;
        this.detect = detect;
        this.models = models;
        this.results = results;
        this.maxBytes = maxBytes;
        this.json = json;
    }

    S3Outcome handle(S3Event event) {
        List<S3Outcome.Entry> entries = new ArrayList<>();
        for (S3EventNotificationRecord record : event.getRecords()) {
            entries.add(handle(record));
        }
        return new S3Outcome(entries);
    }

    private S3Outcome.Entry handle(S3EventNotificationRecord record) {
        String bucket = record.getS3().getBucket().getName();
        String key = S3ObjectKeys.decode(record.getS3().getObject().getKey());
        if (!trust.handlesEventsFrom(bucket)) {
            log.warn("An event for bucket {} is not handled: it is not among dfdetect.s3.allowed-buckets", bucket);
            return skipped(bucket, key, "bucket not in dfdetect.s3.allowed-buckets");
        }
        try {
            return fetchAndScore(record, bucket, key);
        } catch (ResultRefusedException e) {
            log.error("S3 refused the result {} of s3://{}/{} for good ({}): not retried, since a retry would be refused "
                    + "the same way; no result is written for this upload", e.address, bucket, key, e.getMessage());
            return new S3Outcome.Entry(bucket, key, S3Outcome.Action.RESULT_REFUSED, e.address, e.getMessage());
        }
    }

    private S3Outcome.Entry fetchAndScore(S3EventNotificationRecord record, String bucket, String key) {
        String eventName = record.getEventName() == null ? "" : record.getEventName();
        if (!eventName.startsWith("ObjectCreated:")) {
            return skipped(bucket, key, "not an upload (" + eventName + ")");
        }
        if (results.holds(key)) {
            return skipped(bucket, key, "under the results prefix " + results.prefix());
        }
        String versionId = emptyToNull(record.getS3().getObject().getVersionId());
        GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(key).versionId(versionId)
                .expectedBucketOwner(trust.expectedBucketOwner()).build();
        FetchedUpload upload;
        try {
            upload = s3.getObject(request, FetchedUpload.reader(key, maxBytes));
        } catch (S3Exception e) {
            if (!isGone(e, bucket, key)) {
                throw e;
            }
            if (versionId == null && (e instanceof NoSuchKeyException || e.statusCode() == 403)) {
                return vanished(new S3ScoreResult.Source(bucket, key, unquoted(record.getS3().getObject().geteTag()), null));
            }
            // The version the event names (or its bucket) is gone: a result saying so could overwrite the
            // result of a newer version of the same key, whose own event scores it.
            return skipped(bucket, key, "no longer exists (" + e.awsErrorDetails().errorCode() + ")");
        }
        return score(bucket, key, upload);
    }

    /**
     * Whether a failed fetch means the object is gone. S3 answers 404 only to whom may list the key; with
     * {@code s3:ListBucket} limited to the upload prefix by an {@code s3:prefix} condition it answers 403,
     * and a listing tells the two apart: the key itself as the prefix (within the condition's prefix, and
     * the key sorts first among the keys it starts), one key at most. A 403 for a key that is listed is a
     * real refusal, and fails the invocation.
     */
    private boolean isGone(S3Exception e, String bucket, String key) {
        if (e.statusCode() == 404) {
            return true;
        }
        if (e.statusCode() != 403) {
            return false;
        }
        try {
            ListObjectsV2Response listed = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(key)
                    .maxKeys(1).expectedBucketOwner(trust.expectedBucketOwner()).build());
            return listed.contents().stream().noneMatch(object -> key.equals(object.key()));
        } catch (S3Exception listingFailed) {
            e.addSuppressed(listingFailed);
            return false;
        }
    }

    private S3Outcome.Entry score(String bucket, String key, FetchedUpload upload) {
        GetObjectResponse response = upload.response();
        if (upload.kind() == FetchedUpload.Kind.NOT_AN_IMAGE) {
            return skipped(bucket, key, "not an image (name, content type and content say otherwise)");
        }
        S3ScoreResult.Source source = new S3ScoreResult.Source(bucket, key, unquoted(response.eTag()), response.versionId());
        if (upload.kind() == FetchedUpload.Kind.TOO_LARGE) {
            return refused(source, Failure.of(new ImageRejectedException(ImageRejectedException.Reason.TOO_MANY_BYTES,
                    "The object (" + upload.length() + " bytes) is larger than the limit of " + maxBytes
                            + " bytes (dfdetect.limits.max-upload-size).")));
        }
        byte[] bytes = upload.bytes();
        PredictionResult result;
        try {
            result = detect.apply(new ImageRequest(bytes, key, response.contentType()));
        } catch (RuntimeException e) {
            Failure failure = Failure.of(e);
            if (!failure.isClientError()) {
                // Not the image's fault: fail the invocation so that Lambda retries it.
                throw e;
            }
            return refused(source, failure);
        }
        String resultKey = write(source, S3ScoreResult.scored(source, result));
        log.info("scored s3://{}/{} bytes={} top={} score={} result={}", bucket, key, bytes.length,
                result.predictions().get(0).label(), String.format(Locale.ROOT, "%.4f", result.predictions().get(0).score()),
                resultKey);
        return new S3Outcome.Entry(bucket, key, S3Outcome.Action.SCORED, resultKey, null);
    }

    /**
     * The object was deleted between its upload event and this fetch. That is final, not a passing
     * fault: retrying would fail the same way until the event lands in the failure queue. Whoever
     * waits for the result of an image gets one saying so; anything else is skipped.
     */
    private S3Outcome.Entry vanished(S3ScoreResult.Source source) {
        if (!ImageCandidates.hasImageExtension(source.key())) {
            return skipped(source.bucket(), source.key(), "no longer exists");
        }
        return refused(source, new Failure(404, "The object no longer exists: it was deleted after it was uploaded, "
                + "before it could be scored."));
    }

    private S3Outcome.Entry refused(S3ScoreResult.Source source, Failure failure) {
        ModelHealth model = models.health();
        String resultKey = write(source, S3ScoreResult.refused(source, failure, model.modelFile(), model.standIn(),
                model.warning()));
        log.info("refused s3://{}/{}: {} result={}", source.bucket(), source.key(), failure.error(), resultKey);
        return new S3Outcome.Entry(source.bucket(), source.key(), S3Outcome.Action.REFUSED, resultKey, failure.error());
    }

    /** Writes the result document and returns its {@code s3://} address. */
    private String write(S3ScoreResult.Source source, S3ScoreResult document) {
        String bucket = results.bucketFor(source.bucket());
        String key = results.keyFor(source.key());
        String address = "s3://" + bucket + "/" + key;
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/json")
                            .expectedBucketOwner(trust.expectedBucketOwner()).build(),
                    RequestBody.fromBytes(json.writeValueAsBytes(document)));
        } catch (S3Exception e) {
            if (S3Refusals.isFinal(e)) {
                throw new ResultRefusedException(address, S3Refusals.describe(e));
            }
            throw e;
        }
        return address;
    }

    /** S3 refused a result write in a way no retry changes. */
    private static final class ResultRefusedException extends RuntimeException {
        private final String address;

        ResultRefusedException(String address, String reason) {
            super(reason, null, false, false);
            this.address = address;
        }
    }

    private static S3Outcome.Entry skipped(String bucket, String key, String reason) {
        log.info("skipped s3://{}/{}: {}", bucket, key, reason);
        return new S3Outcome.Entry(bucket, key, S3Outcome.Action.SKIPPED, null, reason);
    }

    private static String unquoted(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
