package com.purepost.dfdetect.lambda.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Lambda Runtime API (2018-06-01) as the service sees it, on 127.0.0.1: hands out queued events on
 * {@code GET /runtime/invocation/next} with the headers Lambda sends, and records what comes back on
 * {@code .../response}, {@code .../error} and {@code /runtime/init/error}. A test submits an event
 * and waits for its outcome.
 */
public final class RuntimeApiStub implements AutoCloseable {

    static {
        // Without TCP_NODELAY the JDK's server and the runtime client's small writes meet delayed ACKs,
        // adding about 40 ms to every exchange: latencies measured through the stub would be the stub's.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final String PREFIX = "/2018-06-01/runtime";
    public static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:dfdetect";

    /** What the runtime posted back for one invocation. */
    public record Outcome(String requestId, boolean isError, String body, Map<String, List<String>> headers) {
    }

    private record Invocation(String requestId, byte[] event) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "runtime-api-stub");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean closed;

    private RuntimeApiStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext(PREFIX + "/invocation/next", this::next);
        server.createContext(PREFIX + "/invocation/", this::result);
        server.createContext(PREFIX + "/init/error", this::initError);
        server.start();
    }

    public static RuntimeApiStub start() {
        try {
            return new RuntimeApiStub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an event; the future completes when the runtime posts its response or error. */
    public CompletableFuture<Outcome> submit(byte[] event) {
        String requestId = "req-" + ids.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        outcomes.put(requestId, outcome);
        queue.add(new Invocation(requestId, event));
        return outcome;
    }

    /** Completes with the error body the runtime posted to {@code /runtime/init/error}, if it ever does. */
    public CompletableFuture<String> initError() {
        return initError;
    }

    /** Completes with the time ({@link System#nanoTime()}) the runtime first asked for an event. */
    public CompletableFuture<Long> firstPoll() {
        return firstPoll;
    }

    /** Fails every outcome still awaited: the runtime process has gone and will answer none of them. */
    public void abandon(String why) {
        IllegalStateException gone = new IllegalStateException(why);
        outcomes.values().forEach(outcome -> outcome.completeExceptionally(gone));
        initError.completeExceptionally(gone);
    }

    private void next(HttpExchange exchange) throws IOException {
        firstPoll.complete(System.nanoTime());
        Invocation invocation = null;
        try {
            while (invocation == null && !closed) {
                invocation = queue.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (invocation == null) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        long deadline = System.currentTimeMillis() + Duration.ofMinutes(5).toMillis();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
                "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1");
        exchange.sendResponseHeaders(200, invocation.event().length);
        exchange.getResponseBody().write(invocation.event());
        exchange.close();
    }

    private void result(HttpExchange exchange) throws IOException {
        // .../invocation/{id}/response or .../invocation/{id}/error
        String[] segments = exchange.getRequestURI().getPath().substring((PREFIX + "/invocation/").length()).split("/");
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (segments.length != 2 || !"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 404, "{\"errorMessage\":\"unknown path\"}");
            return;
        }
        CompletableFuture<Outcome> outcome = outcomes.remove(segments[0]);
        respond(exchange, 202, "{\"status\":\"OK\"}");
        if (outcome != null) {
            outcome.complete(new Outcome(segments[0], segments[1].equals("error"),
                    new String(body, StandardCharsets.UTF_8), Map.copyOf(exchange.getRequestHeaders())));
        }
    }

    private void initError(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        respond(exchange, 202, "{\"status\":\"OK\"}");
        initError.complete(new String(body, StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }
}
