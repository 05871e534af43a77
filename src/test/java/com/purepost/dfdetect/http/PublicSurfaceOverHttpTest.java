package com.purepost.dfdetect.http;

import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.PlainRefusal;
import com.purepost.dfdetect.support.ServiceClient;
import com.purepost.dfdetect.support.ServiceClient.Answer;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public port serves PurePost's endpoints and nothing else: spring-cloud-function-web's generic
 * {@code /functions/**} answers a JSON 404 to every method without reading a body, Actuator is not
 * there, and with no API key configured no key is asked for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class PublicSurfaceOverHttpTest {

    private static final int MB = 1024 * 1024;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("dfdetect.model.dir", ModelDirectories.withLabelsOnly()::toString);
    }

    @LocalServerPort
    int port;

    @ParameterizedTest
    @CsvSource({"GET,/functions/x", "GET,/functions", "POST,/functions/detect", "PUT,/functions/detect",
            "DELETE,/functions/detect", "PATCH,/functions/detect", "OPTIONS,/functions/detect", "POST,/functions/",
            "GET,/functions/detect/extra", "POST,/functions;x=1/detect", "POST,/%66unctions/detect",
            "POST,//functions/detect", "POST,/predict/../functions/detect"})
    void everyMethodAndPathUnderFunctionsIsAJsonNotFound(String method, String path, CapturedOutput output) throws IOException {
        String json = "{\"bytes\":\"" + java.util.Base64.getEncoder().encodeToString(TestImages.jpeg(32, 32)) + "\"}";

        RawAnswer answer = RawAnswer.of(port, method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + json.length() + "\r\nX-Request-Id: x\r\n\r\n" + json);

        PlainRefusal.assertRefused(answer.status(), answer.body(), 404);
        assertThat(output.getAll()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aChunked48MegabyteBodyForTheFunctionEndpointIsRefusedUnreadAndTheServiceStaysHealthy() throws Exception {
        AtomicLong sent = new AtomicLong();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /functions/detect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // The body, streamed as a client would while the server answers: it stops when the server closes.
            CompletableFuture<Void> body = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[MB];
                Arrays.fill(chunk, (byte) 'A');
                byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    for (int i = 0; i < 48; i++) {
                        out.write(head);
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        sent.addAndGet(chunk.length);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closedByTheServer) {
                    // the answer came first
                }
            });

            RawAnswer answer = RawAnswer.read(socket.getInputStream());
            body.get(60, TimeUnit.SECONDS);

            PlainRefusal.assertRefused(answer.status(), answer.body(), 404);
            // Tomcat reads at most its swallow limit (4 MB) after an answer; kernel buffers hold a few MB more.
            assertThat(sent.get()).as("bytes the client could send before the server closed").isLessThan(24L * MB);
        }
        Answer health = new ServiceClient(port).get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(new ServiceClient(port).predict(TestImages.jpeg(100, 80)).succeeded()).isTrue();
    }

    @Test
    void actuatorIsNotOnThePublicPort() {
        ServiceClient client = new ServiceClient(port);

        for (String path : new String[] {"/actuator/prometheus", "/actuator/health", "/actuator/health/readiness", "/actuator"}) {
            Answer answer = client.get(path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.json().get("success").asBoolean(true)).as(path).isFalse();
            assertThat(answer.raw()).doesNotContain("dfdetect_").doesNotContain("components");
        }
    }

    @Test
    void asksForNoKeyWhenNoneIsConfigured() {
        ServiceClient client = new ServiceClient(port);

        assertThat(client.predict(TestImages.jpeg(64, 48)).succeeded()).isTrue();
        assertThat(client.get("/health").status()).isEqualTo(200);
        assertThat(client.get("/").status()).isEqualTo(200);
    }

    /** An answer read off a raw socket: status and body (Content-Length delimited, or to the close). */
    record RawAnswer(int status, String body) {

        static RawAnswer of(int port, String request) throws IOException {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                return read(socket.getInputStream());
            }
        }

        static RawAnswer read(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the connection closed before the headers ended: " + head);
                }
                head.append((char) b);
            }
            int status = Integer.parseInt(head.substring(9, 12));
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : in.readAllBytes();
            return new RawAnswer(status, new String(body, StandardCharsets.UTF_8));
        }
    }
}
