package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.support.ProjectFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Pillow 9.4 and numpy doing one preprocessing stage at a time on request, in a Python process of
 * their own ({@code tools/bench_images.py serve}): the original service's pipeline, cut where ours is
 * cut, each run timed inside Python. Lets a benchmark interleave Pillow's runs with ours, one for
 * one, so that both meet the same load on a shared machine.
 */
final class PillowWorker implements AutoCloseable {

    private final Process process;
    private final Writer requests;
    private final BufferedReader answers;

    PillowWorker() {
        try {
            process = new ProcessBuilder(ProjectFiles.python(), BenchImages.tool().toString(), "serve")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Python (Pillow 9.4 and numpy needed; PILLOW_PYTHON names "
                    + "another interpreter)", e);
        }
        requests = process.outputWriter(StandardCharsets.UTF_8);
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Milliseconds of one run of {@code stage} (load, convert, decode, resize, tensor, pipeline) on {@code file}. */
    double millis(String stage, Path file) {
        try {
            requests.write(stage + "\t" + file + "\n");
            requests.flush();
            String answer = answers.readLine();
            if (answer == null) {
                throw new IllegalStateException("the Pillow worker exited with " + process.waitFor());
            }
            return Double.parseDouble(answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            requests.close();
            process.waitFor();
        } catch (IOException ignored) {
            process.destroy();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
    }
}
