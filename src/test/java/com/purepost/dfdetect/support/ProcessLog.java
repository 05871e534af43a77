package com.purepost.dfdetect.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file a child JVM's output goes to (standard output and error together), read back into
 * failure messages and removed when the JVM is stopped.
 */
public record ProcessLog(Path path) {

    /** A new empty log file in the temporary directory, named {@code prefix...log}. */
    public static ProcessLog create(String prefix) {
        try {
            return new ProcessLog(Files.createTempFile(prefix, ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything written so far; a note instead when the file cannot be read, since this feeds failure messages. */
    public String read() {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Removes the file; one left over in the temporary directory is harmless, so a failure is ignored. */
    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // harmless, see above
        }
    }
}
