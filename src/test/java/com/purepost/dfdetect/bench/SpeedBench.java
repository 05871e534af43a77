package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.model.standin.StandInModels;
import org.openjdk.jmh.annotations.Benchmark;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Our preprocessing and model time side by side with what a user would run instead, in one run:
 * each stage of each image against Pillow 9.4 + numpy doing the same on the same file
 * ({@link PillowWorker}), and our model call against the bare ONNX Runtime session on a ready tensor,
 * for each model, batch size and thread count; then quantized against fp32, and a batch against
 * single images. The work timed is the JMH benchmarks' own bodies ({@link PreprocessingBenchmarks},
 * {@link InferenceBenchmarks}); each comparison is sampled one run for one, alternately
 * ({@link PairedSampler}), so that a busy spell on a shared machine falls on both sides.
 * {@code tools/bench.sh speed}; {@code tools/bench.sh jmh} runs the same bodies under JMH alone.
 *
 * <p>Options: {@code --runs N} timed pairs per comparison (30), {@code --warmups N} (10),
 * {@code --only preprocessing|inference}, {@code --models QUANTIZED,FP32}, {@code --batches 1,4,8},
 * {@code --threads 1,2}.
 */
public final class SpeedBench {

    private static final List<String> STAGES = List.of("load", "convert", "decode", "resize", "tensor", "pipeline");

