package com.purepost.dfdetect.lambda;

import java.net.URI;

/** An object named by an {@code s3://bucket/key} URI, as {@code DFDETECT_MODEL_URI} gives it. */
record S3Location(String bucket, String key) {

    static S3Location parse(String uri) {
        URI parsed = URI.create(uri.strip());
        String path = parsed.getPath() == null ? "" : parsed.getPath();
        if (!"s3".equalsIgnoreCase(parsed.getScheme()) || parsed.getHost() == null || path.length() <= 1
                || path.endsWith("/")) {
            throw new IllegalArgumentException("expected s3://bucket/key naming one object, got " + uri);
        }
        return new S3Location(parsed.getHost(), path.substring(1));
    }

    /** The last segment of the key: the name the downloaded file keeps. */
    String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
