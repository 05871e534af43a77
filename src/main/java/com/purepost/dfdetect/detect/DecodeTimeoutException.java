package com.purepost.dfdetect.detect;

import java.time.Duration;

/**
 * An image took longer to decode than {@code dfdetect.limits.max-decode-time} and was not scored. It is
 * the image's doing (damaged, or built to be slow to decode), so the caller is told so with a 4xx.
 */
public final class DecodeTimeoutException extends RuntimeException {

    public DecodeTimeoutException(Duration limit) {
        super("The image took longer than the limit of " + words(limit) + " to decode, so it was not scored. "
                + "It may be damaged or built to be slow to decode; saving it again as a plain JPEG or PNG usually helps.");
    }

    /** A limit as a person writes it: {@code 5 s}, {@code 1.5 s} or {@code 200 ms}. */
    static String words(Duration limit) {
        long millis = limit.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
