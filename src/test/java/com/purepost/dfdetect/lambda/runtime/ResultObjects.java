package com.purepost.dfdetect.lambda.runtime;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import tools.jackson.databind.JsonNode;

/**
 * The results an S3-triggered run writes for an upload, where the service's defaults put them: in
 * the upload's bucket, at {@code dfdetect-results/<upload key>.json}.
 */
public record ResultObjects(S3Client client, String bucket) {

    /** The service's default key prefix for results ({@code dfdetect.results.prefix}). */
    public static final String PREFIX = "dfdetect-results/";

    public static String keyFor(String uploadKey) {
        return PREFIX + uploadKey + ".json";
    }

    /** The result written for {@code uploadKey}; fails when there is none. */
    public JsonNode of(String uploadKey) {
        return LambdaEvents.JSON.readTree(client.getObjectAsBytes(b -> b.bucket(bucket).key(keyFor(uploadKey))).asByteArray());
    }

    public boolean existFor(String uploadKey) {
        try {
            client.headObject(b -> b.bucket(bucket).key(keyFor(uploadKey)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }
}
