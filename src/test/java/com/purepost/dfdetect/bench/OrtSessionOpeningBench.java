package com.purepost.dfdetect.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import com.purepost.dfdetect.imagebuild.NativeLibraryExtraction;
import com.purepost.dfdetect.lambda.runtime.ModelFolders;
import com.purepost.dfdetect.support.ProjectFiles;

import java.io.File;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures, does not assert: where the first request's ONNX Runtime session opening goes, each variant
 * in fresh JVMs (the native library loads once per process), alternated: loading ONNX Runtime's
 * natives (inflated from the jar into /tmp, or from a directory), creating the session at each graph
 * optimization level, from the model as shipped or from one optimized ahead of time
 * ({@code SessionOptions.setOptimizedModelFilePath}), and the first run (the service's blank-image
 * check), with the service's thread settings (2 intra-op threads, no spinning) or one thread.
 *
 * <pre>tools/bench.sh ort-session --runs 5</pre>
 * Options: {@code --runs N} JVMs per variant (5), {@code --model FILE} (the quantized stand-in).
 */
public final class OrtSessionOpeningBench {

    /** A way of opening the session. */
    record Variant(String name, boolean nativesFromDirectory, OptLevel level, boolean preOptimized, int threads) {
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("as the service opens it (ALL_OPT, natives inflated from the jar)", false, OptLevel.ALL_OPT, false, 2),
            new Variant("natives loaded from a directory", true, OptLevel.ALL_OPT, false, 2),
            new Variant("natives from a directory, BASIC_OPT", true, OptLevel.BASIC_OPT, false, 2),
            new Variant("natives from a directory, NO_OPT", true, OptLevel.NO_OPT, false, 2),
            new Variant("natives from a directory, model optimized ahead (ALL_OPT) opened with NO_OPT", true,
                    OptLevel.NO_OPT, true, 2),
            new Variant("natives from a directory, 1 intra-op thread", true, OptLevel.ALL_OPT, false, 1));

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(args);
            return;
        }
        BenchOptions bench = BenchOptions.of(args);
        int runs = bench.integer("--runs", 5);
        Path work = ProjectFiles.resolve("target/bench-ort-session");
        Files.createDirectories(work);
        Path model = Path.of(bench.string("--model", ModelFolders.withStandIns(work, "model")
                .resolve("ResNet18.onnx").toString()));
        Path natives = work.resolve("native");
        String classPath = System.getProperty("java.class.path");
        NativeLibraryExtraction.main(new String[]{natives.toString(), jarOf("onnxruntime-", classPath),
                jarOf("jna-", classPath)});
        Path optimized = work.resolve("optimized.onnx");
        Files.deleteIfExists(optimized);
        run(classPath, natives, new Variant("write the optimized model", true, OptLevel.ALL_OPT, false, 2), model,
                optimized);

        Map<String, List<double[]>> figures = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            for (Variant variant : VARIANTS) {
                double[] one = run(classPath, natives, variant, variant.preOptimized() ? optimized : model, null);
                figures.computeIfAbsent(variant.name(), k -> new ArrayList<>()).add(one);
                System.out.printf("run %d %-80s %s%n", run + 1, variant.name(), java.util.Arrays.toString(one));
            }
        }
        Report report = Report.open("ort-session");
        report.format("%d fresh JVMs per variant, alternated; model %s (%d KB); milliseconds, medians", runs,
                model.getFileName(), Files.size(model) >> 10);
        report.line("");
        report.line("| variant | environment (natives loaded) | session created | first run | second run | total to first answer | ratio |");
        report.line("|---|---|---|---|---|---|---|");
        double base = Double.NaN;
        for (Map.Entry<String, List<double[]>> entry : figures.entrySet()) {
            double[] median = new double[4];
            for (int i = 0; i < 4; i++) {
                int at = i;
                median[i] = Stats.median(entry.getValue().stream().mapToDouble(f -> f[at]).toArray());
            }
            double total = Stats.median(entry.getValue().stream().mapToDouble(f -> f[0] + f[1] + f[2]).toArray());
            if (Double.isNaN(base)) {
                base = total;
            }
            report.format("| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f |", entry.getKey(), median[0], median[1],
                    median[2], median[3], total, total / base);
        }
        report.close();
    }

    private static String jarOf(String prefix, String classPath) {
        return Stream.of(classPath.split(File.pathSeparator))
                .filter(entry -> Path.of(entry).getFileName().toString().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar on the class path"));
    }

    /** One fresh JVM: its four figures in milliseconds. */
    private static double[] run(String classPath, Path natives, Variant variant, Path model, Path writeOptimized)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (variant.nativesFromDirectory()) {
            command.add("-Donnxruntime.native.path=" + natives);
        }
        command.addAll(List.of("-cp", classPath, OrtSessionOpeningBench.class.getName(), "--child",
                variant.level().name(), Boolean.toString(variant.preOptimized()), Integer.toString(variant.threads()),
                model.toString(), writeOptimized == null ? "-" : writeOptimized.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("child failed:\n" + output);
        }
        String line = output.lines().filter(l -> l.startsWith("figures ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no figures:\n" + output));
        return Stream.of(line.substring("figures ".length()).split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    private static void child(String[] args) throws OrtException {
        OptLevel level = OptLevel.valueOf(args[1]);
        int threads = Integer.parseInt(args[3]);
        String model = args[4];
        String writeOptimized = args[5];
        long started = System.nanoTime();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        long environmentReady = System.nanoTime();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(level);
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            if (!writeOptimized.equals("-")) {
                options.setOptimizedModelFilePath(writeOptimized);
            }
            try (OrtSession session = environment.createSession(model, options)) {
                long created = System.nanoTime();
                double first = runBlank(environment, session);
                double second = runBlank(environment, session);
                System.out.printf(java.util.Locale.ROOT, "figures %.1f %.1f %.1f %.1f%n",
                        (environmentReady - started) / 1e6, (created - environmentReady) / 1e6, first, second);
            }
        }
    }

    private static double runBlank(OrtEnvironment environment, OrtSession session) throws OrtException {
        long started = System.nanoTime();
        String input = session.getInputNames().iterator().next();
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.allocate(3 * 224 * 224),
                new long[]{1, 3, 224, 224});
             OrtSession.Result ignored = session.run(Map.of(input, tensor))) {
            return (System.nanoTime() - started) / 1e6;
        }
    }

    private OrtSessionOpeningBench() {
    }
}
