package com.purepost.dfdetect.image;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * Makes glibc hand large native buffers straight back to the system when they are freed. The
 * decoders' buffers (the encoded file copied for TurboJPEG, decoded pixels: megabytes each, freed
 * a few milliseconds later) are allocated with {@code malloc}; by default glibc raises its mmap
 * threshold to the size of the largest block freed so far, after which blocks of that size are
 * carved from per-thread arenas that keep their pages. Under concurrent requests the process then
 * holds arenas full of freed image buffers. A fixed threshold of 1 MiB (as {@code
 * MALLOC_MMAP_THRESHOLD_=1048576} sets it) keeps large blocks mapped and unmapped on free: the peak
 * resident memory under concurrency 8 with 12-megapixel photos was 0.82 of glibc's default, with no
 * loss of throughput (BENCHMARKS.md).
 *
 * <p>Set once per process; the system property {@code dfdetect.native.mmap-threshold} gives
 * another threshold in bytes, or 0 for glibc's own behaviour. Where {@code MALLOC_MMAP_THRESHOLD_}
 * is set, or the C library is not glibc, nothing is changed.
 */
final class NativeBufferReturn {

    static final int DEFAULT_THRESHOLD = 1 << 20;
    /** glibc's {@code M_MMAP_THRESHOLD} parameter of {@code mallopt}. */
    private static final int M_MMAP_THRESHOLD = -3;
    private static final boolean APPLIED = apply();

    private NativeBufferReturn() {
    }

    /** Applies the threshold, once; returns whether glibc took it. */
    static boolean ensureApplied() {
        return APPLIED;
    }

    private static boolean apply() {
        int threshold = Integer.getInteger("dfdetect.native.mmap-threshold", DEFAULT_THRESHOLD);
        if (threshold <= 0 || System.getenv("MALLOC_MMAP_THRESHOLD_") != null) {
            return false;
        }
        try {
            Function mallopt = NativeLibrary.getInstance("c").getFunction("mallopt");
            return mallopt.invokeInt(new Object[]{M_MMAP_THRESHOLD, threshold}) == 1;
        } catch (LinkageError | RuntimeException e) {
            // not glibc (musl, macOS): its allocator keeps its own policy
            return false;
        }
    }
}
