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
 * of {@code toTensor} here, and of the original pipeline (open, convert, resize, numpy) in Python.
 * Single-threaded, in process, after warm-up. A benchmark, not a test:
 *
 * <pre>java -cp target/test-classes:target/classes:DEPENDENCIES com.purepost.dfdetect.image.PreprocessingBenchmark [RUNS] [FILE...]</pre>
 *
 * With no files it uses three of the reference fixtures: a 4032x3024 JPEG, a 1920x1080 JPEG and a
 * 640x480 PNG.
 */
public final class PreprocessingBenchmark {

    private static final int DEFAULT_RUNS = 30;
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
        Map<Path, Double> ours = new LinkedHashMap<>();
        for (Path file : files) {
            ours.put(file, medianMillis(preprocessor, Files.readAllBytes(file), runs));
        }
        Map<Path, Double> pillow = pillowMillis(files, runs);
        System.out.printf("%-32s %12s %12s %8s%n", "file", "ours ms", "Pillow ms", "ratio");
        for (Path file : files) {
            double o = ours.get(file);
            double p = pillow.get(file);
            System.out.printf("%-32s %12.2f %12.2f %8.2f%n", file.getFileName(), o, p, o / p);
        }
        System.out.println("JVM " + Runtime.version() + ", median of " + runs + " runs each");
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
