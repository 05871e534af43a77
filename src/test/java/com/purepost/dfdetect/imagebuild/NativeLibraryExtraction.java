package com.purepost.dfdetect.imagebuild;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Run by the Dockerfile: copies the native libraries of this machine's architecture out of ONNX
 * Runtime's and JNA's jars into a directory of the image, once, at build. Both libraries otherwise
 * inflate their natives from the jar into /tmp at every start (ONNX Runtime's is 24 MB); loaded
 * from the image instead (ONNX Runtime's from the directory {@code -Donnxruntime.native.path} names,
 * JNA's from {@code /usr/java/packages/lib} with {@code -Djna.nosys=false}) they are not.
 *
 * <pre>java -cp dfdetect-image-training.jar com.purepost.dfdetect.imagebuild.NativeLibraryExtraction \
 *     DESTINATION ONNXRUNTIME_JAR JNA_JAR</pre>
 */
public final class NativeLibraryExtraction {

    private NativeLibraryExtraction() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: DESTINATION ONNXRUNTIME_JAR JNA_JAR");
        }
        Path destination = Files.createDirectories(Path.of(args[0]));
        boolean arm = System.getProperty("os.arch").toLowerCase(Locale.ROOT).contains("aarch64");
        int copied = extract(Path.of(args[1]), "ai/onnxruntime/native/" + (arm ? "linux-aarch64/" : "linux-x64/"),
                destination);
        copied += extract(Path.of(args[2]), "com/sun/jna/" + (arm ? "linux-aarch64/" : "linux-x86-64/"), destination);
        if (copied < 3) {
            throw new IllegalStateException("expected libonnxruntime, its JNI library and libjnidispatch; copied "
                    + copied + " files");
        }
    }

    private static int extract(Path jar, String directory, Path destination) throws IOException {
        int copied = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                String name = entry.getName();
                if (name.startsWith(directory) && !entry.isDirectory() && name.indexOf('/', directory.length()) < 0) {
                    Path target = destination.resolve(name.substring(directory.length()));
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    System.out.printf("%s -> %s (%d KB)%n", name, target, Files.size(target) >> 10);
                    copied++;
                }
            }
        }
        return copied;
    }
}
