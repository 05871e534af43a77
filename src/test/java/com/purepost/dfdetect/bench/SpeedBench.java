package com.purepost.dfdetect.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Our preprocessing and model time side by side with what a user would run instead, in one run:
 * each round runs the JMH preprocessing benchmarks, then Pillow on the same files, then the JMH
 * inference benchmarks (ours, then the bare ONNX Runtime session), each comparison as a pair run back
 * to back, its order swapped every round, so that a busy spell on the machine falls on both sides.
 * The tables give the median of the rounds and the ratio per round. A benchmark, never a test: {@code tools/bench.sh speed}.
 *
 * <p>Options: {@code --rounds N} (3), {@code --iterations N} JMH measurement iterations of
 * {@code --iteration-ms} each (3 x 1000), {@code --warmups N} (2), {@code --pillow-runs N} (15),
 * {@code --only preprocessing|inference}.
 */
public final class SpeedBench {

    private static final String PREPROCESSING = PreprocessingBenchmarks.class.getName();
    private static final String INFERENCE = InferenceBenchmarks.class.getName();
    private static final List<String> STAGES = List.of("decode", "resize", "tensor", "pipeline");

    /** One JMH result: which benchmark method and its parameters, as one string per part. */
    record Key(String method, Map<String, String> params) {
        String param(String name) {
            return params.get(name);
        }
    }

    private SpeedBench() {
    }

    public static void main(String[] args) {
        BenchOptions options = BenchOptions.of(args);
        int rounds = options.integer("--rounds", 3);
        String only = options.string("--only", "all");
        boolean preprocessing = !only.equals("inference");
        boolean inference = !only.equals("preprocessing");
        BenchImages.ALL.forEach(BenchImages::file);
        BenchModels.dir();

        Map<Key, List<Double>> ours = new LinkedHashMap<>();
        Map<PillowTimings.Key, List<Double>> pillow = new LinkedHashMap<>();
        Map<Key, List<Double>> models = new LinkedHashMap<>();
        Report report = Report.open("speed");
        for (int round = 1; round <= rounds; round++) {
            System.out.printf("round %d of %d%n", round, rounds);
            // Each pair runs back to back, first one side then the other, the order swapped every round
            boolean oursFirst = round % 2 == 1;
            for (String image : preprocessing ? BenchImages.ALL : List.<String>of()) {
                Runnable javaSide = () -> collect(jmh(options, PREPROCESSING, ".*", Map.of("image", image)), ours);
                Runnable pillowSide = () -> PillowTimings.measure(List.of(image), options.integer("--pillow-runs", 15))
                        .forEach((key, ms) -> pillow.computeIfAbsent(key, k -> new ArrayList<>()).add(ms));
                inOrder(oursFirst, javaSide, pillowSide);
            }
            for (Map<String, String> params : inference ? inferenceParams(options) : List.<Map<String, String>>of()) {
                inOrder(oursFirst, () -> collect(jmh(options, INFERENCE, "ours", params), models),
                        () -> collect(jmh(options, INFERENCE, "bare", params), models));
            }
        }
        report.format("%d rounds; JMH: %d warm-up and %d measured iterations of %d ms, one fork per benchmark per round; times are medians of the rounds.",
                rounds, options.integer("--warmups", 2), options.integer("--iterations", 3),
                options.integer("--iteration-ms", 1000));
        if (preprocessing) {
            preprocessingTable(report, ours, pillow);
        }
        if (inference) {
            inferenceTables(report, models);
        }
        report.close();
    }

    private static void inOrder(boolean asGiven, Runnable first, Runnable second) {
        (asGiven ? first : second).run();
        (asGiven ? second : first).run();
    }

    /** Every model, batch and thread count, or those {@code --models}, {@code --batches}, {@code --threads} name. */
    private static List<Map<String, String>> inferenceParams(BenchOptions options) {
        List<Map<String, String>> all = new ArrayList<>();
        for (String model : options.list("--models", "QUANTIZED,FP32")) {
            for (String batch : options.list("--batches", "1,4,8")) {
                for (String threads : options.list("--threads", "1,2")) {
                    all.add(Map.of("model", model, "batch", batch, "threads", threads));
                }
            }
        }
        return all;
    }

