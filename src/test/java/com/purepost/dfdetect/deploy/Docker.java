package com.purepost.dfdetect.deploy;

import com.purepost.dfdetect.support.ProcessLog;
import com.purepost.dfdetect.support.ProjectFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The {@code docker} and {@code docker-compose} command lines as the container tests run them: output
 * captured, a deadline on each, and the images under test named by system properties (tools/test.sh
 * passes the tags it has just built, the tags users build).
 */
final class Docker {

    /** The tag of the HTTP image: {@code docker build -t dfdetect-service .}. */
    static final String HTTP_IMAGE = System.getProperty("dfdetect.image.http", "dfdetect-service");
    /** The tag of the Lambda image: {@code docker build --target lambda -t dfdetect-lambda .}. */
    static final String LAMBDA_IMAGE = System.getProperty("dfdetect.image.lambda", "dfdetect-lambda");

    /** What a command printed (standard output and error together) and how it exited. */
    record Result(int exitCode, String output) {

        boolean succeeded() {
            return exitCode == 0;
        }

        /** The output, or a failure naming the command when it did not exit 0. */
        String orFail(List<String> command) {
            if (!succeeded()) {
                throw new AssertionError(String.join(" ", command) + " exited with " + exitCode + ":\n" + output);
            }
            return output.strip();
        }
    }

    private Docker() {
    }

    /** {@code docker args...}, failing unless it exits 0 within {@code timeout}; its output, stripped. */
    static String docker(Duration timeout, String... args) {
        List<String> command = command("docker", args);
        return run(command, Map.of(), ProjectFiles.projectDir(), timeout).orFail(command);
    }

    /** {@code docker args...} whatever its exit code. */
    static Result tryDocker(Duration timeout, String... args) {
        return run(command("docker", args), Map.of(), ProjectFiles.projectDir(), timeout);
    }

    /** Any command, in {@code directory}, with {@code environment} added to this JVM's. */
    static Result run(List<String> command, Map<String, String> environment, Path directory, Duration timeout) {
        ProcessLog log = ProcessLog.create("dfdetect-docker-");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.path().toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n" + log.read());
            }
            return new Result(process.exitValue(), log.read());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            log.delete();
        }
    }

    /** A name no other run uses, so that parallel runs on one engine never meet: {@code dfdetect-test-<what>-<hex>}. */
    static String uniqueName(String what) {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return "dfdetect-test-" + what + "-" + HexFormat.of().formatHex(random);
    }

    private static List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(List.of(args));
        return command;
    }
}
