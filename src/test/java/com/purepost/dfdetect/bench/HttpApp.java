package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.support.ProcessLog;
import com.purepost.dfdetect.support.ProjectFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP app as a user runs it ({@code java -jar target/dfdetect.jar}) in a process of its own,
 * on a free port, serving the stand-ins of {@link BenchModels} with the result cache off (the
 * benchmarks send the same images again and again, and must measure the model each time).
 */
final class HttpApp implements AutoCloseable {

    /** How to start it: JVM options, the jar (the packaged one, or an extracted one for CDS), extra environment. */
    record Launch(String name, List<String> jvmOptions, Path jar, Map<String, String> environment) {
        static Launch of(String name, List<String> jvmOptions) {
            return new Launch(name, jvmOptions, ProjectFiles.resolve("target/dfdetect.jar"), Map.of());
        }

        Launch withEnvironment(Map<String, String> more) {
            return new Launch(name, jvmOptions, jar, more);
        }

        Launch withJar(Path otherJar) {
            return new Launch(name, jvmOptions, otherJar, environment);
        }

        /** The environment and the JVM options, as a shell would read them. */
        String describe() {
            List<String> words = new ArrayList<>();
            environment.forEach((variable, value) -> words.add(variable + "=" + value));
            words.addAll(jvmOptions);
            return String.join(" ", words);
        }
    }

    private final Process process;
    private final int port;
    private final long startedNanos;
    private final ProcessLog log;

    private HttpApp(Process process, int port, long startedNanos, ProcessLog log) {
        this.process = process;
        this.port = port;
        this.startedNanos = startedNanos;
        this.log = log;
    }

    static HttpApp start(String java, Launch launch) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(java, "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(launch.jvmOptions());
        // Actuator's own port on a free one too, so that runs side by side do not collide on 5556.
        command.addAll(List.of("-jar", launch.jar().toString(), "--server.port=" + port, "--management.server.port=0"));
        ProcessLog log = ProcessLog.create("dfdetect-bench-app-");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.path().toFile());
            builder.environment().put("DFDETECT_MODEL_DIR", BenchModels.dir().toString());
            builder.environment().put("DFDETECT_CACHE_ENABLED", "false");
            builder.environment().putAll(launch.environment());
            long started = System.nanoTime();
            return new HttpApp(builder.start(), port, started, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Seconds from the process start until {@code GET /health} first answers 200. */
    double awaitHealthy(double timeoutSeconds) {
        long deadline = startedNanos + (long) (timeoutSeconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited with " + process.exitValue() + ":\n" + log());
            }
            if (healthy()) {
                return secondsSinceStart();
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the app was not healthy within " + timeoutSeconds + " s:\n" + log());
    }

    double secondsSinceStart() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private boolean healthy() {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri("/health").toURL().openConnection();
            connection.setConnectTimeout(200);
            connection.setReadTimeout(5000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    String log() {
        return log.read();
    }

    /** Stops the app as a container runtime does (SIGTERM, then SIGKILL) and removes its log. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        log.delete();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
