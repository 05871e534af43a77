package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.support.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmarks' smoke pass, as CI runs it: every JMH benchmark once under JMH, every comparison
 * of the speed report once (Pillow's worker included), the load driver over HTTP and in process, the
 * Lambda jar layout; seconds, not minutes. Nothing here
 * asserts a time: benchmarks measure ({@code tools/bench.sh}), tests assert behaviour. The cold-start
 * and memory benchmarks start packaged JVMs of their own and are not run here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BenchmarksSmokeTest {

    @DynamicPropertySource
    static void benchModels(DynamicPropertyRegistry registry) {
        registry.add("dfdetect.model.dir", () -> BenchModels.dir().toString());
        registry.add("dfdetect.cache.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Test
    void everyJmhBenchmarkRunsUnderJmh() throws RunnerException {
        // JMH's machine-wide lock keeps two measuring runs apart; a smoke pass measures nothing, and must
        // not fail because someone is benchmarking on the same machine
        System.setProperty("jmh.ignoreLock", "true");
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include("^" + Pattern.quote(PreprocessingBenchmarks.class.getName()) + "\\.")
                .include("^" + Pattern.quote(InferenceBenchmarks.class.getName()) + "\\.")
                .forks(0).warmupIterations(0).measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(1))
                .param("batch", "1").param("threads", "1")
                .verbosity(VerboseMode.SILENT).shouldFailOnError(true).build()).run();

        // 6 stages x 4 images, and ours and bare on each model
        assertThat(results).hasSize(24 + 4);
    }

    @Test
    void theSpeedBenchmarkSamplesEveryComparisonAndReportsRatios() throws Exception {
        SpeedBench.main(new String[]{"--runs", "1", "--warmups", "0", "--batches", "1,2", "--threads", "1"});

        String report = Files.readString(newest("speed-"));
        for (String image : BenchImages.ALL) {
            for (String stage : List.of("load", "convert", "decode", "resize", "tensor", "pipeline")) {
                assertThat(report).contains("| " + image + " | " + stage + " |");
            }
        }
        assertThat(report).contains("| QUANTIZED | 1 | 1 |", "| FP32 | 2 | 1 |", "quantized / fp32", "batch / single");
    }

    @Test
    void theLoadDriverScoresTheMixOverHttpAndInProcess() throws Exception {
        ImageMix mix = ImageMix.realistic();
        try (HttpPredictCall overHttp = new HttpPredictCall(URI.create("http://127.0.0.1:" + port + "/predict"),
                mix.weights().keySet())) {
            for (String image : BenchImages.ALL) {
                assertThat(overHttp.score(image)).as(image).isTrue();
            }
            LoadDriver.Result served = LoadDriver.run(overHttp, ImageMix.only(BenchImages.PNG_224), 2, 0, 2);
            assertThat(served.failed()).isZero();
            assertThat(served.answered()).isPositive();
        }

        try (InProcessPipeline pipeline = new InProcessPipeline(BenchModels.dir(),
                InProcessPipeline.inference(0, 0), InProcessPipeline.defaultLimits())) {
            assertThat(pipeline.score(BenchImages.bytes(BenchImages.PHOTO_12MP)).success()).isTrue();
        }
    }

    @Test
    void theLambdaJarLayoutHoldsOurClassesTheStartClassAndLambdaMode() throws IOException {
        Path jar = Files.createTempDirectory("dfdetect-layout-").resolve("app.jar");
        List<Path> classPath = LambdaJarLayout.build(Path.of("target", "lambda"), jar);

        assertThat(classPath).hasSize(2);
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Start-Class"))
                    .isEqualTo("com.purepost.dfdetect.DfdetectApplication");
            assertThat(file.getEntry("config/application.properties")).isNotNull();
            assertThat(file.stream().noneMatch(e -> e.getName().startsWith("lib/"))).isTrue();
        }
        // our classes: the task root's application jar, among lib/*
        try (JarFile application = new JarFile(Path.of("target", "lambda", "lib", "dfdetect-lambda.jar").toFile())) {
            assertThat(classPath.get(1).toString()).endsWith("lib" + java.io.File.separator + "*");
            assertThat(application.getEntry("com/purepost/dfdetect/DfdetectApplication.class")).isNotNull();
            assertThat(application.getEntry("com/purepost/dfdetect/config/")).as("package entries, for scanning").isNotNull();
        } finally {
            Files.delete(jar);
            Files.delete(jar.getParent());
        }
    }

    private static Path newest(String prefix) throws IOException {
        try (Stream<Path> reports = Files.list(ProjectFiles.resolve("target/bench-results"))) {
            return reports.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .max(Comparator.comparing(p -> p.toFile().lastModified())).orElseThrow();
        }
    }
}
