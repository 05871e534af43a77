package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.support.ProjectFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A benchmark's Markdown report: printed as it is written, and kept in
 * {@code target/bench-results/<name>-<time>.md} for docs/performance.md.
 */
final class Report {

    private final Path file;

    private Report(Path file) {
        this.file = file;
    }

    static Report open(String name) {
        try {
            Path dir = Files.createDirectories(ProjectFiles.resolve("target/bench-results"));
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            Report report = new Report(dir.resolve(name + "-" + stamp + ".md"));
            report.line("Measured on " + Machine.now().describe());
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void line(String text) {
        System.out.println(text);
        System.out.flush();
        try {
            Files.writeString(file, text + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void format(String format, Object... args) {
        line(String.format(Locale.ROOT, format, args));
    }

    /** The closing line: the load at the end, beside the load at the start. */
    void close() {
        line("");
        line("Load average at the end: " + Machine.loadAverage() + ". Report kept in " + file);
    }
}
