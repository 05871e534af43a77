package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.config.DfdetectProperties;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The HTTP app under load against the in-process pipeline on the same images: throughput and
 * latency percentiles at each concurrency, closed loop, a realistic mix of image sizes. The ratio of
 * the two throughputs is what HTTP, Tomcat and Spring cost. The app runs as the README's first
 * command runs it, in its own JVM; the in-process pipeline runs in this one. Each concurrency level
 * runs both back to back, their order swapped every round. Beside the answers per second, the CPU
 * time each serving process spent per answer: where other work shares the machine, the ratio of
 * those says more steadily what a machine of its own would serve. {@code tools/bench.sh load}.
 *
 * <p>Options: {@code --concurrency 1,2,4,8,16}, {@code --seconds N} measured per run (10),
 * {@code --warmup-seconds N} per run (3), {@code --rounds N} (4), {@code --mix name=weight,...}
 * (see {@link ImageMix#realistic()}), {@code --jvm-options "..."} for the app's JVM,
 * {@code --java PATH} of the app's JVM (this one's).
 */
public final class LoadBench {

    private LoadBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.of(args);
        List<Integer> levels = options.list("--concurrency", "1,2,4,8,16").stream().map(Integer::parseInt).toList();
        double seconds = options.integer("--seconds", 10);
        double warmup = options.integer("--warmup-seconds", 3);
        int rounds = options.integer("--rounds", 4);
        ImageMix mix = options.flag("--mix") ? ImageMix.parse(options.string("--mix", "")) : ImageMix.realistic();
        List<String> jvmOptions = options.words("--jvm-options");
        String java = options.string("--java", Path.of(System.getProperty("java.home"), "bin", "java").toString());

        Report report = Report.open("load");
        Map<Integer, List<LoadDriver.Result>> http = new LinkedHashMap<>();
        Map<Integer, List<LoadDriver.Result>> inProcess = new LinkedHashMap<>();
        DfdetectProperties.Inference inference = InProcessPipeline.inference(0, 0);
        try (HttpApp app = HttpApp.start(java, HttpApp.Launch.of("README command", jvmOptions));
             HttpPredictCall overHttp = new HttpPredictCall(app.uri("/predict"), mix.weights().keySet());
             InProcessPipeline pipeline = new InProcessPipeline(BenchModels.dir(), inference,
                     InProcessPipeline.defaultLimits())) {
            app.awaitHealthy(120);
            Map<String, byte[]> images = new LinkedHashMap<>();
            mix.weights().keySet().forEach(image -> images.put(image, BenchImages.bytes(image)));
            LoadDriver.Call direct = image -> pipeline.score(images.get(image)).success();
            // Both sides JIT-compiled and their sessions open before anything counts
            LoadDriver.run(overHttp, mix, 2, 0, 10);
            LoadDriver.run(direct, mix, 2, 0, 10);
            for (int round = 1; round <= rounds; round++) {
                for (int concurrency : levels) {
                    System.out.printf("round %d, concurrency %d%n", round, concurrency);
                    LoadDriver.Result[] pair = new LoadDriver.Result[2];
                    Runnable first = () -> pair[0] = LoadDriver.run(overHttp, mix, concurrency, warmup, seconds,
                            () -> ProcessUsage.cpuSeconds(app.pid()));
                    Runnable second = () -> pair[1] = LoadDriver.run(direct, mix, concurrency, warmup, seconds,
                            () -> ProcessUsage.cpuSeconds(ProcessHandle.current().pid()));
                    if (round % 2 == 1) {
                        first.run();
                        second.run();
                    } else {
                        second.run();
                        first.run();
                    }
                    http.computeIfAbsent(concurrency, c -> new ArrayList<>()).add(pair[0]);
                    inProcess.computeIfAbsent(concurrency, c -> new ArrayList<>()).add(pair[1]);
                }
            }
        }
        report.line("");
        report.format("### Served (HTTP) against in-process, closed loop, %s", mix.describe());
        report.line("");
        report.format("Quantized stand-in, defaults of this machine (%d intra-op threads, %d model run(s) at once), "
                        + "result cache off; %d rounds of %.0f s per level after %.0f s of warm-up; "
                        + "medians of the rounds. The app: `java %s-jar target/dfdetect.jar`.",
                inference.effectiveIntraOpThreads(), inference.effectiveMaxConcurrentRuns(), rounds, seconds, warmup,
                jvmOptions.isEmpty() ? "" : String.join(" ", jvmOptions) + " ");
        report.line("");
        report.line("| concurrency | HTTP, answers/s | HTTP p50 / p90 / p99, ms | in-process, answers/s "
                + "| in-process p50 / p90 / p99, ms | HTTP / in-process throughput (rounds) "
                + "| CPU ms per answer, HTTP / in-process | HTTP / in-process, from CPU per answer | failed |");
        report.line("|---|---|---|---|---|---|---|---|---|");
        for (int concurrency : levels) {
            List<LoadDriver.Result> h = http.get(concurrency);
            List<LoadDriver.Result> p = inProcess.get(concurrency);
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < h.size(); i++) {
                ratios.add(h.get(i).perSecond() / p.get(i).perSecond());
            }
            double httpCpu = median(h, LoadDriver.Result::cpuMillisPerAnswer);
            double directCpu = median(p, LoadDriver.Result::cpuMillisPerAnswer);
            report.format("| %d | %.1f | %s | %.1f | %s | **%.2f** (%s) | %.0f / %.0f | **%.2f** | %d |", concurrency,
                    median(h, LoadDriver.Result::perSecond), latencies(h), median(p, LoadDriver.Result::perSecond),
                    latencies(p), Stats.median(ratios),
                    ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).collect(Collectors.joining(" ")),
                    httpCpu, directCpu, directCpu / httpCpu,
                    h.stream().mapToLong(LoadDriver.Result::failed).sum() + p.stream().mapToLong(LoadDriver.Result::failed).sum());
        }
        report.close();
    }

    static String latencies(List<LoadDriver.Result> results) {
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", median(results, LoadDriver.Result::p50),
                median(results, LoadDriver.Result::p90), median(results, LoadDriver.Result::p99));
    }

    static double median(List<LoadDriver.Result> results, java.util.function.ToDoubleFunction<LoadDriver.Result> figure) {
        return Stats.median(results.stream().mapToDouble(figure).toArray());
    }
}
