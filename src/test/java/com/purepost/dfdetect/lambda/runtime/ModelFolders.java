package com.purepost.dfdetect.lambda.runtime;

import com.purepost.dfdetect.model.standin.StandInModels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Model directories for runtime JVMs, inside a directory the caller owns and removes. */
public final class ModelFolders {

    private ModelFolders() {
    }

    /** {@code <parent>/<name>} with only {@code labels.txt}, as a fresh clone's {@code model/}. */
    public static Path labelsOnly(Path parent, String name) {
        try {
            Path dir = Files.createDirectories(parent.resolve(name));
            Files.writeString(dir.resolve("labels.txt"), "real\ndeepfake\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same with both stand-in models written, so that the runtime JVM's start does not include writing them. */
    public static Path withStandIns(Path parent, String name) {
        Path dir = labelsOnly(parent, name);
        try {
            StandInModels.writeMissing(dir, StandInModels.DEFAULT_SEED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
