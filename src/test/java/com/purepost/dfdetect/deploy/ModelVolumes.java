package com.purepost.dfdetect.deploy;

import com.purepost.dfdetect.model.LinearProbeModel;
import com.purepost.dfdetect.support.ModelDirectories;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Host directories to mount as the HTTP image's model volume ({@code -v dir:/app/model}). The image runs
 * as a user of its own, not as the owner of these directories: each is opened to everyone, so that what
 * a test allows or forbids is decided by the mount ({@code :ro}) and the settings, not by file modes.
 */
final class ModelVolumes {

    private ModelVolumes() {
    }

    /** The labels only, as a fresh clone's {@code model/}: writable by the container's user. */
    static Path labelsOnly() {
        return openToAll(ModelDirectories.withLabelsOnly());
    }

    /** The labels and the linear probe model, whose probabilities numpy can compute from Pillow's tensor. */
    static Path withLinearProbeModel() {
        Path dir = ModelDirectories.withLabelsOnly();
        try {
            LinearProbeModel.write(dir.resolve("ResNet18.onnx"), 5);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return openToAll(dir);
    }

    /** Removes the directory and what the container wrote into it (a stand-in of some megabytes). */
    static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // A leftover in the temporary directory is harmless.
        }
    }

    private static Path openToAll(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
