package com.purepost.dfdetect.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

    /**
     * Announces a multipart upload of {@code declaredBytes} and sends none of it, with
     * {@code Expect: 100-continue} as curl sends for large bodies: the answer shows whether the server
     * refuses from the declared size alone. (JDK 17's HttpClient hangs on a final answer to an
     * expect-continue request, so this speaks HTTP/1.1 on a plain socket.)
     */
    public Answer announceUploadOf(long declaredBytes) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            String head = "POST /predict HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: " + declaredBytes + "\r\n"
                    + "Expect: 100-continue\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            return new Answer(status, "", JSON.readTree(body), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Answer post(String path, String contentType, byte[] body) {
        HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.build());
    }

    /**
     * Posts {@code body} with chunked transfer encoding, declaring no Content-Length, as a client streaming
     * an upload of unknown size does: the server can only count the bytes as they come.
     */
    public Answer postWithoutLength(String contentType, byte[] body) {
        return send(request("/predict").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build());
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
