package com.purepost.dfdetect.http;

import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.MultipartUpload;
import com.purepost.dfdetect.support.PlainRefusal;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code dfdetect.api-key} set, every request but {@code /health} must carry the key in
 * {@code X-Api-Key}: without it or with another the answer is a plain 401, given before the upload is read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiKeyOverHttpTest {

    private static final String KEY = "k3y-for-the-tests-0123456789";

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("dfdetect.model.dir", ModelDirectories.withLabelsOnly()::toString);
        registry.add("dfdetect.api-key", () -> KEY);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void scoresAnUploadThatCarriesTheKey() throws Exception {
        HttpResponse<String> answer = predict(KEY);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"success\":true");
    }

    @Test
    void refusesAnUploadWithoutTheKey() throws Exception {
        HttpResponse<String> answer = predict(null);

        PlainRefusal.assertRefused(answer.statusCode(), answer.body(), 401);
        assertThat(answer.body()).contains("X-Api-Key");
        assertThat(answer.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void refusesAnUploadWithAnotherKeyOrOneThatOnlyStartsLikeIt() throws Exception {
        for (String wrong : new String[] {"wrong", KEY + "x", KEY.substring(0, KEY.length() - 1), KEY.toUpperCase()}) {
            HttpResponse<String> answer = predict(wrong);

            PlainRefusal.assertRefused(answer.statusCode(), answer.body(), 401);
        }
    }

    @Test
    void refusesBeforeReadingTheUpload() throws IOException {
        // An upload announced with Expect: 100-continue: refused without asking for the body.
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 20000000\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(response).startsWith("HTTP/1.1 401").doesNotContain("100 Continue");
        }
    }

    @Test
    void leavesHealthOpenForHealthChecks() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"healthy\"");
    }

    @Test
    void guardsEveryOtherPathToo() throws Exception {
        for (String path : new String[] {"/", "/predict", "/healthz", "/health/", "/nope"}) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());

            PlainRefusal.assertRefused(answer.statusCode(), answer.body(), 401);
        }
    }

    @Test
    void leavesTheLoopbackManagementPortsHealthProbesOpen() throws Exception {
        HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(readiness.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> predict(String key) throws IOException, InterruptedException {
        MultipartUpload upload = MultipartUpload.asPurePostSends(TestImages.jpeg(120, 90));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", upload.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload.body()));
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
