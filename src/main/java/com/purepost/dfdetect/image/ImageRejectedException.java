package com.purepost.dfdetect.image;

/** The uploaded bytes cannot be turned into a model input; the caller sent something we refuse. */
public final class ImageRejectedException extends RuntimeException {

    /** Why the image was refused; each reason maps to one HTTP status at the edge. */
    public enum Reason {
        /** No bytes at all. */
        EMPTY,
        /** The bytes are not in any image format we decode (text, HTML, PDF, ...). */
        UNSUPPORTED_FORMAT,
        /** A known format, but truncated or corrupt. */
        CORRUPT,
        /** More bytes than the upload limit. */
        TOO_MANY_BYTES,
        /**
         * Declared dimensions past the pixel limit, or more decoded bytes than the decode memory or the
         * file's own size allow: refused before any pixel buffer is allocated.
         */
        TOO_MANY_PIXELS
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ImageRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
