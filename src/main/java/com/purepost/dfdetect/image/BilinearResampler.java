package com.purepost.dfdetect.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Pillow 9.4's {@code Image.resize(size, Image.BILINEAR)} for an RGB image, to the byte: the
 * antialiased triangle filter of {@code ImagingResample}, applied as two separable passes in fixed
 * point, horizontal first, each rounded and clamped to 8 bits before the next. A pass whose size
 * does not change is skipped, as Pillow skips it.
 *
 * <p>The sums are integers, so any order of adding them gives Pillow's result, and that freedom is
 * all the speed-ups below use: each input row is resampled horizontally and at once added, with
 * its vertical weights, to the output rows that use it, so no intermediate image is kept whatever
 * the input's height; large inputs are split between two threads whose sums are added at the end.
 */
final class BilinearResampler {

    /**
     * Fixed-point precision of Pillow's 8-bit resampling: 32 bits, less 8 for the sample value and
     * 2 for the sign and for sums of weights slightly over 1.
     */
    static final int PRECISION_BITS = 32 - 8 - 2;

    private static final int ROUNDING = 1 << (PRECISION_BITS - 1);
    private static final long ROUNDING_BOTH_LANES = ROUNDING | ((long) ROUNDING << 32);
    /** Reads a pixel's three bytes (and the next byte) in one load. */
    private static final VarHandle FOUR_BYTES = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** Below this many input pixels a second thread costs more than it saves. */
    private static final long PARALLEL_PIXELS = 1L << 18;

    private BilinearResampler() {
    }

    static RgbImage resize(RgbRows source, int outWidth, int outHeight) {
        if (source.width() == outWidth && source.height() == outHeight) {
            return copy(source);
        }
        ResampleTaps columns = source.width() != outWidth ? ResampleTaps.compute(source.width(), outWidth) : null;
        ResampleTaps rows = ResampleTaps.compute(source.height(), outHeight);
        boolean vertical = outHeight != source.height();
        // Only the input rows the vertical pass reads are resampled horizontally
        int firstRow = vertical ? rows.first()[0] : 0;
        int endRow = vertical ? rows.first()[outHeight - 1] + rows.count()[outHeight - 1] : outHeight;
        Pass pass = new Pass(columns, vertical ? rows : null, outWidth, outHeight);

        int[] sums;
        int middle = (firstRow + endRow) >>> 1;
        if (worthSplitting(source, endRow - firstRow)) {
            RgbRows other = source.concurrentReader();
            ForkJoinTask<int[]> secondHalf = ForkJoinPool.commonPool().submit(() -> pass.run(other, middle, endRow));
            sums = pass.run(source, firstRow, middle);
            int[] more = secondHalf.join();
            for (int i = 0; i < sums.length; i++) {
                sums[i] += more[i];
            }
        } else {
            sums = pass.run(source, firstRow, endRow);
        }
        byte[] out = new byte[sums.length];
        for (int i = 0; i < sums.length; i++) {
            out[i] = vertical ? clip8(sums[i] + ROUNDING) : (byte) sums[i];
        }
        return new RgbImage(outWidth, outHeight, out);
    }

    /** Pillow returns an image already at the size as it is: its rows, read once, without any sums. */
    private static RgbImage copy(RgbRows source) {
        int rowBytes = source.width() * 3;
        byte[] out = new byte[rowBytes * source.height()];
        for (int y = 0; y < source.height(); y++) {
            source.readRow(y, out, y * rowBytes);
        }
        return new RgbImage(source.width(), source.height(), out);
    }

    /** Two threads only for a large input, and only when the shared pool has a core to spare. */
    private static boolean worthSplitting(RgbRows source, int rows) {
        ForkJoinPool pool = ForkJoinPool.commonPool();
        return (long) rows * source.width() >= PARALLEL_PIXELS && rows >= 4
                && Runtime.getRuntime().availableProcessors() > 1
                && pool.getActiveThreadCount() == 0 && !pool.hasQueuedSubmissions();
    }

    /**
     * Both passes over a range of input rows. Without a vertical pass the result is the output
     * itself; with one, it is the output's sums before rounding, so that ranges can be added.
     */
    private record Pass(ResampleTaps columns, ResampleTaps rows, int outWidth, int outHeight) {

