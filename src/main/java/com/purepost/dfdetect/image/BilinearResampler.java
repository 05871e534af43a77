package com.purepost.dfdetect.image;

/**
 * Pillow 9.4's {@code Image.resize(size, Image.BILINEAR)} for an RGB image, to the byte: the
 * antialiased triangle filter of {@code ImagingResample}, applied as two separable passes in fixed
 * point, horizontal first, each rounded and clamped to 8 bits before the next. A pass whose size
 * does not change is skipped, as Pillow skips it; an image already at the target size is returned
 * as it is.
 */
final class BilinearResampler {

    /**
     * Fixed-point precision of Pillow's 8-bit resampling: 32 bits, less 8 for the sample value and
     * 2 for the sign and for sums of weights slightly over 1.
     */
    static final int PRECISION_BITS = 32 - 8 - 2;

    private static final int ROUNDING = 1 << (PRECISION_BITS - 1);

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
        byte[] row = new byte[rowBytes];
        for (int y = 0; y < count; y++) {
            source.readRow(firstRow + y, row);
            System.arraycopy(row, 0, out, y * rowBytes, rowBytes);
        }
        return out;
    }

    private static byte[] horizontalPass(RgbRows source, int firstRow, int count, ResampleTaps taps, int outWidth) {
        int[] first = taps.first();
        int[] taken = taps.count();
        int[] weights = taps.weights();
        int stride = taps.stride();
        byte[] row = new byte[source.width() * 3];
        byte[] out = new byte[outWidth * 3 * count];
        int o = 0;
        for (int y = 0; y < count; y++) {
            source.readRow(firstRow + y, row);
            for (int x = 0; x < outWidth; x++) {
                int r = ROUNDING;
                int g = ROUNDING;
                int b = ROUNDING;
                int p = first[x] * 3;
                int k = x * stride;
                int end = k + taken[x];
                for (; k < end; k++, p += 3) {
                    int w = weights[k];
                    r += (row[p] & 0xFF) * w;
                    g += (row[p + 1] & 0xFF) * w;
                    b += (row[p + 2] & 0xFF) * w;
                }
                out[o++] = clip8(r);
                out[o++] = clip8(g);
                out[o++] = clip8(b);
            }
        }
        return out;
    }

    private static byte[] verticalPass(byte[] band, int rowBytes, ResampleTaps taps, int firstRow, int outHeight) {
        int[] first = taps.first();
        int[] taken = taps.count();
        int[] weights = taps.weights();
        int stride = taps.stride();
        byte[] out = new byte[rowBytes * outHeight];
        int[] sums = new int[rowBytes];
        for (int y = 0; y < outHeight; y++) {
            java.util.Arrays.fill(sums, ROUNDING);
            // Integer sums do not depend on their order: one input row at a time, so the inner
            // loop runs over contiguous bytes
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
