package com.purepost.dfdetect.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Pillow 9.4's {@code Image.resize(size, Image.BILINEAR)} for an RGB image, to the byte: the
 * antialiased triangle filter of {@code ImagingResample}, applied as two separable passes in fixed
 * point, horizontal first, each rounded and clamped to 8 bits before the next. A pass whose size
 * does not change is skipped, as Pillow skips it; an image already at the target size is copied.
 *
 * <p>The sums are integers, so any order of adding them gives Pillow's result: that freedom is what
 * the speed-ups below use, never an approximation.
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
    private static final long PARALLEL_PIXELS = 1L << 20;

    private BilinearResampler() {
    }

    static RgbImage resize(RgbRows source, int outWidth, int outHeight) {
        int inWidth = source.width();
        int inHeight = source.height();
        boolean horizontal = outWidth != inWidth;
        boolean vertical = outHeight != inHeight;
        ResampleTaps rows = ResampleTaps.compute(inHeight, outHeight);

        // Only the input rows the vertical pass will read are resampled horizontally
        int firstRow = rows.first()[0];
        int lastRow = rows.first()[outHeight - 1] + rows.count()[outHeight - 1];
        int bandHeight = lastRow - firstRow;

        byte[] band = horizontal
                ? horizontalPass(source, firstRow, bandHeight, ResampleTaps.compute(inWidth, outWidth), outWidth)
                : readRows(source, firstRow, bandHeight);
        if (!vertical) {
            return new RgbImage(outWidth, outHeight, band);
        }
        return new RgbImage(outWidth, outHeight, verticalPass(band, outWidth * 3, rows, firstRow, outHeight));
    }

    private static byte[] readRows(RgbRows source, int firstRow, int count) {
        int rowBytes = source.width() * 3;
        byte[] out = new byte[rowBytes * count];
        for (int y = 0; y < count; y++) {
            source.readRow(firstRow + y, out, y * rowBytes);
        }
        return out;
    }

    /** The band's rows resampled to {@code outWidth}; large bands are split between two threads. */
    private static byte[] horizontalPass(RgbRows source, int firstRow, int count, ResampleTaps taps, int outWidth) {
        byte[] out = new byte[outWidth * 3 * count];
        boolean split = (long) count * source.width() >= PARALLEL_PIXELS && count >= 4
                && Runtime.getRuntime().availableProcessors() > 1;
        if (!split) {
            horizontalRows(source, firstRow, 0, count, taps, outWidth, out);
            return out;
        }
        int middle = count / 2 & ~1;
        RgbRows other = source.concurrentReader();
        ForkJoinTask<?> secondHalf = ForkJoinPool.commonPool().submit(
                () -> horizontalRows(other, firstRow, middle, count, taps, outWidth, out));
        horizontalRows(source, firstRow, 0, middle, taps, outWidth, out);
        secondHalf.join();
        return out;
    }

    /**
     * Band rows {@code from} to {@code to}, two at a time so that each weight is loaded once for
     * both. Red and blue share one long: the weights are never negative and add up to about
     * 2^22, so each 32-bit lane stays below 2^31 and never carries into the other, and one
     * multiplication does the work of two.
     */
    private static void horizontalRows(RgbRows source, int firstRow, int from, int to, ResampleTaps taps,
            int outWidth, byte[] out) {
        int[] first = taps.first();
        int[] taken = taps.count();
        int[] weights = taps.weights();
        int stride = taps.stride();
        int rowBytes = source.width() * 3;
        byte[] pair = new byte[2 * rowBytes + 1]; // one spare byte: the last pixel is read as four
        int outRowBytes = outWidth * 3;
        for (int y = from; y < to; y += 2) {
            boolean two = y + 1 < to;
            source.readRow(firstRow + y, pair, 0);
            if (two) {
                source.readRow(firstRow + y + 1, pair, rowBytes);
            }
            int o1 = y * outRowBytes;
            int o2 = o1 + outRowBytes;
            for (int x = 0; x < outWidth; x++) {
                long redBlue1 = ROUNDING_BOTH_LANES;
                long redBlue2 = ROUNDING_BOTH_LANES;
                int green1 = ROUNDING;
                int green2 = ROUNDING;
                int p = first[x] * 3;
                int k = x * stride;
                for (int end = k + taken[x]; k < end; k++, p += 3) {
                    int w = weights[k];
                    int a = (int) FOUR_BYTES.get(pair, p);
                    int b = (int) FOUR_BYTES.get(pair, p + rowBytes);
                    redBlue1 += ((a & 0xFF) | ((long) (a & 0xFF0000) << 16)) * w;
                    green1 += ((a >> 8) & 0xFF) * w;
                    redBlue2 += ((b & 0xFF) | ((long) (b & 0xFF0000) << 16)) * w;
                    green2 += ((b >> 8) & 0xFF) * w;
                }
                out[o1++] = clip8((int) redBlue1);
                out[o1++] = clip8(green1);
                out[o1++] = clip8((int) (redBlue1 >>> 32));
                if (two) {
                    out[o2++] = clip8((int) redBlue2);
                    out[o2++] = clip8(green2);
                    out[o2++] = clip8((int) (redBlue2 >>> 32));
                }
            }
        }
    }

    private static byte[] verticalPass(byte[] band, int rowBytes, ResampleTaps taps, int firstRow, int outHeight) {
        int[] first = taps.first();
        int[] taken = taps.count();
        int[] weights = taps.weights();
        int stride = taps.stride();
        byte[] out = new byte[rowBytes * outHeight];
        int[] sums = new int[rowBytes];
        for (int y = 0; y < outHeight; y++) {
            Arrays.fill(sums, ROUNDING);
            // one input row at a time, so that the inner loop runs over contiguous bytes
            int source = (first[y] - firstRow) * rowBytes;
            for (int t = 0; t < taken[y]; t++, source += rowBytes) {
                int w = weights[y * stride + t];
                for (int i = 0; i < rowBytes; i++) {
                    sums[i] += (band[source + i] & 0xFF) * w;
                }
            }
            int o = y * rowBytes;
            for (int i = 0; i < rowBytes; i++) {
                out[o + i] = clip8(sums[i]);
            }
        }
        return out;
    }

    /** Pillow's {@code clip8}: drop the fraction bits, clamp to 0..255. */
    private static byte clip8(int fixedPoint) {
        int v = fixedPoint >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
