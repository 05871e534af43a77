package com.purepost.dfdetect.detect;

import java.util.Objects;

/**
 * One image to score, as an edge received it. The file name and content type are what the caller
 * said of the bytes; they are kept for logs only, since PurePost always says {@code image.jpg} and
 * {@code image/jpeg} whatever the real format is. The format is read from the bytes.
 */
public record ImageRequest(byte[] bytes, String fileName, String contentType) {

    public ImageRequest {
        Objects.requireNonNull(bytes, "bytes");
    }

    public static ImageRequest of(byte[] bytes) {
        return new ImageRequest(bytes, null, null);
    }

    @Override
    public String toString() {
        return "ImageRequest[" + bytes.length + " bytes, fileName=" + fileName + ", contentType=" + contentType + "]";
    }
}
