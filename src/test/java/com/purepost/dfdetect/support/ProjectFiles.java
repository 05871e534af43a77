package com.purepost.dfdetect.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests and benchmarks find the project's files and the Python that has Pillow. */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    /** The project's root: Maven's {@code basedir} when it sets one, else the working directory. */
    public static Path projectDir() {
        String basedir = System.getProperty("basedir");
        return Path.of(basedir != null ? basedir : "").toAbsolutePath();
    }

    /** A file of the project, by its path from the root ({@code tools/bench_images.py}). */
    public static Path resolve(String relative) {
        return projectDir().resolve(relative);
    }

    /** The interpreter with Pillow 9.4 and numpy: {@code PILLOW_PYTHON} when set, else Debian's. */
    public static String python() {
        String configured = System.getenv("PILLOW_PYTHON");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        // Debian's interpreter sees Debian's python3-pil; another python3 first on PATH may not
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }
}
