package com.purepost.dfdetect.lambda.runtime;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.time.Duration;

/**
 * A real S3-compatible server (S3Proxy, in-memory store) on 127.0.0.1 for tests, with signed requests
 * checked. It can be stopped and started again on the same port with the same objects, to stand for
 * an S3 outage.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "dfdetect-test-access";
    public static final String SECRET_KEY = "dfdetect-test-secret";

    private final BlobStore store = new TransientNio2BlobStore();
    private S3Proxy proxy;
    private int port;

    private S3Server() {
    }

    public static S3Server start() {
        S3Server server = new S3Server();
        server.startOn(0);
        return server;
    }

    private void startOn(int requestedPort) {
        try {
            proxy = S3Proxy.builder()
                    .blobStore(store)
                    .endpoint(URI.create("http://127.0.0.1:" + requestedPort))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    // S3Proxy refuses headers it does not implement, x-amz-expected-bucket-owner among them,
                    // which AWS's S3 checks; tests see that header at S3FaultFront instead.
                    .ignoreUnknownHeaders(true)
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
                }
                Thread.sleep(10);
            }
            port = proxy.getPort();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy", e);
        }
    }

    /** Stops serving; the objects stay, for {@link #restart()}. */
    public void stop() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves again on the same port, with the same objects. */
    public void restart() {
        startOn(port);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A client of the test's own, configured explicitly (not from the environment). */
    public S3Client client() {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create(endpoint()))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    @Override
    public void close() {
        stop();
    }
}
