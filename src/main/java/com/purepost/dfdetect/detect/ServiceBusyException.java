package com.purepost.dfdetect.detect;

/**
 * The admission queue is full: the request is refused before any work, with a hint of when to try
 * again. The only case in which a good image is not scored.
 */
public final class ServiceBusyException extends RuntimeException {

    private final int retryAfterSeconds;

    public ServiceBusyException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds after which the queue is expected to have room again: the {@code Retry-After} header. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
