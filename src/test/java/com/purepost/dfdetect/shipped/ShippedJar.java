package com.purepost.dfdetect.shipped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/** One jar the service ships (in the fat jar's BOOT-INF/lib or in the task root's lib/), with its entry names. */
record ShippedJar(String fileName, List<String> entries) {

    /** The jars nested in a Spring Boot fat jar, read without extracting it. */
    static List<ShippedJar> nestedIn(Path fatJar) {
        List<ShippedJar> jars = new ArrayList<>();
        try (ZipFile outer = new ZipFile(fatJar.toFile())) {
            for (ZipEntry entry : outer.stream().filter(ShippedJar::isNestedLibrary).toList()) {
                try (InputStream in = outer.getInputStream(entry)) {
                    jars.add(read(entry.getName().substring("BOOT-INF/lib/".length()), in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jars;
    }

    /** The jars of a directory such as the task root's lib/. */
    static List<ShippedJar> in(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<ShippedJar> jars = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    jars.add(read(file.getFileName().toString(), in));
                }
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isNestedLibrary(ZipEntry entry) {
        return entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar");
    }

    private static ShippedJar read(String fileName, InputStream jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(jar)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return new ShippedJar(fileName, List.copyOf(names));
    }

    List<NativeLibraryEntry> nativeLibraries() {
        return entries.stream().flatMap(path -> NativeLibraryEntry.of(fileName, path).stream()).toList();
    }
}
