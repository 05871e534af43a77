package com.purepost.dfdetect.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * Application class data sharing for the HTTP app, made as the Dockerfile's {@code http} target
 * makes it, the way Spring Boot documents: the fat jar extracted ({@code -Djarmode=tools extract}:
 * the application jar and {@code lib/}, since CDS cannot map classes out of nested jars), then a
 * training run with {@code -XX:ArchiveClassesAtExit} that starts the context and exits once it is
 * refreshed ({@code -Dspring.context.exit=onRefresh}), with no model and so no stand-in written;
 * the archive is written as the JVM exits.
 */
final class CdsTraining {

    private CdsTraining() {
    }

    /** The extracted application jar, extracted again only when the fat jar is newer. */
    static Path extractBootJar(String java, Path bootJar, Path destination) throws IOException, InterruptedException {
        Path jar = destination.resolve(bootJar.getFileName());
        if (Files.isRegularFile(jar) && Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(bootJar)) > 0) {
            return jar;
        }
        run(List.of(java, "-Djarmode=tools", "-jar", bootJar.toString(), "extract", "--destination",
                destination.toString(), "--force"));
        // the extracted jar keeps the fat jar's time stamp: touched, so that the check above sees it is newer
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis()));
        return jar;
    }

    /** Runs the training and returns the archive; a stale archive is replaced, since CDS refuses a changed class path. */
    static Path trainHttpApp(String java, Path jar, Path archive) throws IOException, InterruptedException {
        Files.deleteIfExists(archive);
        Path noModel = Files.createTempDirectory("dfdetect-cds-training-");
        try {
            run(List.of(java, "-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh",
                    "-Ddfdetect.model.dir=" + noModel, "-Ddfdetect.model.stand-in-when-missing=false",
                    "-jar", jar.toString(), "--server.port=0", "--management.server.port=0"));
        } finally {
            Files.deleteIfExists(noModel);
        }
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training run wrote no archive " + archive);
        }
        return archive;
    }

    static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
