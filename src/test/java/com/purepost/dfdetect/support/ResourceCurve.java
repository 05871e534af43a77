package com.purepost.dfdetect.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The app's resident memory, open files and threads sampled at checkpoints of a long run of mixed
 * traffic, each sample taken once the traffic before it has been answered and its connections closed.
 * A leak shows as a figure that keeps growing from checkpoint to checkpoint instead of settling.
 */
public final class ResourceCurve {

    /** The stats after {@code requests} requests. */
    public record Point(long requests, ProcessStats stats) {
    }

    /** Lets the connections of the last requests close before a sample. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final List<Point> points = new ArrayList<>();
    private final List<LoadSummary> runs = new ArrayList<>();

    /**
     * Samples before any traffic, then sends {@code mix} in runs ending at each checkpoint (ascending
     * request counts) and samples after each.
     */
    public static ResourceCurve measure(AppJvm app, TrafficMix mix, int concurrency, long... checkpoints)
            throws InterruptedException {
        ResourceCurve curve = new ResourceCurve();
        curve.points.add(new Point(0, app.stats()));
        long sent = 0;
        for (long checkpoint : checkpoints) {
            curve.runs.add(LoadDriver.run(app.port(), concurrency, mix, sent, checkpoint - sent, Duration.ofHours(1)));
            sent = checkpoint;
            Thread.sleep(SETTLE.toMillis());
            curve.points.add(new Point(sent, app.stats()));
        }
        return curve;
    }

    public List<Point> points() {
        return List.copyOf(points);
    }

    public Point at(long requests) {
        return points.stream().filter(p -> p.requests() == requests).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no checkpoint at " + requests));
    }

    public Point last() {
        return points.get(points.size() - 1);
    }

    /** Every unexpected answer of every run. */
    public List<LoadDriver.Outcome> unexpected() {
        return runs.stream().flatMap(run -> run.unexpected().stream()).toList();
    }

    public String firstUnexpected(int count) {
        return String.join("\n", unexpected().stream().limit(count).map(LoadDriver.Outcome::describe).toList());
    }

    /** A table: requests, RSS, fds, threads, and the latencies of each run. */
    public String report(String title) {
        StringBuilder table = new StringBuilder(title).append(String.format(Locale.ROOT,
                " (load average %s on %d cores)%n%10s %10s %6s %8s   %s%n", LoadSummary.loadAverage(),
                Runtime.getRuntime().availableProcessors(), "requests", "RSS MB", "fds", "threads", "run before the sample"));
        for (int i = 0; i < points.size(); i++) {
            Point point = points.get(i);
            String run = i == 0 ? "(before any traffic)" : describe(runs.get(i - 1));
            table.append(String.format(Locale.ROOT, "%10d %10.1f %6d %8d   %s%n", point.requests(),
                    point.stats().residentMb(), point.stats().openFiles(), point.stats().threads(), run));
        }
        return table.toString();
    }

    private static String describe(LoadSummary run) {
        return String.format(Locale.ROOT, "%d requests, %d unexpected, %.1f req/s, good p50 %.3f s p99 %.3f s",
                run.outcomes().size(), run.unexpected().size(), run.requestsPerSecond(), run.goodImageLatency(0.5),
                run.goodImageLatency(0.99));
    }
}
