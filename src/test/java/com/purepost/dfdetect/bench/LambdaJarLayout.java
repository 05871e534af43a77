package com.purepost.dfdetect.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The Lambda task root on the class path alone, with no working directory to read {@code config/}
 * from: everything of {@code target/lambda/} but {@code lib/} (the manifest naming our Start-Class,
 * {@code config/} switching on Lambda mode) packed into one jar, put first on the class path before
 * {@code lib/*}, where our classes are ({@code dfdetect-lambda.jar}). Class data sharing and the AOT
 * cache archive classes from jars only, and refuse a class path holding a non-empty directory.
 */
final class LambdaJarLayout {

    private LambdaJarLayout() {
    }

    /** The class path of the layout: the application jar, then the task root's libraries. */
    static List<Path> build(Path taskRoot, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest;
        try (InputStream in = Files.newInputStream(taskRoot.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        Path lib = taskRoot.resolve("lib");
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> files = Files.walk(taskRoot)) {
            for (Path path : files.filter(p -> !p.equals(taskRoot)).sorted().toList()) {
                String name = taskRoot.relativize(path).toString().replace('\\', '/');
                if (path.startsWith(lib) || name.equals("META-INF/MANIFEST.MF") || name.equals("META-INF")) {
                    continue;
                }
                // Directory entries too: Spring's classpath scanning finds a package through its entry
                boolean directory = Files.isDirectory(path);
                out.putNextEntry(new JarEntry(directory ? name + "/" : name));
                if (!directory) {
                    Files.copy(path, out);
                }
                out.closeEntry();
            }
        }
        return List.of(jar.toAbsolutePath(), lib.toAbsolutePath().resolve("*"));
    }
}
