package com.purepost.dfdetect.lambda.runtime;

import com.purepost.dfdetect.support.ProcessLog;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The service as Lambda runs it, in a JVM of its own: AWS's runtime interface client on the task root
 * {@code target/lambda/} (laid out by the build), invoking the Spring Cloud Function adapter's
 * handler, against the Runtime API at {@code AWS_LAMBDA_RUNTIME_API}. The environment is cleared but
 * for what a test sets, so that nothing of the developer's shell (AWS credentials, profiles) leaks in.
 */
public final class LambdaJvm implements AutoCloseable {

    public static final String RUNTIME_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    public static final String HANDLER = "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";

    private final Process process;
    private final RuntimeApiStub api;
    private final ProcessLog log;
    private final Path tmp;
    private final long startedNanos;

    private LambdaJvm(Process process, RuntimeApiStub api, ProcessLog log, Path tmp, long startedNanos) {
        this.process = process;
        this.api = api;
        this.log = log;
        this.tmp = tmp;
        this.startedNanos = startedNanos;
    }

    /** The task root the build lays out; the tests need {@code mvn process-classes} (or later) first. */
    public static Path taskRoot() {
        Path root = Path.of("target", "lambda");
        if (!Files.isRegularFile(root.resolve("META-INF/MANIFEST.MF")) || !Files.isDirectory(root.resolve("lib"))) {
            throw new IllegalStateException(root.toAbsolutePath() + " is not laid out: run mvn process-classes first");
        }
        return root;
    }

    public static Builder builder(RuntimeApiStub api) {
        return new Builder(api);
    }

    /** Options for one runtime JVM. */
    public static final class Builder {
        private final RuntimeApiStub api;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        private Path workingDirectory = Path.of("").toAbsolutePath();
        private List<Path> classPath;

        private Builder(RuntimeApiStub api) {
            this.api = api;
        }

        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        public Builder java(String javaExecutable) {
            this.java = javaExecutable;
            return this;
        }

        public Builder workingDirectory(Path directory) {
            this.workingDirectory = directory;
            return this;
        }

        /**
         * Another class path than the task root and its {@code lib/*} (a benchmark's layout with the
         * application as a jar, which class data sharing can archive); entries ending in {@code *}
         * are passed as they are, for the launcher to expand.
         */
        public Builder classPath(List<Path> entries) {
            this.classPath = List.copyOf(entries);
            return this;
        }

        public LambdaJvm start() {
            Path root = taskRoot().toAbsolutePath();
            List<String> command = new ArrayList<>();
            command.add(java);
            Path tmp;
            try {
                tmp = Files.createTempDirectory("dfdetect-lambda-tmp-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // A /tmp of its own, as each Lambda execution environment has.
            command.add("-Djava.io.tmpdir=" + tmp);
            // As the image runs it: a JVM out of memory exits, and Lambda starts a fresh one.
            command.add("-XX:+ExitOnOutOfMemoryError");
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(classPath == null ? root + File.pathSeparator + root.resolve("lib") + File.separator + "*"
                    : String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
            command.add(RUNTIME_CLIENT);
            command.add(HANDLER);
            ProcessLog log = ProcessLog.create("dfdetect-lambda-");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                        .redirectErrorStream(true).redirectOutput(log.path().toFile());
                Map<String, String> env = builder.environment();
                env.clear();
                env.put("PATH", "/usr/bin:/bin");
                env.put("AWS_LAMBDA_RUNTIME_API", api.address());
                env.putAll(environment);
                long started = System.nanoTime();
                Process process = builder.start();
                process.onExit().thenRun(() -> api.abandon("the runtime JVM exited with " + process.exitValue()
                        + "; its log: " + log.path()));
                return new LambdaJvm(process, api, log, tmp, started);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@link System#nanoTime()} just before the process was started. */
    public long startedNanos() {
        return startedNanos;
    }

    /** The runtime JVM's process id. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return log.path();
    }

    /** The runtime's output so far (Spring's log, the runtime client's lines). */
    public String log() {
        return log.read();
    }

    /**
     * Hands one event to this runtime through its Runtime API and waits for the answer, or fails with
     * the runtime's log when none comes within two minutes.
     */
    public RuntimeApiStub.Outcome invoke(byte[] event) {
        try {
            return api.submit(event).get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new AssertionError("no answer from the runtime: " + e + "\n--- runtime log ---\n" + log(), e);
        }
    }

    public boolean waitForExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The JVM's temporary directory, its {@code /tmp}. */
    public Path tmp() {
        return tmp;
    }

    /** Stops the JVM and removes its log (whose content the tests put into their failure messages) and its /tmp. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // Leftovers in the temp directory are harmless.
        }
        log.delete();
    }
}