    /** One JMH run, in a fork of its own, of the benchmark methods matching {@code methods} with these parameters. */
    static Collection<RunResult> jmh(BenchOptions options, String benchmarks, String methods, Map<String, String> params) {
        ChainedOptionsBuilder builder = new OptionsBuilder()
                .include("^" + benchmarks.replace(".", "\\.") + "\\." + methods + "$")
                .forks(options.integer("--forks", 1))
                .warmupIterations(options.integer("--warmups", 2))
                .warmupTime(TimeValue.milliseconds(options.integer("--iteration-ms", 1000)))
                .measurementIterations(options.integer("--iterations", 3))
                .measurementTime(TimeValue.milliseconds(options.integer("--iteration-ms", 1000)))
                .shouldFailOnError(true)
                .jvmArgsAppend("-Dlogback.configurationFile=bench-logback.xml")
                .verbosity(VerboseMode.valueOf(options.string("--jmh-verbosity", "SILENT")));
        params.forEach((name, value) -> builder.param(name, value));
        try {
            return new Runner(builder.build()).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH failed on " + benchmarks + " " + params, e);
        }
    }

    static void collect(Collection<RunResult> results, Map<Key, List<Double>> into) {
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            Map<String, String> params = new LinkedHashMap<>();
            for (String name : result.getParams().getParamsKeys()) {
                params.put(name, result.getParams().getParam(name));
            }
            into.computeIfAbsent(new Key(method, params), k -> new ArrayList<>()).add(result.getPrimaryResult().getScore());
        }
    }

    private static void preprocessingTable(Report report, Map<Key, List<Double>> ours,
                                           Map<PillowTimings.Key, List<Double>> pillow) {
        report.line("");
        report.line("### Preprocessing: ours (JMH) against Pillow 9.4 + numpy on the same file");
        report.line("");
        report.line("| image | stage | ours, ms | Pillow, ms | ours / Pillow (median of rounds) | per round |");
        report.line("|---|---|---|---|---|---|");
        for (String image : BenchImages.ALL) {
            for (String stage : STAGES) {
                List<Double> o = ours.get(new Key(stage, Map.of("image", image)));
                List<Double> p = pillow.get(new PillowTimings.Key(image, stage));
                if (o == null || p == null) {
                    continue;
                }
                report.format("| %s | %s | %.3f | %.3f | **%.2f** | %s |", image, stage, Stats.median(o), Stats.median(p),
                        Stats.median(ratios(o, p)), joined(ratios(o, p)));
            }
        }
    }

    private static void inferenceTables(Report report, Map<Key, List<Double>> models) {
        report.line("");
        report.line("### Model time per image: ours (OnnxModel.logits from a heap array) against the bare session");
        report.line("");
        report.line("| model | batch | intra-op threads | ours, ms/image | bare session, ms/image | ours / bare (median of rounds) | per round |");
        report.line("|---|---|---|---|---|---|---|");
        for (Map.Entry<Key, List<Double>> entry : models.entrySet()) {
            Key key = entry.getKey();
            if (!key.method().equals("ours")) {
                continue;
            }
            List<Double> bare = models.get(new Key("bare", key.params()));
            int batch = Integer.parseInt(key.param("batch"));
            report.format("| %s | %d | %s | %.2f | %.2f | **%.3f** | %s |", key.param("model"), batch, key.param("threads"),
                    Stats.median(entry.getValue()) / batch, Stats.median(bare) / batch,
                    Stats.median(ratios(entry.getValue(), bare)), joined(ratios(entry.getValue(), bare)));
        }
        report.line("");
        report.line("### Quantized against fp32, and what batching buys (ours, per image)");
        report.line("");
        report.line("| batch | intra-op threads | quantized, ms/image | fp32, ms/image | quantized / fp32 | quantized batch / batch 1 | fp32 batch / batch 1 |");
        report.line("|---|---|---|---|---|---|---|");
        for (String batch : List.of("1", "4", "8")) {
            for (String threads : List.of("1", "2")) {
                double quantized = perImage(models, "QUANTIZED", batch, threads);
                double fp32 = perImage(models, "FP32", batch, threads);
                if (Double.isNaN(quantized) || Double.isNaN(fp32)) {
                    continue;
                }
                report.format("| %s | %s | %.2f | %.2f | **%.2f** | %.2f | %.2f |", batch, threads, quantized, fp32,
                        quantized / fp32, quantized / perImage(models, "QUANTIZED", "1", threads),
                        fp32 / perImage(models, "FP32", "1", threads));
            }
        }
    }

    private static double perImage(Map<Key, List<Double>> models, String model, String batch, String threads) {
        List<Double> runs = models.get(new Key("ours", Map.of("model", model, "batch", batch, "threads", threads)));
        return runs == null ? Double.NaN : Stats.median(runs) / Integer.parseInt(batch);
    }

    /** Ours over theirs, round by round: each pair was measured back to back. */
    private static List<Double> ratios(List<Double> ours, List<Double> theirs) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
            ratios.add(ours.get(i) / theirs.get(i));
        }
        return ratios;
    }

    private static String joined(List<Double> ratios) {
        return ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).collect(Collectors.joining(" "));
    }
}
