package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.lambda.runtime.LambdaEvents;
import com.purepost.dfdetect.lambda.runtime.ModelFolders;
import com.purepost.dfdetect.lambda.runtime.RuntimeApiStub;
import com.purepost.dfdetect.lambda.runtime.S3Server;
import com.purepost.dfdetect.support.MultipartUpload;
import com.purepost.dfdetect.support.ProcessLog;
import com.purepost.dfdetect.support.TestImages;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures, does not assert: the built images' cold start, from {@code docker run} to the first
 * answered prediction, one row per lever, the rows alternated run by run so that machine noise
 * spreads over all of them; then warm latency per event type on the last run of each row.
 *
 * <p>Lambda rows run the {@code lambda} image on the host network against a Runtime API stub whose
 * first event is a multipart predict (REST API); the baked-in model is served, stand-ins allowed for
 * the measurement. HTTP rows run the default image with the port and a stand-in model volume given,
 * polling {@code POST /predict} (PurePost's call) until it answers 200. Rows that change JVM options
 * override the image's entrypoint; rows given as other images (built from another Dockerfile or task
 * root, {@code --lambda-images name=tag,...}) run as built.
 *
 * <pre>tools/bench.sh cold-images --runs 5</pre>
 * Options: {@code --runs N} cold starts per row (5), {@code --warm N} calls per event type once warm
 * (30; 0 skips), {@code --lambda-image TAG} (dfdetect-lambda), {@code --http-image TAG}
 * (dfdetect-service), {@code --lambda-images name=tag,...} and {@code --http-images name=tag,...}
 * further images as built, {@code --only lambda|http}.
 */
public final class ImageColdStartBench {

    private static final String RUNTIME_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String HANDLER = "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";
    private static final String TASK_CLASS_PATH = "/var/task/lib/dfdetect-lambda.jar:/var/task/lib/*";
    private static final List<String> C1_SERIAL = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final Pattern SESSION_OPENED = Pattern.compile("Opened the ONNX Runtime session .*? in (\\d+) ms");
    private static final Pattern SPRING_STARTED = Pattern.compile("Started DfdetectApplication in ([0-9.]+) seconds "
            + "\\(process running for ([0-9.]+)\\)");

    /** One row: an image, and the JVM options that replace its entrypoint's (null: the image as built). */
    record Row(String name, String image, List<String> jvmOptions) {
    }

    /** One cold start: seconds to the first predict, and what the JVM's own log says of its parts. */
    record Cold(double seconds, double springStarted, double processAtStart, double sessionMillis) {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions bench = BenchOptions.of(args);
        int runs = bench.integer("--runs", 5);
        int warm = bench.integer("--warm", 30);
        String only = bench.string("--only", "");
        Report report = Report.open("cold-images");
        report.format("%d cold starts per row, rows alternated; time from `docker run` to the first answered "
                + "predict; %d warm calls per event type on each row's last run", runs, warm);
        if (!only.equals("http")) {
            lambda(report, lambdaRows(bench), runs, warm);
        }
        if (!only.equals("lambda")) {
            http(report, httpRows(bench), runs, warm);
        }
        report.close();
    }

