package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.support.ProjectFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The images every benchmark runs on, one per size class, written by {@code tools/bench_images.py}
 * from fixed seeds (photo-like content) into {@code target/bench-images} the first time they are
 * needed. Pillow's reference timings read the very same files.
 */
public final class BenchImages {

    /** A 12-megapixel phone photo, JPEG. */
    public static final String PHOTO_12MP = "photo-4032x3024.jpg";
    /** A 1080p JPEG. */
    public static final String JPEG_1080P = "photo-1920x1080.jpg";
    /** A small PNG. */
    public static final String PNG_VGA = "photo-640x480.png";
    /** A PNG already at the model's size. */
    public static final String PNG_224 = "photo-224x224.png";
    /** Largest first, the order of every table. */
    public static final List<String> ALL = List.of(PHOTO_12MP, JPEG_1080P, PNG_VGA, PNG_224);

    private static final Path TOOL = ProjectFiles.resolve("tools/bench_images.py");
    private static final Path DIR = ProjectFiles.resolve("target/bench-images");

    private BenchImages() {
    }

    public static Path tool() {
        return TOOL;
    }

    /** The file of one image, generating all of them first when one is missing. */
    public static synchronized Path file(String name) {
        if (!ALL.contains(name)) {
            throw new IllegalArgumentException("no benchmark image " + name + "; there are " + ALL);
        }
        if (ALL.stream().anyMatch(n -> !Files.isRegularFile(DIR.resolve(n)))) {
            generate();
        }
        return DIR.resolve(name);
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void generate() {
        try {
            Process process = new ProcessBuilder(ProjectFiles.python(), TOOL.toString(), "write", DIR.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("writing the benchmark images failed (they need Python 3 with "
                        + "Pillow 9.4 and numpy; PILLOW_PYTHON names another interpreter):\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
