package com.purepost.dfdetect.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local HTTP app in a JVM of its own, as {@code java -jar target/dfdetect.jar} runs it: our
 * classes and the runtime jars (those the build puts into {@code target/lambda/lib} right after
 * compiling, our classes there as {@code dfdetect-lambda.jar}, so this works in the test phase), the
 * application's main class, no Lambda config (that lives in the task root's {@code config/}).
 * Its memory, threads and files can be read from outside, and it can be sent SIGTERM as an
 * orchestrator stops it. The environment is cleared but for what a test sets.
 */
public final class AppJvm implements AutoCloseable {

    public static final String MAIN_CLASS = "com.purepost.dfdetect.DfdetectApplication";
    /** What every launch the project ships carries: a JVM out of memory exits, to be restarted, rather than limp on. */
    public static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";

    /**
     * The JVM as compose.yaml runs it (heap half of a 2 GB container, the serial collector), with the
     * container's memory limit told to the JVM, since this machine has more.
     */
    public static final List<String> LIKE_COMPOSE = List.of("-XX:MaxRAM=2g", "-XX:MaxRAMPercentage=50", "-XX:+UseSerialGC");
    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");
    /** A hang guard: the app starts in about 10 s on a busy 2-core machine. */
    private static final Duration START_GUARD = Duration.ofSeconds(120);

    /**
     * {@code settings} followed by those of the system property {@code dfdetect.long-run.settings}
     * ({@code "--name=value ..."}), for long runs that compare settings.
     */
    public static List<String> withExtraSettings(String... settings) {
        List<String> all = new ArrayList<>(List.of(settings));
        String extra = System.getProperty("dfdetect.long-run.settings", "");
        if (!extra.isBlank()) {
            all.addAll(List.of(extra.trim().split("\\s+")));
        }
        return all;
    }

    private final Process process;
    private final ProcessLog log;
    private final int port;

    private AppJvm(Process process, ProcessLog log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the app on a free port and waits until it listens.
     *
     * @param jvmOptions  options before the main class ({@code -Xmx...})
     * @param appArguments Spring properties as {@code --name=value}
     */
    public static AppJvm start(List<String> jvmOptions, List<String> appArguments) {
        return start(List.of(), jvmOptions, appArguments);
    }

    /**
     * Starts the app as {@link #start(List, List)} does, its {@code java} command run by {@code launcher}
     * (a command that ends by running the arguments it is given, such as {@code unshare ... sh -c '...; exec "$@"'}).
     */
    public static AppJvm start(List<String> launcher, List<String> jvmOptions, List<String> appArguments) {
        Path lib = Path.of("target", "lambda", "lib").toAbsolutePath();
        if (!Files.isRegularFile(lib.resolve("dfdetect-lambda.jar"))) {
            throw new IllegalStateException(lib + " is not laid out: run mvn process-classes first");
        }
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(EXIT_ON_OOM);
        command.addAll(jvmOptions);
        command.add("-cp");
        // our classes once, from the jar among lib/* (target/classes as well would put them twice)
        command.add(lib + File.separator + "*");
        command.add(MAIN_CLASS);
        command.add("--server.port=0");
        // Actuator's port of its own, free too: several apps may run at once.
        command.add("--management.server.port=0");
        command.addAll(appArguments);
        ProcessLog log = ProcessLog.create("dfdetect-app-");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.path().toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", "/usr/bin:/bin");
            env.put("ORT_DISABLE_TELEMETRY", "1");
            Process process = builder.start();
            return new AppJvm(process, log, awaitPort(process, log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int awaitPort(Process process, ProcessLog log) {
        long deadline = System.nanoTime() + START_GUARD.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Matcher started = STARTED.matcher(log.read());
                if (started.find()) {
                    return Integer.parseInt(started.group(1));
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("the app exited with " + process.exitValue() + " before listening:\n"
                            + log.read());
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        throw new IllegalStateException("the app did not listen within " + START_GUARD);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Its resident memory, open files and threads now. */
    public ProcessStats stats() {
        return ProcessStats.of(process.pid());
    }

    /** SIGTERM, as {@code docker stop} or Kubernetes sends it. */
    public void terminate() {
        process.destroy();
    }

    /** The exit code, or null when the process still runs after {@code timeout}. */
    public Integer awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the app has logged so far. */
    public String log() {
        return log.read();
    }

    /** Kills the JVM if it still runs and removes its log. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.delete();
    }
}
