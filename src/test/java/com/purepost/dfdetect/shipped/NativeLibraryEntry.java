package com.purepost.dfdetect.shipped;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A native library inside a jar, recognised by its file name, and whether it is for one of the two
 * platforms the service runs on: Linux (glibc) on x86_64 or aarch64, as the images and Lambda are.
 * Jars name the platform in the path ({@code ai/onnxruntime/native/linux-x64/},
 * {@code com/sun/jna/linux-aarch64/}, {@code jni/libaws-lambda-jni.linux-x86_64.so}); a native
 * library that names no platform of ours counts as foreign.
 */
record NativeLibraryEntry(String jar, String path) {

    private static final Pattern NATIVE_FILE = Pattern.compile(".*\\.(so(\\.\\d+)*|dll|dylib|jnilib|a)$");
    private static final Pattern OUR_PLATFORM = Pattern.compile("linux[-_.](x64|x86[-_]64|amd64|aarch[-_]?64|arm64)\\b");

    /** The entry as a native library, when its name is one. */
    static Optional<NativeLibraryEntry> of(String jar, String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return !lower.endsWith("/") && NATIVE_FILE.matcher(lower).matches()
                ? Optional.of(new NativeLibraryEntry(jar, path)) : Optional.empty();
    }

    boolean isForOurPlatforms() {
        String lower = path.toLowerCase(Locale.ROOT);
        return (lower.endsWith(".so") || lower.contains(".so.")) && !lower.contains("musl")
                && OUR_PLATFORM.matcher(lower).find();
    }

    @Override
    public String toString() {
        return jar + "!/" + path;
    }
}
