package com.purepost.dfdetect.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our preprocessing against Pillow's on the same files, side by side in one run: the median time
 * of {@code toTensor} here, and of the original pipeline (open, convert, resize, numpy) in Python,
 * one image at a time, in process, after warm-up, in alternating rounds. A benchmark, not a test:
 *
 * <pre>java -cp target/test-classes:target/classes:DEPENDENCIES com.purepost.dfdetect.image.PreprocessingBenchmark [RUNS] [FILE...]</pre>
 *
 * With no files it uses three of the reference fixtures: a 4032x3024 JPEG, a 1920x1080 JPEG and a
 * 640x480 PNG.
 */
public final class PreprocessingBenchmark {

    private static final int DEFAULT_RUNS = 20;
    private static final int ROUNDS = 3;
    private static final List<String> DEFAULT_FIXTURES =
            List.of("size_4032x3024_jpeg.jpg", "size_1920x1080_jpeg.jpg", "png_rgb.png");

    private PreprocessingBenchmark() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_RUNS;
        List<Path> files = new ArrayList<>();
        if (args.length > 1) {
            Arrays.stream(args, 1, args.length).map(Path::of).forEach(files::add);
        } else {
            Path dir = PillowFixtures.all().get(0).file().getParent();
            DEFAULT_FIXTURES.forEach(name -> files.add(dir.resolve(name)));
        }
        ImagePreprocessor preprocessor = new ImagePreprocessor(ImagePreprocessor.PILLOW_PIXEL_LIMIT);
        // Rounds alternate between the two, so that a busy moment on the machine falls on both
        Map<Path, List<Double>> ours = new LinkedHashMap<>();
        Map<Path, List<Double>> pillow = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Path file : files) {
                ours.computeIfAbsent(file, f -> new ArrayList<>())
                        .add(medianMillis(preprocessor, Files.readAllBytes(file), runs));
            }
            pillowMillis(files, runs).forEach((file, ms) -> pillow.computeIfAbsent(file, f -> new ArrayList<>()).add(ms));
        }
        System.out.printf("%-28s %10s %10s %8s   %s%n", "file", "ours ms", "Pillow ms", "ratio", "ratio per round");
        for (Path file : files) {
            List<Double> o = ours.get(file);
            List<Double> p = pillow.get(file);
            StringBuilder perRound = new StringBuilder();
            for (int i = 0; i < o.size(); i++) {
                perRound.append(String.format("%.2f ", o.get(i) / p.get(i)));
            }
            System.out.printf("%-28s %10.2f %10.2f %8.2f   %s%n", file.getFileName(), median(o), median(p),
                    median(o) / median(p), perRound.toString().trim());
        }
        System.out.println("JVM " + Runtime.version() + "; medians of " + runs + " runs, " + ROUNDS + " rounds");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static double medianMillis(ImagePreprocessor preprocessor, byte[] data, int runs) {
        for (int i = 0; i < Math.max(10, runs / 2); i++) {
            preprocessor.toTensor(data);
        }
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            preprocessor.toTensor(data);
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        return times[runs / 2];
    }

    private static Map<Path, Double> pillowMillis(List<Path> files, int runs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PillowFixtures.python(),
                PillowFixtures.toolPath().toString(), "--time", String.valueOf(runs)));
        files.forEach(f -> command.add(f.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("Timing Pillow failed: " + output);
        }
        Map<Path, Double> out = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            String[] parts = line.split("\t");
            if (parts.length == 2) {
                out.put(Path.of(parts[0]), Double.parseDouble(parts[1]));
            }
        }
        return out;
    }
}
