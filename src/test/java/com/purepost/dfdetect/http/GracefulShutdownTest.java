package com.purepost.dfdetect.http;

import com.purepost.dfdetect.support.AppJvm;
import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.MultipartUpload;
import com.purepost.dfdetect.support.OneShotHttp;
import com.purepost.dfdetect.support.OneShotHttp.Reply;
import com.purepost.dfdetect.support.OneShotHttp.Request;
import com.purepost.dfdetect.support.PhotoLikeImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM, as {@code docker stop} or Kubernetes sends it, while full-size photos are being scored
 * and queued one at a time: every request in flight is answered 200 with its scores, new connections
 * are refused at once, and the ONNX Runtime session is closed last, after the last run. The app runs
 * in a JVM of its own so that the signal is real.
 */
class GracefulShutdownTest {

    static final int IN_FLIGHT = 6;
    /** Hang guard: six 12 MP photos take a few seconds one after the other. */
    static final Duration GUARD = Duration.ofSeconds(90);

    private final ExecutorService callers = Executors.newFixedThreadPool(IN_FLIGHT);

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void answersEveryRequestInFlightRefusesNewConnectionsAndClosesTheSessionAfterTheLastRun() throws Exception {
        Request photo = Request.post(MultipartUpload.asPurePostSends(PhotoLikeImages.jpeg(4032, 3024, 21)));
        try (AppJvm app = startOneImageAtATime()) {
            assertThat(OneShotHttp.send(app.port(), photo.withHeader("X-Request-Id", "warm-up"), GUARD).status())
                    .as("the session is open before the signal").isEqualTo(200);
            List<Future<Reply>> inFlight = sendAtOnce(app, photo, "in-flight-");
            awaitLog(app, "request_id=in-flight-");

            app.terminate();
            awaitLog(app, "Commencing graceful shutdown");
            boolean refusedWhileOthersRan = awaitRefusedConnection(app.port()) && inFlight.stream().anyMatch(f -> !f.isDone());

            for (int i = 0; i < IN_FLIGHT; i++) {
                Reply reply = inFlight.get(i).get(GUARD.toSeconds(), TimeUnit.SECONDS);
                assertThat(reply.status()).as("in-flight-%d: %s", i, reply.body()).isEqualTo(200);
                assertThat(reply.body()).contains("\"success\":true");
            }
            assertThat(app.awaitExit(GUARD)).as("the app exits as on SIGTERM, not on a crash").isEqualTo(143);
            assertThat(refusedWhileOthersRan).as("a new connection was refused while requests were still in flight").isTrue();
            String log = app.log();
            int signal = log.indexOf("Commencing graceful shutdown");
            int closed = log.indexOf("Closed the ONNX Runtime session");
            assertThat(closed).as(log).isPositive();
            int lastScored = -1;
            for (int i = 0; i < IN_FLIGHT; i++) {
                int scored = log.indexOf("request_id=in-flight-" + i + " outcome=ok");
                assertThat(scored).as("in-flight-%d scored before the session closed", i).isPositive().isLessThan(closed);
                lastScored = Math.max(lastScored, scored);
            }
            assertThat(signal).as("some requests were still running when the signal came").isLessThan(lastScored);
            // The last one: the management port's own server, with nothing in flight, completes first.
            assertThat(log.lastIndexOf("Graceful shutdown complete")).isBetween(lastScored, closed);
        }
    }

    @Test
    void answersTheRequestsStillWaitingForTheSessionToOpenWhenTheSignalCame() throws Exception {
        Request photo = Request.post(MultipartUpload.asPurePostSends(PhotoLikeImages.jpeg(4032, 3024, 22)));
        try (AppJvm app = startOneImageAtATime()) {
            List<Future<Reply>> inFlight = sendAtOnce(app, photo, "early-");
            awaitLog(app, "Initializing Servlet 'dispatcherServlet'");

            app.terminate();

            for (int i = 0; i < IN_FLIGHT; i++) {
                Reply reply = inFlight.get(i).get(GUARD.toSeconds(), TimeUnit.SECONDS);
                assertThat(reply.status()).as("early-%d: %s", i, reply.body()).isEqualTo(200);
            }
            assertThat(app.awaitExit(GUARD)).isEqualTo(143);
            String log = app.log();
            assertThat(log.indexOf("SIGTERM")).as(log).isPositive()
                    .isLessThan(log.indexOf("Closed the ONNX Runtime session"));
        }
    }

    /** One image in work at a time, so that full-size photos queue for seconds. */
    private static AppJvm startOneImageAtATime() {
        return AppJvm.start(AppJvm.LIKE_COMPOSE, List.of("--dfdetect.model.dir=" + ModelDirectories.withLabelsOnly(),
                "--dfdetect.cache.enabled=false", "--dfdetect.inference.max-concurrent-images=1"));
    }

    /** {@link #IN_FLIGHT} copies of {@code photo} sent together, with request ids {@code <prefix>0...}. */
    private List<Future<Reply>> sendAtOnce(AppJvm app, Request photo, String idPrefix) {
        List<Future<Reply>> sent = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            Request request = photo.withHeader("X-Request-Id", idPrefix + i);
            sent.add(callers.submit(() -> OneShotHttp.send(app.port(), request, GUARD)));
        }
        return sent;
    }

    private static void awaitLog(AppJvm app, String text) throws InterruptedException {
        long deadline = System.nanoTime() + GUARD.toNanos();
        while (!app.log().contains(text)) {
            assertThat(System.nanoTime()).as("'%s' logged in time:\n%s", text, app.log()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Tries new connections until one is refused; false if none is within the guard. */
    private static boolean awaitRefusedConnection(int port) throws InterruptedException {
        long deadline = System.nanoTime() + GUARD.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            } catch (ConnectException refused) {
                return true;
            } catch (IOException other) {
                // A reset or a timeout is not the refusal looked for; try again.
            }
            Thread.sleep(20);
        }
        return false;
    }
}
