package com.purepost.dfdetect.lambda;

import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.Set;

/**
 * Which answers of S3 a retry cannot change. A 4xx says the request itself is refused (access denied, a
 * key S3 will not take, a bucket that is gone or owned by another account): retrying it three times and
 * queueing the event changes nothing. Throttling and the few 4xx that pass are the exception.
 */
final class S3Refusals {

    /** 4xx error codes that pass on their own, as the SDK's retry policy treats them. */
    private static final Set<String> PASSING = Set.of("RequestTimeout", "RequestTimeTooSkewed", "ExpiredToken",
            "SlowDown", "Throttling", "ThrottlingException", "TooManyRequests", "RequestLimitExceeded");

    private S3Refusals() {
    }

    static boolean isFinal(S3Exception e) {
        int status = e.statusCode();
        if (status < 400 || status >= 500 || status == 408 || status == 429 || e.isThrottlingException()) {
            return false;
        }
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null || !PASSING.contains(code);
    }

    /** The error code and S3's message, for the log. */
    static String describe(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return e.statusCode() + " " + (code == null ? "" : code + ": ") + message;
    }
}
