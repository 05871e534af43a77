package com.purepost.dfdetect.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Model directories for tests: a fresh one holding only {@code labels.txt}, as a fresh clone's {@code model/} does. */
public final class ModelDirectories {

    private ModelDirectories() {
    }

    public static Path withLabelsOnly() {
        try {
            Path dir = Files.createTempDirectory("dfdetect-model-");
            Files.writeString(dir.resolve("labels.txt"), "real\ndeepfake\n", StandardCharsets.UTF_8);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