    private SpeedBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.of(args);
        String only = options.string("--only", "all");
        int runs = options.integer("--runs", 30);
        int warmups = options.integer("--warmups", 10);
        Report report = Report.open("speed");
        report.format("Each ratio: medians of %d runs of each side, taken one for one, alternately, after %d warm-up runs "
                + "of each; spread: the quartiles of the %d pairwise ratios.", runs, warmups, runs);
        if (!only.equals("inference")) {
            preprocessing(report, warmups, runs);
        }
        if (!only.equals("preprocessing")) {
            inference(report, options, warmups, runs);
        }
        report.close();
    }

    private static void preprocessing(Report report, int warmups, int runs) {
        report.line("");
        report.line("### Preprocessing: ours against Pillow 9.4 + numpy on the same file");
        report.line("");
        report.line("| image | stage | ours, ms | Pillow, ms | ours / Pillow | spread |");
        report.line("|---|---|---|---|---|---|");
        try (PillowWorker pillow = new PillowWorker()) {
            for (String image : BenchImages.ALL) {
                PreprocessingBenchmarks ours = new PreprocessingBenchmarks();
                ours.image = image;
                ours.prepare();
                Map<String, Runnable> stages = Map.of("load", ours::load, "convert", ours::convert, "decode", ours::decode,
                        "resize", ours::resize,
                        "tensor", ours::tensor, "pipeline", ours::pipeline);
                for (String stage : STAGES) {
                    System.out.printf("%s %s%n", image, stage);
                    PairedSampler.Pair pair = PairedSampler.sample(PairedSampler.timed(stages.get(stage)),
                            () -> pillow.millis(stage, BenchImages.file(image)), warmups, runs);
                    report.format("| %s | %s | %.3f | %.3f | **%.2f** | %s |", image, stage, pair.medianA(), pair.medianB(),
                            pair.ratio(), pair.spread());
                }
            }
        }
    }

    private static void inference(Report report, BenchOptions options, int warmups, int runs) throws Exception {
        List<String> models = options.list("--models", "QUANTIZED,FP32");
        List<Integer> batches = options.list("--batches", "1,4,8").stream().map(Integer::parseInt).toList();
        List<Integer> threadCounts = options.list("--threads", "1,2").stream().map(Integer::parseInt).toList();
        report.line("");
        report.line("### Model time per image: ours (OnnxModel.logits from the heap array preprocessing gives) "
                + "against the bare session on a ready tensor");
        report.line("");
        report.line("| model | batch | intra-op threads | ours, ms/image | bare session, ms/image | ours / bare | spread |");
        report.line("|---|---|---|---|---|---|---|");
        for (String model : models) {
            for (int batch : batches) {
                for (int threads : threadCounts) {
                    System.out.printf("%s batch %d threads %d%n", model, batch, threads);
                    try (Model ours = new Model(model, batch, threads); Model bare = new Model(model, batch, threads)) {
                        PairedSampler.Pair pair = PairedSampler.sample(ours.ours(), bare.bare(), warmups, runs);
                        report.format("| %s | %d | %d | %.2f | %.2f | **%.3f** | %s |", model, batch, threads,
                                pair.medianA() / batch, pair.medianB() / batch, pair.ratio(), pair.spread());
                    }
                }
            }
        }
        if (!models.containsAll(List.of("QUANTIZED", "FP32"))) {
            return;
        }
        report.line("");
        report.line("### Quantized against fp32 (ours, one image per run)");
        report.line("");
        report.line("| intra-op threads | quantized, ms/image | fp32, ms/image | quantized / fp32 | spread |");
        report.line("|---|---|---|---|---|");
        for (int threads : threadCounts) {
            try (Model quantized = new Model("QUANTIZED", 1, threads); Model fp32 = new Model("FP32", 1, threads)) {
                PairedSampler.Pair pair = PairedSampler.sample(quantized.ours(), fp32.ours(), warmups, runs);
                report.format("| %d | %.2f | %.2f | **%.2f** | %s |", threads, pair.medianA(), pair.medianB(), pair.ratio(),
                        pair.spread());
            }
        }
        int largest = batches.stream().mapToInt(Integer::intValue).max().orElse(1);
        if (largest == 1) {
            return;
        }
        report.line("");
        report.format("### What batching buys: model time per image in a batch of %d against one image per run (ours)", largest);
        report.line("");
        report.format("| model | intra-op threads | batch of %d, ms/image | batch of 1, ms/image | batch / single | spread |", largest);
        report.line("|---|---|---|---|---|---|");
        for (String model : models) {
            for (int threads : threadCounts) {
                try (Model batched = new Model(model, largest, threads); Model single = new Model(model, 1, threads)) {
                    DoubleSupplier perImage = batched.ours();
                    PairedSampler.Pair pair = PairedSampler.sample(() -> perImage.getAsDouble() / largest, single.ours(),
                            warmups, runs);
                    report.format("| %s | %d | %.2f | %.2f | **%.2f** | %s |", model, threads, pair.medianA(), pair.medianB(),
                            pair.ratio(), pair.spread());
                }
            }
        }
    }

    /** One model, batch and thread count, opened through the JMH benchmark's own state classes. */
    private static final class Model implements AutoCloseable {
        private final InferenceBenchmarks benchmarks = new InferenceBenchmarks();
        private final InferenceBenchmarks.Batch batch = new InferenceBenchmarks.Batch();
        private InferenceBenchmarks.Ours ours;
        private InferenceBenchmarks.Bare bare;

        Model(String model, int size, int threads) {
            batch.model = StandInModels.Variant.valueOf(model);
            batch.batch = size;
            batch.threads = threads;
            batch.prepare();
        }

        /** The {@link Benchmark} {@code ours}, timed. */
        DoubleSupplier ours() {
            ours = new InferenceBenchmarks.Ours();
            ours.open(batch);
            return PairedSampler.timed(() -> benchmarks.ours(batch, ours));
        }

        /** The {@link Benchmark} {@code bare}, timed. */
        DoubleSupplier bare() throws Exception {
            bare = new InferenceBenchmarks.Bare();
            bare.open(batch);
            return PairedSampler.timed(() -> {
                try {
                    benchmarks.bare(bare);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        @Override
        public void close() throws Exception {
            if (ours != null) {
                ours.close();
            }
            if (bare != null) {
                bare.close();
            }
        }
    }
}
