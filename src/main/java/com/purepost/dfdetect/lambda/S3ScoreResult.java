package com.purepost.dfdetect.lambda;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.purepost.dfdetect.detect.Failure;
import com.purepost.dfdetect.detect.Prediction;
import com.purepost.dfdetect.detect.PredictionResult;

import java.util.List;

/**
 * The JSON document written for each scored upload: which object (bucket, key, and the ETag and
 * version that were read), which model scored it and whether it is a stand-in, then either the
 * predictions as {@code POST /predict} gives them or {@code success: false} and the reason.
 */
@JsonPropertyOrder({"success", "bucket", "key", "etag", "version_id", "model", "stand_in", "predictions",
        "processing_time", "error", "warning"})
@JsonInclude(JsonInclude.Include.NON_NULL)
record S3ScoreResult(
        boolean success,
        String bucket,
        String key,
        String etag,
        @JsonProperty("version_id") String versionId,
        String model,
        @JsonProperty("stand_in") boolean standIn,
        List<Prediction> predictions,
        @JsonProperty("processing_time") Double processingTime,
        String error,
        String warning) {

    /** Where the scored object came from. */
    record Source(String bucket, String key, String etag, String versionId) {
    }

    static S3ScoreResult scored(Source source, PredictionResult result) {
        return new S3ScoreResult(true, source.bucket(), source.key(), source.etag(), source.versionId(), result.model(),
                result.standIn(), result.predictions(), result.processingTime(), null, result.warning());
    }

    static S3ScoreResult refused(Source source, Failure failure, String model, boolean standIn, String warning) {
        return new S3ScoreResult(false, source.bucket(), source.key(), source.etag(), source.versionId(), model, standIn,
                null, null, failure.error(), warning);
    }
}
