package com.purepost.dfdetect.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A Debian package's changelog (/usr/share/doc/PACKAGE/changelog.Debian.gz), where Debian and
 * Ubuntu name each CVE a security update patches. Slim images may leave it out; RPM-based systems
 * keep theirs in the package database instead. Either way the answer is then empty.
 */
final class PackageChangelog {

    /** Far more than any changelog: a bound on what a start-up read can cost. */
    private static final int MAX_BYTES = 4 << 20;

    private PackageChangelog() {
    }

    static Optional<String> debian(Path docRoot, String packageName) {
        Path file = docRoot.resolve(packageName).resolve("changelog.Debian.gz");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return Optional.of(new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
