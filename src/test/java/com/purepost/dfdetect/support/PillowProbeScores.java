package com.purepost.dfdetect.support;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the original service would answer with the linear probe model: numpy's probabilities on
 * Pillow's own preprocessing of each upload ({@code probe_scores.py}), to compare a served answer with,
 * and the uploads that exercise every decoder and resize path.
 */
public final class PillowProbeScores {

    private PillowProbeScores() {
    }

    /** Uploads by file name: a photo-sized JPEG, PNGs small and exactly 224x224, a tall GIF, a wide BMP, a lossy WebP. */
    public static Map<String, byte[]> uploadsInEveryFormat() {
        Map<String, byte[]> uploads = new LinkedHashMap<>();
        uploads.put("photo-like.jpg", TestImages.jpeg(1024, 768));
        uploads.put("small.png", TestImages.png(100, 60));
        uploads.put("exact.png", TestImages.png(224, 224));
        uploads.put("tall.gif", TestImages.encode(TestImages.noise(40, 500, 9), "gif"));
        uploads.put("wide.bmp", TestImages.encode(TestImages.noise(700, 90, 10), "bmp"));
        uploads.put("lossy.webp", TestImages.resource("noise-48x36.webp"));
        return uploads;
    }

    /** [real, deepfake] per upload name, as numpy computes them from Pillow's tensor and {@code model}'s weights. */
    public static Map<String, double[]> numpyProbabilities(Path model, Map<String, byte[]> uploads) {
        try {
            Path dir = Files.createTempDirectory("dfdetect-agreement-");
            Map<String, String> nameByPath = new HashMap<>();
            for (Map.Entry<String, byte[]> upload : uploads.entrySet()) {
                Path file = dir.resolve(upload.getKey());
                Files.write(file, upload.getValue());
                nameByPath.put(file.toString(), upload.getKey());
            }
            Map<String, double[]> byName = new HashMap<>();
            run(model, List.copyOf(nameByPath.keySet())).forEach((path, scores) -> byName.put(nameByPath.get(path), scores));
            return byName;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The score the answer gives {@code label}. */
    public static double scoreOf(JsonNode answer, String label) {
        for (JsonNode prediction : answer.get("predictions")) {
            if (prediction.get("label").asString().equals(label)) {
                return prediction.get("score").asDouble();
            }
        }
        throw new AssertionError("no " + label + " in " + answer);
    }

    private static Map<String, double[]> run(Path model, List<String> images) throws IOException {
        Path script = Files.createTempFile("probe_scores", ".py");
        try (InputStream in = PillowProbeScores.class.getResourceAsStream("/com/purepost/dfdetect/http/probe_scores.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of(ProjectFiles.python(), script.toString(), model.toString()));
        command.addAll(images);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new AssertionError("numpy's reference failed (it needs python3-pil, python3-numpy and python3-onnx):\n"
                        + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(script);
        }
        Map<String, double[]> probabilities = new HashMap<>();
        for (String line : output.strip().split("\n")) {
            String[] fields = line.split("\t");
            probabilities.put(fields[0], new double[]{Double.parseDouble(fields[1]), Double.parseDouble(fields[2])});
        }
        return probabilities;
    }
}
