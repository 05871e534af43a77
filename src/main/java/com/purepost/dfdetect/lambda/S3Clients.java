package com.purepost.dfdetect.lambda;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Map;

/**
 * Builds the S3 client from the variables Lambda (or a local S3-compatible setup) provides. The SDK
 * itself reads credentials and the endpoint variables {@code AWS_ENDPOINT_URL_S3} and
 * {@code AWS_ENDPOINT_URL}; what it lacks is added here: path-style addressing whenever such an
 * endpoint is set (local S3 servers have no per-bucket host names), and a region when
 * {@code AWS_REGION} is absent, where the SDK would otherwise ask the instance metadata service.
 */
final class S3Clients {

    /** Lambda always sets AWS_REGION; this is only for runs outside it. */
    static final Region DEFAULT_REGION = Region.US_EAST_1;

    private S3Clients() {
    }

    static S3Client create(Map<String, String> environment) {
        return S3Client.builder()
                // The blocking JDK client: no connection pool threads and the fastest to start.
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region(environment))
                .forcePathStyle(endpointConfigured(environment))
                .build();
    }

    static Region region(Map<String, String> environment) {
        String region = firstSet(environment, "AWS_REGION", "AWS_DEFAULT_REGION");
        return region == null ? DEFAULT_REGION : Region.of(region);
    }

    static boolean endpointConfigured(Map<String, String> environment) {
        return firstSet(environment, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL") != null;
    }

    private static String firstSet(Map<String, String> environment, String... names) {
        for (String name : names) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
