package com.purepost.dfdetect.detect;

import java.util.Objects;

/**
 * One image to score, as an edge received it. The file name and content type are what the caller
 * said of the bytes; they are kept for logs only, since PurePost always says {@code image.jpg} and
 * {@code image/jpeg} whatever the real format is. The format is read from the bytes. The request id
 * ties the request log to the caller's own (API Gateway's or Lambda's when there is one).
 */
public record ImageRequest(byte[] bytes, String fileName, String contentType, String requestId) {

    public ImageRequest {
        Objects.requireNonNull(bytes, "bytes");
    }

    public ImageRequest(byte[] bytes, String fileName, String contentType) {
        this(bytes, fileName, contentType, null);
    }

    public static ImageRequest of(byte[] bytes) {
        return new ImageRequest(bytes, null, null, null);
    }

    /** The same request under the id an edge gave it. */
    public ImageRequest withRequestId(String id) {
        return new ImageRequest(bytes, fileName, contentType, id);
    }

    @Override
    public String toString() {
        return "ImageRequest[" + bytes.length + " bytes, fileName=" + fileName + ", contentType=" + contentType
                + ", requestId=" + requestId + "]";
    }
}
