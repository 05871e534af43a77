package com.purepost.dfdetect.image;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

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
