package com.purepost.dfdetect.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Resident memory of the HTTP app: at rest (started, first answer given, idle) and at its peak under
 * concurrency 8 with nothing but 12-megapixel photos, for each launch (JVM options, environment),
 * each launch a fresh process, launches alternated over rounds. The throughput under that load is
 * given beside it, so that memory is never bought with speed unseen. {@code tools/bench.sh memory}.
 *
 * <p>Options: {@code --launches a,b} (all of {@link #LAUNCHES}), {@code --rounds N} (2),
 * {@code --seconds N} under load (20), {@code --concurrency N} (8), {@code --java PATH}.
 */
public final class MemoryBench {

    /** The launches compared; the first is the README's command, the baseline of the ratios. */
    static final Map<String, HttpApp.Launch> LAUNCHES = new LinkedHashMap<>();

    static {
        add(HttpApp.Launch.of("default", List.of()));
        // As many images in work at once as the bench sends: nothing waits for a decode thread or a slot
        add(HttpApp.Launch.of("8 images at once", List.of())
                .withEnvironment(Map.of("DFDETECT_LIMITS_DECODE_THREADS", "8", "DFDETECT_INFERENCE_MAX_CONCURRENT_IMAGES", "8")));
        // glibc's mmap threshold fixed at 1 MiB (by default it rises to the largest block freed so far):
        // large native buffers are then unmapped as soon as they are freed
        add(HttpApp.Launch.of("malloc: mmap from 1 MiB", List.of())
                .withEnvironment(Map.of("MALLOC_MMAP_THRESHOLD_", "1048576")));
        add(HttpApp.Launch.of("SerialGC", List.of("-XX:+UseSerialGC")));
        add(HttpApp.Launch.of("2 malloc arenas", List.of()).withEnvironment(Map.of("MALLOC_ARENA_MAX", "2")));
        add(HttpApp.Launch.of("Xmx256m", List.of("-Xmx256m")));
        add(HttpApp.Launch.of("fp32 model", List.of())
                .withEnvironment(Map.of("DFDETECT_MODEL_FILE", "ResNet18_unoptimized.onnx")));
    }

    private static void add(HttpApp.Launch launch) {
        LAUNCHES.put(launch.name(), launch);
    }

    /** One launch's figures. */
    record Figures(double restMb, double peakMb, double perSecond, double p50) {
    }

    private MemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.of(args);
        int rounds = options.integer("--rounds", 2);
        double seconds = options.integer("--seconds", 20);
        int concurrency = options.integer("--concurrency", 8);
        String java = options.string("--java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> names = options.list("--launches", String.join(",", LAUNCHES.keySet()));

        Report report = Report.open("memory");
        Map<String, List<Figures>> figures = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            List<String> order = new ArrayList<>(names);
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (String name : order) {
                Figures f = measure(java, LAUNCHES.get(name), concurrency, seconds);
                System.out.printf(Locale.ROOT, "round %d %-20s rest %.0f MB, peak %.0f MB, %.1f answers/s%n", round, name,
                        f.restMb(), f.peakMb(), f.perSecond());
                figures.computeIfAbsent(name, n -> new ArrayList<>()).add(f);
            }
        }
        report.line("");
        report.format("### Resident memory of the HTTP app: at rest, and at peak under concurrency %d with %s only",
                concurrency, BenchImages.PHOTO_12MP);
        report.line("");
        report.format("Quantized stand-in, result cache off; %d rounds of %.0f s, a fresh process each; medians.",
                rounds, seconds);
        report.line("");
        report.line("| launch | JVM options / environment | RSS at rest, MB | peak RSS, MB | peak / default | answers/s | p50, ms |");
        report.line("|---|---|---|---|---|---|---|");
        double basePeak = Double.NaN;
        for (String name : names) {
            List<Figures> f = figures.get(name);
            double peak = Stats.median(f.stream().mapToDouble(Figures::peakMb).toArray());
            if (Double.isNaN(basePeak)) {
                basePeak = peak;
            }
            HttpApp.Launch launch = LAUNCHES.get(name);
            report.format("| %s | `%s` | %.0f | **%.0f** | %.2f | %.1f | %.0f |", name, launch.describe(),
                    Stats.median(f.stream().mapToDouble(Figures::restMb).toArray()), peak, peak / basePeak,
                    Stats.median(f.stream().mapToDouble(Figures::perSecond).toArray()),
                    Stats.median(f.stream().mapToDouble(Figures::p50).toArray()));
        }
        report.close();
    }

    static Figures measure(String java, HttpApp.Launch launch, int concurrency, double seconds) throws Exception {
        try (HttpApp app = HttpApp.start(java, launch);
             HttpPredictCall call = new HttpPredictCall(app.uri("/predict"), BenchImages.ALL)) {
            app.awaitHealthy(120);
            for (String image : BenchImages.ALL) {
                call.score(image);
            }
            Thread.sleep(2000);
            double rest = ProcessUsage.rssMb(app.pid());
            AtomicBoolean loading = new AtomicBoolean(true);
            double[] sampledPeak = {0};
            Thread sampler = new Thread(() -> {
                while (loading.get()) {
                    sampledPeak[0] = Math.max(sampledPeak[0], ProcessUsage.rssMb(app.pid()));
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            LoadDriver.Result result = LoadDriver.run(call, ImageMix.only(BenchImages.PHOTO_12MP), concurrency, 0, seconds);
            loading.set(false);
            sampler.join();
            double peak = Math.max(sampledPeak[0], ProcessUsage.peakRssMb(app.pid()));
            return new Figures(rest, peak, result.perSecond(), result.p50());
        }
    }
}
