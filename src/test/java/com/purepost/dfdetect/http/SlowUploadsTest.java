package com.purepost.dfdetect.http;

import com.purepost.dfdetect.support.AppJvm;
import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.ServiceClient;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow or stalled uploads cannot take what good requests need: with more connections trickling
 * multipart bodies than Tomcat's default pool has threads (200; the attack that found this used
 * 210), PurePost's health check and a good upload still answer 200 within PurePost's own timeouts.
 */
class SlowUploadsTest {

    /** More than Tomcat's default 200 request threads. */
    private static final int SLOW_CLIENTS = 260;
    /** How much of its declared 100 KB body each slow client sends at once, as the attack did. */
    private static final int FIRST_BYTES = 80;
    private static final int DECLARED_BYTES = 100 * 1024;
    /** One more byte per connection this often: never silent long enough for a read timeout. */
    private static final Duration TRICKLE = Duration.ofSeconds(2);

    @Test
    void healthAndAGoodUploadStillAnswerWhileManyClientsTrickleTheirUploads() throws Exception {
        try (AppJvm app = AppJvm.start(AppJvm.LIKE_COMPOSE, List.of(
                "--dfdetect.model.dir=" + ModelDirectories.withLabelsOnly()))) {
            ServiceClient client = new ServiceClient(app.port());
            assertThat(client.predict(TestImages.jpeg(64, 64)).succeeded()).as("the model session is open").isTrue();
            try (SlowClients slow = SlowClients.open(app.port(), SLOW_CLIENTS)) {
                slow.startTrickling();
                // Every slow client has been dispatched to a request thread and is blocked on its body.
                Thread.sleep(TRICKLE.multipliedBy(2).toMillis());

                assertThat(slow.stillOpen()).as("slow clients still connected").isGreaterThan(SLOW_CLIENTS * 9 / 10);
                for (int round = 0; round < 3; round++) {
                    assertThat(healthWithinFiveSeconds(app.port())).isEqualTo(200);
                    ServiceClient.Answer answer = client.predict(TestImages.jpeg(320, 240));
                    assertThat(answer.succeeded()).as(answer.raw()).isTrue();
                }
            }
            assertThat(app.isAlive()).isTrue();
        }
    }

    /** PurePost's periodic health task: GET /health with a 5 s timeout. */
    private static int healthWithinFiveSeconds(int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * Connections that announce a 100 KB multipart upload to {@code /predict}, send its first bytes,
     * then one byte per connection every {@link #TRICKLE}, from one thread, until closed (loopback only).
     */
    private static final class SlowClients implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();
        private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();

        static SlowClients open(int port, int count) throws IOException {
            SlowClients clients = new SlowClients();
            String head = "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: multipart/form-data; boundary=slowboundary\r\n"
                    + "Content-Length: " + DECLARED_BYTES + "\r\n\r\n";
            byte[] first = ("--slowboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"image.jpg\"\r\n"
                    + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < count; i++) {
                    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                    clients.sockets.add(socket);
                    OutputStream out = socket.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    out.write(first, 0, Math.min(FIRST_BYTES, first.length));
                    out.flush();
                }
            } catch (IOException e) {
                clients.close();
                throw e;
            }
            return clients;
        }

        void startTrickling() {
            trickler.scheduleAtFixedRate(() -> {
                for (Socket socket : sockets) {
                    try {
                        socket.getOutputStream().write('x');
                    } catch (IOException closedByTheServer) {
                        // counted by stillOpen()
                    }
                }
            }, 0, TRICKLE.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Connections the server has neither answered nor closed: a read with a short timeout times out. */
        long stillOpen() {
            return sockets.stream().filter(SlowClients::open).count();
        }

        private static boolean open(Socket socket) {
            try {
                socket.setSoTimeout(1);
                socket.getInputStream().read();
                return false;
            } catch (java.net.SocketTimeoutException stillWaiting) {
                return true;
            } catch (IOException closed) {
                return false;
            }
        }

        @Override
        public void close() {
            trickler.shutdownNow();
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
