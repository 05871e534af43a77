package com.purepost.dfdetect.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Talks to a running service over real HTTP, as PurePost's backend does (30 s timeout, like the caller). */
public final class ServiceClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    /** A status and the parsed JSON body. */
    public record Answer(int status, String contentType, JsonNode json, String raw) {
        public boolean succeeded() {
            return status == 200 && json.path("success").asBoolean(false);
        }
    }

    public ServiceClient(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    public Answer predict(byte[] image) {
        return post(MultipartUpload.asPurePostSends(image));
    }

    public Answer post(MultipartUpload upload) {
        return send(request("/predict").header("Content-Type", upload.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload.body())).build());
    }

    public Answer post(String path, String contentType, byte[] body) {
        HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.build());
    }

    public Answer get(String path) {
        return send(request(path).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode json = raw.isEmpty() ? JSON.missingNode() : JSON.readTree(raw);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json, raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
