package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.support.ProjectFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pillow's time on each preprocessing stage of each benchmark image ({@code tools/bench_images.py
 * time}): the original service's pipeline, in its own Python process, one image at a time.
 */
final class PillowTimings {

    /** A stage of one image, as both sides name it. */
    record Key(String image, String stage) {
    }

    private PillowTimings() {
    }

    /** Median milliseconds of {@code runs} runs, per image and stage. */
    static Map<Key, Double> measure(List<String> images, int runs) {
        List<String> command = new ArrayList<>(List.of(ProjectFiles.python(), BenchImages.tool().toString(), "time",
                Integer.toString(runs)));
        images.forEach(image -> command.add(BenchImages.file(image).toString()));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("timing Pillow failed:\n" + output);
            }
            Map<Key, Double> millis = new LinkedHashMap<>();
            for (String line : output.split("\n")) {
                String[] fields = line.split("\t");
                if (fields.length == 3) {
                    millis.put(new Key(Path.of(fields[0]).getFileName().toString(), fields[1]),
                            Double.parseDouble(fields[2]));
                }
            }
            return millis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
