package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.support.ProjectFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cold start of the HTTP app: JVM start to the first answered {@code /health}, and to the first
 * answered {@code /predict} (which opens the quantized stand-in's session), for each launch,
 * launches alternated over runs. The CDS launches run on the jar extracted by Boot's
 * {@code -Djarmode=tools extract} with an archive from a training run made first (see
 * {@link CdsTraining}). {@code tools/bench.sh cold-http}.
 *
 * <p>Options: {@code --runs N} per launch (5), {@code --launches a,b} (all), {@code --java PATH}.
 */
public final class HttpColdStartBench {

    private static final List<String> C1_SERIAL = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final String LAZY = "-Dspring.main.lazy-initialization=true";

    /** One cold start: seconds to the first health answer and to the first prediction, and the CPU seconds used by then. */
    record Cold(double health, double predict, double healthCpu, double predictCpu) {
    }

    private HttpColdStartBench() {
    }

    /** The launches compared; the first (the README's command) is the baseline of the ratios. */
    static Map<String, HttpApp.Launch> launches(Path extractedJar, Path archive) {
        Map<String, HttpApp.Launch> launches = new LinkedHashMap<>();
        List<String> cds = List.of("-XX:SharedArchiveFile=" + archive);
        launches.put("default", HttpApp.Launch.of("default", List.of()));
        launches.put("C1 + SerialGC", HttpApp.Launch.of("C1 + SerialGC", C1_SERIAL));
        launches.put("lazy beans", HttpApp.Launch.of("lazy beans", List.of(LAZY)));
        launches.put("AppCDS", HttpApp.Launch.of("AppCDS", cds).withJar(extractedJar));
        launches.put("AppCDS + lazy beans", HttpApp.Launch.of("AppCDS + lazy beans", concat(cds, List.of(LAZY)))
                .withJar(extractedJar));
        launches.put("AppCDS + C1 + SerialGC", HttpApp.Launch.of("AppCDS + C1 + SerialGC", concat(cds, C1_SERIAL))
                .withJar(extractedJar));
        return launches;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.of(args);
        int runs = options.integer("--runs", 5);
        String java = options.string("--java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path workDir = ProjectFiles.resolve("target/bench-cds/http");
        Path extracted = CdsTraining.extractBootJar(java, ProjectFiles.resolve("target/dfdetect.jar"), workDir);
        Path archive = CdsTraining.trainHttpApp(java, extracted, workDir.resolve("dfdetect.jsa"));
        Map<String, HttpApp.Launch> launches = launches(extracted, archive);
        List<String> names = options.list("--launches", String.join(",", launches.keySet()));

        Report report = Report.open("cold-http");
        Map<String, List<Cold>> colds = new LinkedHashMap<>();
        for (int run = 1; run <= runs; run++) {
            for (String name : names) {
                try (HttpApp app = HttpApp.start(java, launches.get(name));
                     // made while the app starts, so that neither figure includes the client's own set-up
                     HttpPredictCall predict = new HttpPredictCall(app.uri("/predict"), List.of(BenchImages.JPEG_1080P))) {
                    double health = app.awaitHealthy(120);
                    double healthCpu = ProcessUsage.cpuSeconds(app.pid());
                    if (!predict.score(BenchImages.JPEG_1080P)) {
                        throw new IllegalStateException("the first prediction failed:\n" + app.log());
                    }
                    double first = app.secondsSinceStart();
                    double firstCpu = ProcessUsage.cpuSeconds(app.pid());
                    colds.computeIfAbsent(name, n -> new ArrayList<>()).add(new Cold(health, first, healthCpu, firstCpu));
                    System.out.printf(Locale.ROOT, "run %d %-24s health %.2f s (CPU %.2f s), first predict %.2f s (CPU %.2f s)%n",
                            run, name, health, healthCpu, first, firstCpu);
                }
            }
        }
        report.line("");
        report.line("### Cold start of the HTTP app (`java -jar`): JVM start to first answer");
        report.line("");
        report.format("Quantized stand-in; %d runs per launch, alternated; medians. First predict: a 1920x1080 JPEG, "
                + "which opens the model session.", runs);
        report.line("");
        report.line("| launch | JVM options | to /health, s | ratio | to first /predict, s | ratio "
                + "| CPU used by then (health / predict), s | CPU ratio (predict) |");
        report.line("|---|---|---|---|---|---|---|---|");
        Cold base = null;
        for (String name : names) {
            List<Cold> runsOf = colds.get(name);
            Cold cold = new Cold(Stats.median(runsOf.stream().mapToDouble(Cold::health).toArray()),
                    Stats.median(runsOf.stream().mapToDouble(Cold::predict).toArray()),
                    Stats.median(runsOf.stream().mapToDouble(Cold::healthCpu).toArray()),
                    Stats.median(runsOf.stream().mapToDouble(Cold::predictCpu).toArray()));
            base = base == null ? cold : base;
            HttpApp.Launch launch = launches.get(name);
            report.format("| %s | `%s` | %.2f | %.2f | %.2f | %.2f | %.2f / %.2f | %.2f |", name,
                    String.join(" ", launch.jvmOptions()).replace(workDir.toString(), "…"), cold.health(),
                    cold.health() / base.health(), cold.predict(), cold.predict() / base.predict(), cold.healthCpu(),
                    cold.predictCpu(), cold.predictCpu() / base.predictCpu());
        }
        report.close();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
