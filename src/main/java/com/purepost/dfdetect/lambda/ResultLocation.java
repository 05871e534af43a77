package com.purepost.dfdetect.lambda;

/**
 * Where the result of an S3-triggered run is written: {@code <prefix><source key>.json}, in the
 * configured bucket or else the upload's own. Keys under the prefix are results and are never
 * scored, which is what keeps a bucket-wide trigger from feeding on its own output.
 */
record ResultLocation(String bucket, String prefix) {

    ResultLocation {
        bucket = bucket == null || bucket.isBlank() ? null : bucket.strip();
        prefix = prefix == null ? "" : prefix;
    }

    String bucketFor(String sourceBucket) {
        return bucket == null ? sourceBucket : bucket;
    }

    String keyFor(String sourceKey) {
        return prefix + sourceKey + ".json";
    }

    boolean holds(String key) {
        return !prefix.isEmpty() && key.startsWith(prefix);
    }
}
