package com.purepost.dfdetect.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where load and leak runs leave their figures: printed, and appended to
 * {@code target/load-reports/<name>.txt}, since tests assert behaviour and only report timings.
 */
public final class LoadReports {

    private LoadReports() {
    }

    public static void record(String name, String text) {
        System.out.println(text);
        Path file = Path.of("target", "load-reports", name + ".txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
