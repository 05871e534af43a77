package com.purepost.dfdetect.image;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The functions of libwebp's animation decoder (libwebpdemux.so.2, over libwebp.so.7) that Pillow
 * 9.4 decodes every WebP file with, still or animated, bound with JNA direct mapping.
 */
final class LibWebp {

    /** The demux ABI these declarations follow; libwebp accepts any minor version of it. */
    static final int DEMUX_ABI_VERSION = 0x0107;
    /** Sizes of the structs we pass: WebPData is a pointer and a size_t, WebPAnimInfo nine uint32. */
    static final int WEBP_DATA_SIZE = Native.POINTER_SIZE + Native.SIZE_T_SIZE;
    static final int ANIM_INFO_SIZE = 36;

    private static final Throwable LOAD_FAILURE = load();

    private LibWebp() {
    }

    static Throwable loadFailure() {
        return LOAD_FAILURE;
    }

    private static Throwable load() {
        try {
            Native.register(LibWebp.class, NativeLibrary.getInstance("libwebpdemux.so.2"));
            Native.register(Codec.class, NativeLibrary.getInstance("libwebp.so.7"));
            return null;
        } catch (LinkageError | RuntimeException e) {
            return e;
        }
    }

    /** libwebp's version as major.minor.revision. */
    static String version() {
        return LibraryVersion.ofWebpNumber(Codec.WebPGetDecoderVersion()).toString();
    }

    static native Pointer WebPAnimDecoderNewInternal(Pointer webpData, Pointer options, int abiVersion);

    static native int WebPAnimDecoderGetInfo(Pointer decoder, Pointer info);

    static native int WebPAnimDecoderGetNext(Pointer decoder, Pointer buffer, Pointer timestamp);

    static native void WebPAnimDecoderDelete(Pointer decoder);

    /** The decoding library itself, which the demuxer is linked against. */
    static final class Codec {
        private Codec() {
        }

        static native int WebPGetDecoderVersion();
    }
}
