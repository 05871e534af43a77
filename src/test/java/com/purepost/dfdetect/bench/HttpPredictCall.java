package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.support.MultipartUpload;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /predict} exactly as PurePost's backend sends it (multipart, field {@code file},
 * {@code image.jpg}, 30 s timeout), over kept-alive HTTP/1.1 connections. Bodies are built once per
 * image, so the client's own cost per request is only the send.
 */
final class HttpPredictCall implements LoadDriver.Call {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI predict;
    private final String contentType;
    private final Map<String, byte[]> bodies = new HashMap<>();

    HttpPredictCall(URI predict, Iterable<String> images) {
        this.predict = predict;
        MultipartUpload sample = MultipartUpload.asPurePostSends(new byte[0]);
        this.contentType = sample.contentType();
        for (String image : images) {
            bodies.put(image, MultipartUpload.asPurePostSends(BenchImages.bytes(image)).body());
        }
    }

    @Override
    public boolean score(String image) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(predict).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(image))).build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return response.statusCode() == 200
                && new String(response.body(), StandardCharsets.US_ASCII).contains("\"success\":true");
    }
}
