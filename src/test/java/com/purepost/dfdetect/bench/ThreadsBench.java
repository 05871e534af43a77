package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.config.DfdetectProperties;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime's intra-op threads against model runs at once, on this machine's cores: the
 * in-process pipeline (no HTTP) under closed-loop load with the realistic mix, for each setting
 * {@code THREADSxRUNS}, settings rotated within each round. Run it under {@code taskset -c 0} to see
 * one core, as Lambda gives one vCPU below 1769 MB. {@code tools/bench.sh threads}.
 *
 * <p>Options: {@code --settings 2x1,1x2} (threads x runs; the first is the baseline; default: the
 * machine's default, one thread per run on every core, and one of each), {@code --concurrency 1,4,8},
 * {@code --seconds N} (10), {@code --warmup-seconds N} (2), {@code --rounds N} (2).
 */
public final class ThreadsBench {

    private ThreadsBench() {
    }

    public static void main(String[] args) {
        BenchOptions options = BenchOptions.of(args);
        int cores = Runtime.getRuntime().availableProcessors();
        DfdetectProperties.Inference auto = InProcessPipeline.inference(0, 0);
        String defaults = String.join(",", new LinkedHashSet<>(List.of(
                auto.effectiveIntraOpThreads() + "x" + auto.effectiveMaxConcurrentRuns(), "1x" + cores, "1x1")));
        List<String> settings = options.list("--settings", defaults);
        List<Integer> levels = options.list("--concurrency", "1,4,8").stream().map(Integer::parseInt).toList();
        double seconds = options.integer("--seconds", 10);
        double warmup = options.integer("--warmup-seconds", 2);
        int rounds = options.integer("--rounds", 2);
        ImageMix mix = ImageMix.realistic();
        Map<String, byte[]> images = new LinkedHashMap<>();
        mix.weights().keySet().forEach(image -> images.put(image, BenchImages.bytes(image)));

        Report report = Report.open("threads");
        Map<String, InProcessPipeline> pipelines = new LinkedHashMap<>();
        Map<String, List<LoadDriver.Result>> results = new LinkedHashMap<>();
        try {
            for (String setting : settings) {
                String[] threadsRuns = setting.split("x");
                InProcessPipeline pipeline = new InProcessPipeline(BenchModels.dir(), InProcessPipeline.inference(
                        Integer.parseInt(threadsRuns[0]), Integer.parseInt(threadsRuns[1])), InProcessPipeline.defaultLimits());
                pipelines.put(setting, pipeline);
                LoadDriver.run(image -> pipeline.score(images.get(image)).success(), mix, 2, 0, 5);
            }
            for (int round = 1; round <= rounds; round++) {
                for (int concurrency : levels) {
                    List<String> order = new ArrayList<>(settings);
                    Collections.rotate(order, round + concurrency);
                    for (String setting : order) {
                        InProcessPipeline pipeline = pipelines.get(setting);
                        System.out.printf("round %d, concurrency %d, %s%n", round, concurrency, setting);
                        results.computeIfAbsent(setting + "@" + concurrency, k -> new ArrayList<>()).add(LoadDriver.run(
                                image -> pipeline.score(images.get(image)).success(), mix, concurrency, warmup, seconds));
                    }
                }
            }
        } finally {
            pipelines.values().forEach(InProcessPipeline::close);
        }
        report.line("");
        report.format("### Intra-op threads x model runs at once, in process, %d cores, %s", cores, mix.describe());
        report.line("");
        report.format("%d rounds of %.0f s per setting and level; medians. Ratio: throughput over the first setting's.",
                rounds, seconds);
        report.line("");
        report.line("| concurrency | threads x runs | answers/s | p50 / p90 / p99, ms | throughput / " + settings.get(0) + " |");
        report.line("|---|---|---|---|---|");
        for (int concurrency : levels) {
            double base = LoadBench.median(results.get(settings.get(0) + "@" + concurrency), LoadDriver.Result::perSecond);
            for (String setting : settings) {
                List<LoadDriver.Result> r = results.get(setting + "@" + concurrency);
                double perSecond = LoadBench.median(r, LoadDriver.Result::perSecond);
                report.format("| %d | %s | %.1f | %s | **%.2f** |", concurrency, setting, perSecond, LoadBench.latencies(r),
                        perSecond / base);
            }
        }
        report.close();
    }
}
