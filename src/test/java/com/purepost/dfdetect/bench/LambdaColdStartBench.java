package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.lambda.runtime.LambdaEvents;
import com.purepost.dfdetect.lambda.runtime.LambdaJvm;
import com.purepost.dfdetect.lambda.runtime.ModelFolders;
import com.purepost.dfdetect.lambda.runtime.RuntimeApiStub;
import com.purepost.dfdetect.lambda.runtime.S3Server;
import com.purepost.dfdetect.support.MultipartUpload;
import com.purepost.dfdetect.support.ProjectFiles;
import com.purepost.dfdetect.support.TestImages;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Measures, does not assert: cold start of the Lambda runtime (JVM start to the first answered
 * invocation: a health check, then a first predict, which opens the model session) under several
 * JVM option sets, runs alternated side by side so that machine noise spreads over all of them; then
 * warm latency per event type. Everything goes through the real runtime interface client on the task
 * root {@code target/lambda/}, in one of three {@link Layout}s: on the class path as the runtime tests
 * run it, loaded by the runtime client's own class loader as the Lambda image runs it, or packed as
 * a jar. Sets with class data sharing make their archive in a training run first.
 *
 * <pre>tools/bench.sh cold-lambda --runs 5</pre>
 * Options: {@code --runs N} cold starts per option set (5), {@code --warm N} invocations per event
 * type once warm (40; 0 skips the warm table), {@code --sets a,b} (all but the JDK 25 one),
 * {@code --java PATH} the java executable of the runtime JVM (this JVM's).
 */
public final class LambdaColdStartBench {

    /** How the runtime JVM finds our classes. */
    enum Layout {
        /** {@code -cp target/lambda:target/lambda/lib/*}: the task root on the class path, as the runtime tests run it. */
        CLASS_PATH,
        /**
         * As the Lambda image runs it: only the runtime client's jars on the class path, and the task root
         * ({@code LAMBDA_TASK_ROOT}, the working directory) loaded by the runtime client's own class loader.
         */
        RUNTIME_LOADER,
        /** The application packed as a jar before {@code lib/*} on the class path ({@link LambdaJarLayout}). */
        JAR
    }

    /**
     * A JVM option set. {@code training}, when not null, are the options of a training run made once
     * before the measured runs, in the same layout; {@code @ARCHIVE@} in either stands for the archive
     * file. A training that exits by itself ({@code spring.context.exit=onRefresh}, as the Dockerfile
     * trains) needs no invocation; any other answers a health check and a prediction, then is stopped.
     */
    record OptionSet(List<String> options, Layout layout, List<String> training) {
        OptionSet(List<String> options) {
            this(options, Layout.CLASS_PATH, null);
        }

        boolean trainingExitsByItself() {
            return training != null && training.contains(EXIT_ON_REFRESH);
        }
    }

    /** The JVM option sets compared; the first is the baseline of the ratios. */
    static final Map<String, OptionSet> OPTION_SETS = new LinkedHashMap<>();

    /**
     * Added to every set: the heap ergonomics of a 3008 MB function (the template's memory size), where
     * the JVM sizes its heap from the function's memory, not from this machine's.
     */
    static final List<String> LIKE_LAMBDA = List.of("-XX:MaxRAM=3008m");

    private static final List<String> C1_SERIAL = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");
    /** Where a training run writes its archive; replaced in the options of its set. */
    private static final String ARCHIVE = "@ARCHIVE@";
    private static final String EXIT_ON_REFRESH = "-Dspring.context.exit=onRefresh";

    static {
        OPTION_SETS.put("default", new OptionSet(List.of()));
        OPTION_SETS.put("C1 + SerialGC", new OptionSet(C1_SERIAL));
        // application-lambda.properties excludes the auto-configurations Lambda mode never uses; this undoes it
        OPTION_SETS.put("C1 + SerialGC with all auto-configurations",
                new OptionSet(with(with(C1_SERIAL, "-Dspring.autoconfigure.exclude="),
                        // the readiness group names the HTTP app's model indicator, absent in Lambda mode
                        "-Dmanagement.endpoint.health.validate-group-membership=false")));
        OPTION_SETS.put("C1 + SerialGC + lazy beans",
                new OptionSet(with(C1_SERIAL, "-Dspring.main.lazy-initialization=true")));
        OPTION_SETS.put("as in the image: C1 + SerialGC", new OptionSet(C1_SERIAL, Layout.RUNTIME_LOADER, null));
        OPTION_SETS.put("as in the image: C1 + SerialGC + AppCDS trained at build",
                new OptionSet(with(C1_SERIAL, "-XX:SharedArchiveFile=" + ARCHIVE), Layout.RUNTIME_LOADER,
                        with(with(C1_SERIAL, "-XX:ArchiveClassesAtExit=" + ARCHIVE), EXIT_ON_REFRESH)));
        OPTION_SETS.put("C1 + SerialGC + AppCDS trained on a prediction (application jar)",
                new OptionSet(with(C1_SERIAL, "-XX:SharedArchiveFile=" + ARCHIVE), Layout.JAR,
                        with(C1_SERIAL, "-XX:ArchiveClassesAtExit=" + ARCHIVE)));
        // JDK 24 and later only (run with --java and --sets naming it): the AOT cache of JEP 483, which also
        // keeps classes linked and, from JDK 25, method profiles
        OPTION_SETS.put("C1 + SerialGC + AOT cache trained on a prediction (JDK 25)",
                new OptionSet(with(C1_SERIAL, "-XX:AOTCache=" + ARCHIVE), Layout.JAR,
                        with(C1_SERIAL, "-XX:AOTCacheOutput=" + ARCHIVE)));
    }

    /** The sets run when {@code --sets} names none: all but those needing a JDK this one may not be. */
    private static final String DEFAULT_SETS = String.join(",", OPTION_SETS.keySet().stream()
            .filter(name -> !name.contains("JDK 25")).toList());

    private static List<String> with(List<String> options, String more) {
        List<String> all = new ArrayList<>(options);
        all.add(more);
        return List.copyOf(all);
    }

    /** Seconds from JVM start to each first answer, and the CPU seconds the JVM had used by then. */
    private record Cold(double health, double predict, double healthCpu, double predictCpu) {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions bench = BenchOptions.of(args);
        int runs = bench.integer("--runs", 5);
        int warm = bench.integer("--warm", 40);
        String java = bench.string("--java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> names = bench.list("--sets", DEFAULT_SETS);

        Path work = Files.createTempDirectory("dfdetect-bench-");
        Path modelDir = ModelFolders.withStandIns(work, "model");
        MultipartUpload upload = MultipartUpload.asPurePostSends(TestImages.jpeg(1024, 768));
        byte[] restPredict = LambdaEvents.restApi("POST", "/predict", Map.of("Content-Type", upload.contentType()), upload.body());
        byte[] health = LambdaEvents.restApi("GET", "/health", Map.of(), null);

        try (S3Server s3 = S3Server.start()) {
            S3Client client = s3.client();
            client.createBucket(b -> b.bucket("bench"));
            Map<String, List<Cold>> cold = new LinkedHashMap<>();
            names.forEach(name -> cold.put(name, new ArrayList<>()));
            Map<String, Map<String, double[]>> warmByOptions = new LinkedHashMap<>();
            Path cdsDir = ProjectFiles.resolve("target/bench-cds/lambda");
            Launcher launcher = new Launcher(java, modelDir, s3,
                    LambdaJarLayout.build(LambdaJvm.taskRoot(), cdsDir.resolve("dfdetect-lambda.jar")));
            Map<String, Path> archives = new LinkedHashMap<>();
            for (String name : names) {
                OptionSet set = OPTION_SETS.get(name);
                if (set.training() != null) {
                    Path archive = cdsDir.resolve("archive-" + archives.size() + ".jsa");
                    train(launcher, set, archive, health, restPredict);
                    archives.put(name, archive);
                }
            }

            Report report = Report.open("cold-lambda");
            report.format("java: %s; %d cold starts per option set, alternated; %d warm calls per event type",
                    java, runs, warm);
            for (int run = 0; run < runs; run++) {
                for (String name : names) {
                    OptionSet set = OPTION_SETS.get(name);
                    Path archive = archives.get(name);
                    List<String> options = set.options().stream()
                            .map(o -> archive == null ? o : o.replace(ARCHIVE, archive.toString())).toList();
                    boolean measureWarm = run == runs - 1 && warm > 0;
                    try (RuntimeApiStub api = RuntimeApiStub.start();
                         LambdaJvm lambda = launcher.start(api, options, set.layout())) {
                        long started = lambda.startedNanos();
                        invoke(api, lambda, health);
                        double healthSeconds = (System.nanoTime() - started) / 1e9;
                        double healthCpu = ProcessUsage.cpuSeconds(lambda.pid());
                        invoke(api, lambda, restPredict);
                        double predictSeconds = (System.nanoTime() - started) / 1e9;
                        double predictCpu = ProcessUsage.cpuSeconds(lambda.pid());
                        cold.get(name).add(new Cold(healthSeconds, predictSeconds, healthCpu, predictCpu));
                        System.out.printf(Locale.ROOT, "run %d %-36s health %.2f s (CPU %.2f s), first predict %.2f s "
                                + "(CPU %.2f s)%n", run + 1, name, healthSeconds, healthCpu, predictSeconds, predictCpu);
                        if (measureWarm) {
                            warmByOptions.put(name, warmLatencies(api, lambda, client, warm));
                        }
                    }
                }
            }
            report(report, cold, warmByOptions);
            report.close();
        } finally {
            try (var files = Files.walk(work)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /**
     * A training run in the set's layout: it writes the archive as its JVM exits, either by itself once
     * the context is refreshed, or when stopped (as Lambda stops an environment) after a health check
     * and a prediction.
     */
    private static void train(Launcher launcher, OptionSet set, Path archive, byte[] health, byte[] predict)
            throws Exception {
        Files.deleteIfExists(archive);
        List<String> options = set.training().stream().map(o -> o.replace(ARCHIVE, archive.toString())).toList();
        try (RuntimeApiStub api = RuntimeApiStub.start();
             LambdaJvm lambda = launcher.start(api, options, set.layout())) {
            if (set.trainingExitsByItself()) {
                if (!lambda.waitForExit(Duration.ofMinutes(3))) {
                    throw new IllegalStateException("the training run did not exit:\n" + lambda.log());
                }
            } else {
                invoke(api, lambda, health);
                invoke(api, lambda, predict);
            }
        }
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training run wrote no archive " + archive);
        }
    }

    /** Starts runtime JVMs on the bench's model directory and S3 server, in a given layout. */
    private record Launcher(String java, Path modelDir, S3Server s3, List<Path> jarLayout) {

        LambdaJvm start(RuntimeApiStub api, List<String> options, Layout layout) {
            LambdaJvm.Builder builder = LambdaJvm.builder(api).java(java)
                    .env("DFDETECT_MODEL_DIR", modelDir.toString())
                    .env("AWS_ENDPOINT_URL_S3", s3.endpoint())
                    .env("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY)
                    .env("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY)
                    // The cache would answer repeated images without a model run: warm figures must include it.
                    .env("DFDETECT_CACHE_ENABLED", "false");
            List<String> all = new ArrayList<>(LIKE_LAMBDA);
            all.addAll(options);
            builder.env("JAVA_TOOL_OPTIONS", String.join(" ", all));
            if (layout == Layout.JAR) {
                builder.classPath(jarLayout);
            } else if (layout == Layout.RUNTIME_LOADER) {
                Path root = LambdaJvm.taskRoot().toAbsolutePath();
                builder.env("LAMBDA_TASK_ROOT", root.toString()).workingDirectory(root).classPath(runtimeJars(root));
            }
            return builder.start();
        }

        /** What the runtime puts on its class path: the runtime client and the libraries it depends on. */
        private static List<Path> runtimeJars(Path taskRoot) {
            try (var jars = Files.list(taskRoot.resolve("lib"))) {
                return jars.filter(jar -> jar.getFileName().toString().matches(
                        "(aws-lambda-java-(runtime-interface-client|core|serialization)|utils-lite)-[0-9.]+\\.jar"))
                        .sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Milliseconds per call, median and 90th percentile, for each kind of event. */
    private static Map<String, double[]> warmLatencies(RuntimeApiStub api, LambdaJvm lambda, S3Client s3, int calls) {
        byte[] jpeg = TestImages.jpeg(1024, 768);
        MultipartUpload upload = MultipartUpload.asPurePostSends(jpeg);
        s3.putObject(b -> b.bucket("bench").key("uploads/photo.jpg"), RequestBody.fromBytes(jpeg));
        Map<String, Supplier<byte[]>> events = new LinkedHashMap<>();
        events.put("REST health", () -> LambdaEvents.restApi("GET", "/health", Map.of(), null));
        events.put("REST predict (multipart, 1024x768 JPEG)", () -> LambdaEvents.restApi("POST", "/predict",
                Map.of("Content-Type", upload.contentType()), upload.body()));
        events.put("HTTP API predict (multipart)", () -> LambdaEvents.httpApi("POST", "/predict",
                Map.of("Content-Type", upload.contentType()), upload.body()));
        events.put("HTTP API predict (raw image/jpeg)", () -> LambdaEvents.httpApi("POST", "/predict",
                Map.of("Content-Type", "image/jpeg"), jpeg));
        events.put("REST 404", () -> LambdaEvents.restApi("GET", "/nowhere", Map.of(), null));
        events.put("S3 put (get, score, put result)", () -> LambdaEvents.s3Put("bench", "uploads/photo.jpg"));
        Map<String, double[]> latencies = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<byte[]>> event : events.entrySet()) {
            byte[] body = event.getValue().get();
            for (int i = 0; i < 10; i++) {
                invoke(api, lambda, body);
            }
            double[] millis = new double[calls];
            for (int i = 0; i < calls; i++) {
                long started = System.nanoTime();
                invoke(api, lambda, body);
                millis[i] = (System.nanoTime() - started) / 1e6;
            }
            Arrays.sort(millis);
            latencies.put(event.getKey(), new double[]{millis[calls / 2], millis[(int) Math.ceil(calls * 0.9) - 1]});
        }
        return latencies;
    }

    private static Cold medians(List<Cold> colds) {
        return new Cold(Stats.median(colds.stream().mapToDouble(Cold::health).toArray()),
                Stats.median(colds.stream().mapToDouble(Cold::predict).toArray()),
                Stats.median(colds.stream().mapToDouble(Cold::healthCpu).toArray()),
                Stats.median(colds.stream().mapToDouble(Cold::predictCpu).toArray()));
    }

    private static void invoke(RuntimeApiStub api, LambdaJvm lambda, byte[] event) {
        try {
            RuntimeApiStub.Outcome outcome = api.submit(event).get(180, TimeUnit.SECONDS);
            if (outcome.isError()) {
                throw new IllegalStateException("invocation failed: " + outcome.body());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e + "\n--- runtime log ---\n" + lambda.log(), e);
        }
    }

    private static void report(Report report, Map<String, List<Cold>> cold, Map<String, Map<String, double[]>> warm) {
        String baseline = cold.keySet().iterator().next();
        Cold base = medians(cold.get(baseline));
        report.line("");
        report.line("| JVM options | to health answered | ratio | to first predict | ratio "
                + "| CPU used by then (health / predict) | CPU ratio (predict) |");
        report.line("|---|---|---|---|---|---|---|");
        for (Map.Entry<String, List<Cold>> entry : cold.entrySet()) {
            Cold median = medians(entry.getValue());
            report.format("| %s `%s` | %.2f s | %.2f | %.2f s | %.2f | %.2f s / %.2f s | %.2f |", entry.getKey(),
                    String.join(" ", OPTION_SETS.get(entry.getKey()).options()).replace(ARCHIVE, "…"), median.health(),
                    median.health() / base.health(), median.predict(), median.predict() / base.predict(),
                    median.healthCpu(), median.predictCpu(), median.predictCpu() / base.predictCpu());
        }
        report.line("");
        if (warm.isEmpty()) {
            return;
        }
        List<String> optionNames = new ArrayList<>(warm.keySet());
        report.line("| warm, ms (median / p90) | " + String.join(" | ", optionNames) + " |");
        report.line("|---" + "|---".repeat(optionNames.size()) + "|");
        for (String event : warm.get(optionNames.get(0)).keySet()) {
            StringBuilder row = new StringBuilder("| " + event + " |");
            for (String options : optionNames) {
                double[] figures = warm.get(options).get(event);
                row.append(String.format(Locale.ROOT, " %.1f / %.1f |", figures[0], figures[1]));
            }
            report.line(row.toString());
        }
    }

    private LambdaColdStartBench() {
    }
}
