package com.purepost.dfdetect.detect;

import com.purepost.dfdetect.image.ImageRejectedException;
import com.purepost.dfdetect.model.ModelUnavailableException;

/**
 * The one place where a failure becomes what a client sees: a status and a message in words.
 * Every edge (HTTP, API Gateway, S3) renders it as {@code {"success": false, "error": "..."}}.
 * Nothing internal (class names, paths, stack traces) ever reaches the message of a 5xx.
 */
public record Failure(int status, String error) {

    /** What an unexpected failure says; its cause goes to the log, never to the client. */
    public static final String INTERNAL_ERROR = "Internal error while scoring the image; it has been logged.";

    public static Failure of(Throwable failure) {
        if (failure instanceof ImageRejectedException rejected) {
            return new Failure(statusOf(rejected.reason()), rejected.getMessage());
        }
        if (failure instanceof DecodeTimeoutException slow) {
            // Unprocessable rather than a server fault: the same image would take as long again.
            return new Failure(422, slow.getMessage());
        }
        if (failure instanceof ServiceBusyException busy) {
            return new Failure(503, busy.getMessage());
        }
        if (failure instanceof ModelUnavailableException unavailable) {
            return new Failure(503, "The model cannot serve: " + unavailable.getMessage());
        }
        return new Failure(500, INTERNAL_ERROR);
    }

    private static int statusOf(ImageRejectedException.Reason reason) {
        return switch (reason) {
            case EMPTY, CORRUPT -> 400;
            case UNSUPPORTED_FORMAT -> 415;
            case TOO_MANY_BYTES, TOO_MANY_PIXELS -> 413;
        };
    }

    public boolean isClientError() {
        return status >= 400 && status < 500;
    }

    /** The JSON body every edge sends: {@code {"success": false, "error": "..."}}. */
    public ErrorBody body() {
        return new ErrorBody(false, error);
    }

    /** The wire form of a failure. */
    public record ErrorBody(boolean success, String error) {
    }
}
