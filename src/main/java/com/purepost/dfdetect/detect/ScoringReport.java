package com.purepost.dfdetect.detect;

/**
 * What one call of the detector came to, for metrics and the request log: never the image itself.
 *
 * @param requestId   the id the edge gave the request (API Gateway's, Lambda's or the HTTP app's)
 * @param status      the HTTP status the answer maps to (200, or the {@link Failure}'s)
 * @param imageBytes  size of the upload
 * @param totalNanos  from the call to its answer
 * @param decodeNanos decoding the file (0 on a cache hit or when refused before)
 * @param resizeNanos conversion to RGB, resizing and normalising
 * @param modelNanos  the model run, including the wait for a free run slot
 * @param cacheHit    answered from the result cache
 * @param topLabel    the highest-scoring label, or null on failure
 * @param topScore    its score, or NaN on failure
 * @param error       the failure's message, or null on success
 */
public record ScoringReport(String requestId, int status, int imageBytes, long totalNanos, long decodeNanos,
                            long resizeNanos, long modelNanos, boolean cacheHit, String topLabel, double topScore,
                            String error) {

    /** The answer's class, as metrics group them. */
    public enum Outcome {
        OK, CLIENT_ERROR, SERVER_ERROR;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Outcome outcome() {
        if (status < 400) {
            return Outcome.OK;
        }
        return status < 500 ? Outcome.CLIENT_ERROR : Outcome.SERVER_ERROR;
    }
}
