package com.purepost.dfdetect.support;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a {@link TrafficMix} to the service on 127.0.0.1 from a fixed number of workers, each sending
 * its next request as soon as its last one is answered (a closed loop: the concurrency PurePost's
 * workers would reach), until a number of requests or a duration is reached. Every request goes on
 * a connection of its own with the caller's 30 s timeout.
 */
public final class LoadDriver {

    /** What one request got. {@code status} is -1 when no answer came (timeout, refused, broken). */
    public record Outcome(TrafficMix.Entry entry, int status, String body, long nanos, String error) {

        /** The right answer: a scored image for a good one, the expected refusal for a bad one. */
        public boolean asExpected() {
            if (status != entry.expectedStatus()) {
                return false;
            }
            boolean scored = body.contains("\"success\":true") && body.contains("\"predictions\":[{");
            return entry.request().path().equals("/predict") ? scored == entry.isGoodImage() : true;
        }

        public String describe() {
            String what = error != null ? error : status + " " + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
            return entry.name() + " (expected " + entry.expectedStatus() + "): " + what
                    + String.format(java.util.Locale.ROOT, " after %.2f s", nanos / 1e9);
        }
    }

    private LoadDriver() {
    }

    /**
     * Runs until {@code requests} have been sent or {@code duration} has passed, whichever comes first,
     * numbering requests from {@code firstIndex} (so that consecutive runs continue one sequence).
     */
    public static LoadSummary run(int port, int concurrency, TrafficMix mix, long firstIndex, long requests,
                                  Duration duration) throws InterruptedException {
        AtomicLong next = new AtomicLong(firstIndex);
        long lastIndex = firstIndex + Math.min(requests, Long.MAX_VALUE - firstIndex);
        long deadline = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        List<Future<List<Outcome>>> results = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            results.add(workers.submit(() -> {
                List<Outcome> mine = new ArrayList<>();
                for (long i = next.getAndIncrement(); i < lastIndex && System.nanoTime() < deadline; i = next.getAndIncrement()) {
                    mine.add(send(port, mix.pick(i)));
                }
                return mine;
            }));
        }
        workers.shutdown();
        List<Outcome> all = new ArrayList<>();
        for (Future<List<Outcome>> result : results) {
            try {
                all.addAll(result.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a load worker failed", e.getCause());
            }
        }
        return new LoadSummary(concurrency, all, System.nanoTime() - started);
    }

    private static Outcome send(int port, TrafficMix.Entry entry) {
        long started = System.nanoTime();
        try {
            OneShotHttp.Reply reply = OneShotHttp.send(port, entry.request(), OneShotHttp.CALLER_TIMEOUT);
            return new Outcome(entry, reply.status(), reply.body(), System.nanoTime() - started, null);
        } catch (IOException e) {
            return new Outcome(entry, -1, "", System.nanoTime() - started, e.toString());
        }
    }
}
