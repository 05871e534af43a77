package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.config.DfdetectProperties;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.util.Map;

/**
 * Builds the S3 client from the variables Lambda (or a local S3-compatible setup) provides. The SDK
 * itself reads credentials and the endpoint variables {@code AWS_ENDPOINT_URL_S3} and
 * {@code AWS_ENDPOINT_URL}; what it lacks is added here: path-style addressing whenever such an
 * endpoint is set (local S3 servers have no per-bucket host names), a region when
 * {@code AWS_REGION} is absent, where the SDK would otherwise ask the instance metadata service, and
 * retries and timeouts chosen to end every call inside the function's timeout ({@code dfdetect.s3}).
 */
final class S3Clients {

    /** Lambda always sets AWS_REGION; this is only for runs outside it. */
    static final Region DEFAULT_REGION = Region.US_EAST_1;

    private S3Clients() {
    }

    /** A refused or unanswered connection is given up after this; S3 in the same region answers in milliseconds. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    static S3Client create(Map<String, String> environment, DfdetectProperties.S3 settings) {
        return S3Client.builder()
                // The blocking JDK client: no connection pool threads and the fastest to start.
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(settings.readTimeout()))
                .overrideConfiguration(calls -> calls
                        // Set here rather than left to AWS_MAX_ATTEMPTS, AWS_RETRY_MODE or the SDK's defaults
                        // (the legacy mode's four attempts, no time limit), which could outlast the function.
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts()).build())
                        .apiCallAttemptTimeout(settings.attemptTimeout())
                        .apiCallTimeout(settings.callTimeout()))
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
