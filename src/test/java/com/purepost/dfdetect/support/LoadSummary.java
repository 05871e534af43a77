package com.purepost.dfdetect.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The outcomes of a load run and their figures: what went wrong, and how long good images took. */
public record LoadSummary(int concurrency, List<LoadDriver.Outcome> outcomes, long elapsedNanos) {

    public LoadSummary {
        outcomes = List.copyOf(outcomes);
    }

    public List<LoadDriver.Outcome> unexpected() {
        return outcomes.stream().filter(o -> !o.asExpected()).toList();
    }

    public long goodImages() {
        return outcomes.stream().filter(o -> o.entry().isGoodImage() && o.entry().request().path().equals("/predict")).count();
    }

    /** Seconds within which {@code fraction} of the good images were answered. */
    public double goodImageLatency(double fraction) {
        long[] sorted = outcomes.stream().filter(o -> o.entry().isGoodImage() && o.entry().request().path().equals("/predict"))
                .mapToLong(LoadDriver.Outcome::nanos).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e9;
    }

    public double slowestSeconds() {
        return outcomes.stream().mapToLong(LoadDriver.Outcome::nanos).max().orElse(0) / 1e9;
    }

    public double requestsPerSecond() {
        return outcomes.size() / (elapsedNanos / 1e9);
    }

    /** How many answers had each status (-1: none). */
    public Map<Integer, Long> statuses() {
        return outcomes.stream().collect(Collectors.groupingBy(LoadDriver.Outcome::status, TreeMap::new, Collectors.counting()));
    }

    /** One paragraph for a report: counts, failures, latencies, throughput, and how busy the machine was. */
    public String report(String title) {
        return String.format(Locale.ROOT,
                "%s: %d requests (%d good images) at concurrency %d in %.1f s, %.1f req/s; unexpected answers: %d; "
                        + "statuses %s; good images p50 %.3f s, p90 %.3f s, p99 %.3f s, slowest request %.3f s; "
                        + "load average %s on %d cores",
                title, outcomes.size(), goodImages(), concurrency, elapsedNanos / 1e9, requestsPerSecond(), unexpected().size(),
                statuses(), goodImageLatency(0.5), goodImageLatency(0.9), goodImageLatency(0.99), slowestSeconds(),
                loadAverage(), Runtime.getRuntime().availableProcessors());
    }

    /** The first few unexpected answers, for a failure message. */
    public String firstUnexpected(int count) {
        return unexpected().stream().limit(count).map(LoadDriver.Outcome::describe).collect(Collectors.joining("\n"));
    }

    /** Linux's 1, 5 and 15 minute load averages: how busy the machine was besides this run. */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return String.join(" ", Arrays.copyOf(fields, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }
}
