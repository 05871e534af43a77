package com.purepost.dfdetect.image;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The few functions of libjpeg-turbo's TurboJPEG API (libturbojpeg.so.0) we call, bound with JNA
 * direct mapping. TurboJPEG runs libjpeg-turbo as Pillow does: accurate integer IDCT, fancy
 * upsampling, no colour management, when its flags are 0.
 */
final class TurboJpeg {

    static final int PIXEL_RGB = 0;
    static final int PIXEL_GREY = 6;
    static final int PIXEL_CMYK = 11;
    /** Pillow's decoder settings: no fast IDCT, no fast upsampling, no scan limit. */
    static final int FLAGS_AS_PILLOW = 0;
    static final int ERROR_WARNING = 0;

    private static final String[] LIBRARY_NAMES = {"libturbojpeg.so.0", "turbojpeg"};
    /** The banner libjpeg-turbo builds into its libraries, with the release and build date. */
    private static final String BANNER_PREFIX = "libjpeg-turbo version ";
    private static final Pattern RELEASE_BANNER = Pattern.compile(BANNER_PREFIX + "(\\d+\\.\\d+\\.\\d+)");
    private static String loaded;
    private static final Throwable LOAD_FAILURE = load();

    private TurboJpeg() {
    }

    /** Null when the library is loaded, else why it could not be. */
    static Throwable loadFailure() {
        return LOAD_FAILURE;
    }

    /** The name the library was found under. */
    static String loadedName() {
        return loaded;
    }

    /**
     * The release named in the library file's own text, when it can be read: TurboJPEG has no call
     * that returns it.
     */
    static Optional<String> release() {
        if (loaded == null) {
            return Optional.empty();
        }
        try {
            Optional<Path> file = mappedFile();
            if (file.isEmpty()) {
                return Optional.empty();
            }
            // ISO-8859-1 maps every byte to one char, so the banner is found wherever it sits; a plain
            // indexOf first, since a regular expression over the whole file costs tens of milliseconds at start.
            String text = new String(Files.readAllBytes(file.get()), StandardCharsets.ISO_8859_1);
            int at = text.indexOf(BANNER_PREFIX);
            Matcher banner = RELEASE_BANNER.matcher(at < 0 ? "" : text.substring(at, Math.min(text.length(), at + 64)));
            return banner.lookingAt() ? Optional.of(banner.group(1)) : Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /**
     * The file the loader mapped: JNA knows only the name it was given when the loader found the
     * library by its soname, but Linux lists every mapped file in /proc/self/maps.
     */
    private static Optional<Path> mappedFile() throws IOException {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(line -> line.substring(line.indexOf('/') < 0 ? line.length() : line.indexOf('/')))
                    .filter(path -> path.contains("/libturbojpeg.so")).findFirst().map(Path::of);
        }
    }

    /** "3.x" when the library exports the tj3 functions libjpeg-turbo 3.0 added, else "2.x or older". */
    static String apiGeneration() {
        try {
            NativeLibrary.getInstance(loaded).getFunction("tj3Init");
            return "3.x";
        } catch (UnsatisfiedLinkError e) {
            return "2.x or older";
        }
    }

    private static Throwable load() {
        Throwable failure = null;
        for (String name : LIBRARY_NAMES) {
            try {
                Native.register(TurboJpeg.class, NativeLibrary.getInstance(name));
                loaded = name;
                return null;
            } catch (LinkageError | RuntimeException e) {
                failure = e;
            }
        }
        return failure;
    }

    static native Pointer tjInitDecompress();

    static native int tjDecompressHeader3(Pointer handle, Pointer jpeg, NativeLong jpegSize, int[] width,
            int[] height, int[] subsampling, int[] colourSpace);

    static native int tjDecompress2(Pointer handle, Pointer jpeg, NativeLong jpegSize, Pointer destination,
            int width, int pitch, int height, int pixelFormat, int flags);

    static native int tjGetErrorCode(Pointer handle);

    static native String tjGetErrorStr2(Pointer handle);

    static native int tjDestroy(Pointer handle);
}
