package com.purepost.dfdetect.lambda;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What one S3 invocation did with each record: returned as the invocation's result, which only
 * {@code sam local invoke} and synchronous test invocations ever show; the results themselves are
 * the objects written to S3.
 */
record S3Outcome(List<Entry> records) {

    S3Outcome {
        records = List.copyOf(records);
    }

    /**
     * What happened to one uploaded object. {@code RESULT_REFUSED}: scored or refused, but S3 refused the
     * result write for good (a 4xx other than throttling), so no result was written; the log says why.
     */
    enum Action { SCORED, REFUSED, SKIPPED, RESULT_REFUSED }

    /** One record's fate: its object, what was done, where the result went, and why when skipped or refused. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(String bucket, String key, Action action, String result, String reason) {
    }
}