        int[] run(RgbRows source, int from, int to) {
            int inBytes = source.width() * 3;
            int outBytes = outWidth * 3;
            int[] sums = new int[outBytes * outHeight];
            byte[] pair = new byte[2 * inBytes + 1]; // one spare byte: the last pixel is read as four
            byte[] resampled = new byte[2 * outBytes];
            int nextOutput = 0;
            for (int y = from; y < to; y += 2) {
                int count = Math.min(2, to - y);
                for (int r = 0; r < count; r++) {
                    source.readRow(y + r, pair, r * inBytes);
                }
                byte[] horizontal = pair;
                if (columns != null) {
                    horizontalPair(pair, inBytes, columns, outWidth, resampled, outBytes);
                    horizontal = resampled;
                }
                int rowBytes = columns != null ? outBytes : inBytes;
                for (int r = 0; r < count; r++) {
                    if (rows == null) {
                        for (int i = 0; i < outBytes; i++) {
                            sums[(y + r) * outBytes + i] = horizontal[r * rowBytes + i] & 0xFF;
                        }
                    } else {
                        nextOutput = addToOutputRows(horizontal, r * rowBytes, y + r, nextOutput, sums, outBytes);
                    }
                }
            }
            return sums;
        }

        /**
         * Adds one horizontally resampled row, weighted, to every output row whose filter covers
         * it: the vertical pass of Pillow, in the order rows arrive rather than the order outputs
         * are written. Returns the first output row that later input rows can still reach.
         */
        private int addToOutputRows(byte[] row, int offset, int y, int lowest, int[] sums, int outBytes) {
            int[] first = rows.first();
            int[] taken = rows.count();
            int[] weights = rows.weights();
            while (lowest < outHeight && first[lowest] + taken[lowest] <= y) {
                lowest++;
            }
            for (int out = lowest; out < outHeight && first[out] <= y; out++) {
                int w = weights[out * rows.stride() + y - first[out]];
                if (w == 0) {
                    continue;
                }
                int base = out * outBytes;
                for (int i = 0; i < outBytes; i++) {
                    sums[base + i] += (row[offset + i] & 0xFF) * w;
                }
            }
            return lowest;
        }
    }

    /**
     * Two input rows resampled across, sharing each weight load. Red and blue share one long: the
     * weights are never negative and add up to about 2^22, so each 32-bit lane stays below 2^31
     * and never carries into the other, and one multiplication does the work of two. The second
     * row's result is computed even when the pair holds one row, and then not used.
     */
    private static void horizontalPair(byte[] pair, int inBytes, ResampleTaps taps, int outWidth, byte[] out,
            int outBytes) {
        int[] first = taps.first();
        int[] taken = taps.count();
        int[] weights = taps.weights();
        int stride = taps.stride();
        for (int x = 0, o = 0; x < outWidth; x++, o += 3) {
            long redBlue1 = ROUNDING_BOTH_LANES;
            long redBlue2 = ROUNDING_BOTH_LANES;
            int green1 = ROUNDING;
            int green2 = ROUNDING;
            int p = first[x] * 3;
            int k = x * stride;
            for (int end = k + taken[x]; k < end; k++, p += 3) {
                int w = weights[k];
                int a = (int) FOUR_BYTES.get(pair, p);
                int b = (int) FOUR_BYTES.get(pair, p + inBytes);
                redBlue1 += ((a & 0xFF) | ((long) (a & 0xFF0000) << 16)) * w;
                green1 += ((a >> 8) & 0xFF) * w;
                redBlue2 += ((b & 0xFF) | ((long) (b & 0xFF0000) << 16)) * w;
                green2 += ((b >> 8) & 0xFF) * w;
            }
            out[o] = clip8((int) redBlue1);
            out[o + 1] = clip8(green1);
            out[o + 2] = clip8((int) (redBlue1 >>> 32));
            out[outBytes + o] = clip8((int) redBlue2);
            out[outBytes + o + 1] = clip8(green2);
            out[outBytes + o + 2] = clip8((int) (redBlue2 >>> 32));
        }
    }

    /** Pillow's {@code clip8}: drop the fraction bits, clamp to 0..255. */
    private static byte clip8(int fixedPoint) {
        int v = fixedPoint >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