    /** Cumulative levers, each row adding one to the row above; the last of them is the image as built. */
    static List<Row> lambdaRows(BenchOptions bench) {
        String image = bench.string("--lambda-image", "dfdetect-lambda");
        List<String> aot = with(C1_SERIAL, "-XX:AOTCache=/var/task/dfdetect.aot");
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("default JIT and GC, no AOT cache, natives inflated at each start", image, List.of()));
        rows.add(new Row("+ C1 + SerialGC", image, C1_SERIAL));
        rows.add(new Row("+ AOT cache trained at build", image, aot));
        rows.add(new Row("+ natives loaded from the image (the image as built)", image, null));
        rows.addAll(imagesAsBuilt(bench.list("--lambda-images", "")));
        return rows;
    }

    static List<Row> httpRows(BenchOptions bench) {
        String image = bench.string("--http-image", "dfdetect-service");
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("no AOT cache, natives inflated at each start", image, List.of()));
        rows.add(new Row("+ AOT cache trained at build", image, List.of("-XX:AOTCache=/app/dfdetect.aot")));
        rows.add(new Row("+ natives loaded from the image (the image as built)", image, null));
        rows.addAll(imagesAsBuilt(bench.list("--http-images", "")));
        return rows;
    }

    private static List<String> with(List<String> options, String more) {
        List<String> all = new ArrayList<>(options);
        all.add(more);
        return List.copyOf(all);
    }

    private static List<Row> imagesAsBuilt(List<String> namedTags) {
        return namedTags.stream().map(named -> {
            int eq = named.indexOf('=');
            return new Row(named.substring(0, eq), named.substring(eq + 1), null);
        }).toList();
    }

    // ------------------------------------------------------------------------------------------------
    // Lambda

    private static void lambda(Report report, List<Row> rows, int runs, int warm) throws Exception {
        byte[] jpeg = TestImages.jpeg(1024, 768);
        MultipartUpload upload = MultipartUpload.asPurePostSends(jpeg);
        byte[] firstEvent = LambdaEvents.restApi("POST", "/predict", Map.of("Content-Type", upload.contentType()),
                upload.body());
        Map<String, List<Cold>> cold = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> warmByRow = new LinkedHashMap<>();
        try (S3Server s3 = S3Server.start()) {
            s3.client().createBucket(b -> b.bucket("bench"));
            s3.client().putObject(b -> b.bucket("bench").key("uploads/photo.jpg"), RequestBody.fromBytes(jpeg));
            for (int run = 0; run < runs; run++) {
                for (Row row : rows) {
                    boolean last = run == runs - 1 && warm > 0;
                    try (RuntimeApiStub api = RuntimeApiStub.start();
                         Container container = Container.start(lambdaCommand(row, api, s3))) {
                        long started = container.startedNanos();
                        expectAnswer(api.submit(firstEvent).get(3, TimeUnit.MINUTES), container);
                        double seconds = (System.nanoTime() - started) / 1e9;
                        Cold one = parse(seconds, container.log());
                        cold.computeIfAbsent(row.name(), k -> new ArrayList<>()).add(one);
                        System.out.printf(Locale.ROOT, "lambda run %d %-50s first predict %.2f s%n", run + 1,
                                row.name(), seconds);
                        if (last) {
                            warmByRow.put(row.name(), lambdaWarm(api, container, upload, jpeg, warm));
                        }
                    }
                }
            }
        }
        report.line("");
        report.line("### Lambda image (`docker run` to the first predict answered: a multipart REST API event)");
        table(report, rows, cold);
        warmTable(report, warmByRow);
    }

    private static List<String> lambdaCommand(Row row, RuntimeApiStub api, S3Server s3) {
        List<String> command = new ArrayList<>(List.of("docker", "run", "--rm", "--network", "host",
                "-e", "AWS_LAMBDA_RUNTIME_API=" + api.address(),
                "-e", "DFDETECT_MODEL_ALLOW_STAND_IN=true",
                // The result cache would answer repeated images without a model run: warm figures include it.
                "-e", "DFDETECT_CACHE_ENABLED=false",
                // as the runtime-client tests reach S3Proxy: by host name, no region
                "-e", "AWS_ENDPOINT_URL=" + s3.endpoint().replace("127.0.0.1", "localhost"),
                "-e", "AWS_ACCESS_KEY_ID=" + S3Server.ACCESS_KEY,
                "-e", "AWS_SECRET_ACCESS_KEY=" + S3Server.SECRET_KEY,
                // what Lambda gives a 3008 MB function (the template's memory size)
                "--memory", "3008m"));
        if (row.jvmOptions() == null) {
            command.add(row.image());
            return command;
        }
        command.addAll(List.of("--entrypoint", "java", row.image(), "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(row.jvmOptions());
        command.addAll(List.of("-cp", TASK_CLASS_PATH, RUNTIME_CLIENT, HANDLER));
        return command;
    }

    private static Map<String, double[]> lambdaWarm(RuntimeApiStub api, Container container, MultipartUpload upload,
                                                    byte[] jpeg, int calls) throws Exception {
        Map<String, String> multipart = Map.of("Content-Type", upload.contentType());
        Map<String, Supplier<byte[]>> events = new LinkedHashMap<>();
        events.put("REST health", () -> LambdaEvents.restApi("GET", "/health", Map.of(), null));
        events.put("REST predict (multipart, 1024x768 JPEG)",
                () -> LambdaEvents.restApi("POST", "/predict", multipart, upload.body()));
        events.put("HTTP API predict (multipart)",
                () -> LambdaEvents.httpApi("POST", "/predict", multipart, upload.body()));
        events.put("HTTP API predict (raw image/jpeg)",
                () -> LambdaEvents.httpApi("POST", "/predict", Map.of("Content-Type", "image/jpeg"), jpeg));
        events.put("REST 404", () -> LambdaEvents.restApi("GET", "/nowhere", Map.of(), null));
        events.put("S3 put (get, score, put result)", () -> LambdaEvents.s3Put("bench", "uploads/photo.jpg"));
        Map<String, double[]> latencies = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<byte[]>> event : events.entrySet()) {
            byte[] body = event.getValue().get();
            try {
                for (int i = 0; i < 5; i++) {
                    expectAnswer(api.submit(body).get(1, TimeUnit.MINUTES), container);
                }
                double[] millis = new double[calls];
                for (int i = 0; i < calls; i++) {
                    long started = System.nanoTime();
                    expectAnswer(api.submit(body).get(1, TimeUnit.MINUTES), container);
                    millis[i] = (System.nanoTime() - started) / 1e6;
                }
                latencies.put(event.getKey(), medianAndP90(millis));
            } catch (IllegalStateException e) {
                // One event type failing (S3Proxy was seen to drop a result write now and then) must not
                // lose the whole run: its cell says n/a, the reason is printed.
                System.out.println("warm " + event.getKey() + " failed: " + e.getMessage().lines().findFirst().orElse(""));
                latencies.put(event.getKey(), new double[]{Double.NaN, Double.NaN});
            }
        }
        return latencies;
    }

    private static void expectAnswer(RuntimeApiStub.Outcome outcome, Container container) {
        if (outcome.isError()) {
            throw new IllegalStateException("invocation failed: " + outcome.body() + "\n--- container log ---\n"
                    + container.log());
        }
    }

    // ------------------------------------------------------------------------------------------------
    // HTTP

    private static void http(Report report, List<Row> rows, int runs, int warm) throws Exception {
        Path work = Files.createTempDirectory("dfdetect-bench-images-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path model = ModelFolders.withStandIns(work, "model");
        try (var files = Files.list(model)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        Files.setPosixFilePermissions(model, PosixFilePermissions.fromString("rwxr-xr-x"));
        byte[] jpeg = TestImages.jpeg(1024, 768);
        MultipartUpload upload = MultipartUpload.asPurePostSends(jpeg);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, List<Cold>> cold = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> warmByRow = new LinkedHashMap<>();
        try {
            for (int run = 0; run < runs; run++) {
                for (Row row : rows) {
                    int port = freePort();
                    URI base = URI.create("http://127.0.0.1:" + port);
                    HttpRequest predict = HttpRequest.newBuilder(base.resolve("/predict"))
                            .header("Content-Type", upload.contentType())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(upload.body())).build();
                    try (Container container = Container.start(httpCommand(row, port, model))) {
                        long started = container.startedNanos();
                        awaitFirstPrediction(client, predict, container);
                        double seconds = (System.nanoTime() - started) / 1e9;
                        cold.computeIfAbsent(row.name(), k -> new ArrayList<>()).add(parse(seconds, container.log()));
                        System.out.printf(Locale.ROOT, "http run %d %-50s first predict %.2f s%n", run + 1,
                                row.name(), seconds);
                        if (run == runs - 1 && warm > 0) {
                            Map<String, double[]> latencies = new LinkedHashMap<>();
                            latencies.put("GET /health", httpWarm(client,
                                    HttpRequest.newBuilder(base.resolve("/health")).build(), warm));
                            latencies.put("POST /predict (multipart, 1024x768 JPEG)", httpWarm(client, predict, warm));
                            warmByRow.put(row.name(), latencies);
                        }
                    }
                }
            }
        } finally {
            try (var files = Files.walk(work)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
        report.line("");
        report.line("### HTTP image (`docker run` to the first `POST /predict` answered 200)");
        table(report, rows, cold);
        warmTable(report, warmByRow);
    }

    private static List<String> httpCommand(Row row, int port, Path model) {
        List<String> command = new ArrayList<>(List.of("docker", "run", "--rm", "--network", "host",
                "-e", "PORT=" + port,
                "-e", "DFDETECT_MODEL_ALLOW_STAND_IN=true",
                "-e", "DFDETECT_CACHE_ENABLED=false",
                "-v", model + ":/app/model:ro",
                // compose.yaml's limits
                "--cpus", "1", "--memory", "2g"));
        if (row.jvmOptions() == null) {
            command.add(row.image());
            return command;
        }
        command.addAll(List.of("--entrypoint", "java", row.image(), "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(row.jvmOptions());
        command.addAll(List.of("-jar", "/app/dfdetect.jar"));
        return command;
    }

    private static void awaitFirstPrediction(HttpClient client, HttpRequest predict, Container container)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!container.isAlive()) {
                throw new IllegalStateException("the container exited:\n" + container.log());
            }
            try {
                HttpResponse<String> response = client.send(predict, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the server is not up yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no prediction within 3 minutes:\n" + container.log());
    }

    private static double[] httpWarm(HttpClient client, HttpRequest request, int calls) throws Exception {
        for (int i = 0; i < 5; i++) {
            client.send(request, HttpResponse.BodyHandlers.discarding());
        }
        double[] millis = new double[calls];
        for (int i = 0; i < calls; i++) {
            long started = System.nanoTime();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            millis[i] = (System.nanoTime() - started) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("warm call answered " + response.statusCode());
            }
        }
        return medianAndP90(millis);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Reports

    private static Cold parse(double seconds, String log) {
        Matcher started = SPRING_STARTED.matcher(log);
        Matcher session = SESSION_OPENED.matcher(log);
        return new Cold(seconds, started.find() ? Double.parseDouble(started.group(1)) : Double.NaN,
                started.find(0) ? Double.parseDouble(started.group(2)) : Double.NaN,
                session.find() ? Double.parseDouble(session.group(1)) : Double.NaN);
    }

    private static void table(Report report, List<Row> rows, Map<String, List<Cold>> cold) {
        double base = median(cold.get(rows.get(0).name()), Cold::seconds);
        report.line("");
        report.line("| lever | image | to first predict (median) | ratio | min–max | Spring started in "
                + "(JVM at that point) | ONNX session opened in |");
        report.line("|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            List<Cold> colds = cold.get(row.name());
            double seconds = median(colds, Cold::seconds);
            report.format("| %s | `%s`%s | %.2f s | %.2f | %.2f–%.2f s | %.2f s (%.2f s) | %.0f ms |", row.name(),
                    row.image(), row.jvmOptions() == null ? "" : " `" + String.join(" ", row.jvmOptions()) + "`",
                    seconds, seconds / base,
                    colds.stream().mapToDouble(Cold::seconds).min().orElse(Double.NaN),
                    colds.stream().mapToDouble(Cold::seconds).max().orElse(Double.NaN),
                    median(colds, Cold::springStarted), median(colds, Cold::processAtStart),
                    median(colds, Cold::sessionMillis));
        }
    }

    private static void warmTable(Report report, Map<String, Map<String, double[]>> warm) {
        if (warm.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>(warm.keySet());
        report.line("");
        report.line("| warm, ms (median / p90; ratio of medians to the first row) | " + String.join(" | ", names) + " |");
        report.line("|---" + "|---".repeat(names.size()) + "|");
        for (String event : warm.get(names.get(0)).keySet()) {
            double base = warm.get(names.get(0)).get(event)[0];
            StringBuilder line = new StringBuilder("| " + event + " |");
            for (String name : names) {
                double[] figures = warm.get(name).get(event);
                line.append(String.format(Locale.ROOT, " %.1f / %.1f (%.2f) |", figures[0], figures[1],
                        figures[0] / base));
            }
            report.line(line.toString());
        }
    }

    private static double median(List<Cold> colds, java.util.function.ToDoubleFunction<Cold> figure) {
        return Stats.median(colds.stream().mapToDouble(figure).toArray());
    }

    private static double[] medianAndP90(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new double[]{sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.9) - 1]};
    }

    /** A {@code docker run} in the foreground, its output in a log; removed (by name) when closed. */
    private static final class Container implements AutoCloseable {
        private static int count;
        private final Process process;
        private final ProcessLog log;
        private final String name;
        private final long startedNanos;

        private Container(Process process, ProcessLog log, String name, long startedNanos) {
            this.process = process;
            this.log = log;
            this.name = name;
            this.startedNanos = startedNanos;
        }

        static Container start(List<String> command) throws IOException {
            String name = "dfdetect-bench-" + ProcessHandle.current().pid() + "-" + (++count);
            List<String> named = new ArrayList<>(command);
            named.addAll(2, List.of("--name", name));
            ProcessLog log = ProcessLog.create("dfdetect-bench-container-");
            ProcessBuilder builder = new ProcessBuilder(named).redirectErrorStream(true)
                    .redirectOutput(log.path().toFile());
            long started = System.nanoTime();
            return new Container(builder.start(), log, name, started);
        }

        long startedNanos() {
            return startedNanos;
        }

        boolean isAlive() {
            return process.isAlive();
        }

        String log() {
            return log.read();
        }

        @Override
        public void close() throws Exception {
            new ProcessBuilder("docker", "rm", "-f", name).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
            log.delete();
        }
    }

    private ImageColdStartBench() {
    }
}
