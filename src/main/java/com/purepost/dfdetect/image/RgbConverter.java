package com.purepost.dfdetect.image;

/**
 * Pillow 9.4's {@code convert('RGB')} for each mode a decoder gives (its {@code Convert.c}):
 * grey is copied to the three channels, alpha is dropped and never composited, palette indices are
 * looked up, 32-bit integers are clipped to 0..255 (so most of a 16-bit greyscale PNG turns white,
 * as it does in Pillow), and CMYK goes through Pillow's plain per-channel formula.
 */
final class RgbConverter {

    private RgbConverter() {
    }

    /** The image converted one row at a time, for resizing without a full-size RGB copy. */
    static RgbRows rows(DecodedImage image) {
        return new ConvertedRows(image);
    }

    /** The whole image converted; an RGB image held in a Java array is wrapped, not copied. */
    static RgbImage toImage(DecodedImage image) {
        byte[] heap = image.samples().heapArray();
        if (image.mode() == PillowMode.RGB && heap != null && heap.length == image.width() * image.height() * 3) {
            return new RgbImage(image.width(), image.height(), heap);
        }
        RgbRows rows = rows(image);
        int rowBytes = image.width() * 3;
        byte[] out = new byte[rowBytes * image.height()];
        for (int y = 0; y < image.height(); y++) {
            rows.readRow(y, out, y * rowBytes);
        }
        return new RgbImage(image.width(), image.height(), out);
    }

    /** Pillow's {@code MULDIV255}: a * b / 255, rounded, without a division. */
    private static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    private static final class ConvertedRows implements RgbRows {
        private final DecodedImage image;
        private final byte[] samples;

        ConvertedRows(DecodedImage image) {
            this.image = image;
            this.samples = image.mode() == PillowMode.RGB ? null : new byte[image.rowBytes()];
        }

        @Override
        public int width() {
            return image.width();
        }

        @Override
        public int height() {
            return image.height();
        }

        @Override
        public void readRow(int y, byte[] row, int at) {
            int width = image.width();
            long offset = (long) y * image.rowBytes();
            if (samples == null) {
                image.samples().read(offset, row, at, width * 3);
                return;
            }
            image.samples().read(offset, samples, 0, samples.length);
            switch (image.mode()) {
                case ONE -> bilevel(samples, row, at, width);
                case L -> grey(samples, 1, row, at, width);
                case LA -> grey(samples, 2, row, at, width);
                case P -> palette(samples, image.palette(), row, at, width);
                case I16 -> clippedInteger(samples, row, at, width);
                case RGBA -> dropAlpha(samples, row, at, width);
                case CMYK -> cmyk(samples, row, at, width);
                default -> throw new IllegalStateException("No conversion from " + image.mode());
            }
        }

        @Override
        public RgbRows concurrentReader() {
            return new ConvertedRows(image);
        }
    }

    private static void bilevel(byte[] in, byte[] out, int o, int width) {
        for (int x = 0; x < width; x++) {
            byte v = in[x] != 0 ? (byte) 255 : 0;
            out[o++] = v;
            out[o++] = v;
            out[o++] = v;
        }
    }

    private static void grey(byte[] in, int step, byte[] out, int o, int width) {
        for (int x = 0, i = 0; x < width; x++, i += step) {
            byte v = in[i];
            out[o++] = v;
            out[o++] = v;
            out[o++] = v;
        }
    }

    private static void palette(byte[] in, byte[] palette, byte[] out, int o, int width) {
        for (int x = 0; x < width; x++) {
            int entry = (in[x] & 0xFF) * 3;
            out[o++] = palette[entry];
            out[o++] = palette[entry + 1];
            out[o++] = palette[entry + 2];
        }
    }

    private static void clippedInteger(byte[] in, byte[] out, int o, int width) {
        for (int x = 0, i = 0; x < width; x++, i += 2) {
            int value = ((in[i] & 0xFF) << 8) | (in[i + 1] & 0xFF);
            byte v = (byte) Math.min(value, 255);
            out[o++] = v;
            out[o++] = v;
            out[o++] = v;
        }
    }

    private static void dropAlpha(byte[] in, byte[] out, int o, int width) {
        for (int x = 0, i = 0; x < width; x++, i += 4) {
            out[o++] = in[i];
            out[o++] = in[i + 1];
            out[o++] = in[i + 2];
        }
    }

    private static void cmyk(byte[] in, byte[] out, int o, int width) {
        for (int x = 0, i = 0; x < width; x++, i += 4) {
            int notBlack = 255 - (in[i + 3] & 0xFF);
            out[o++] = clip8(notBlack - mulDiv255(in[i] & 0xFF, notBlack));
            out[o++] = clip8(notBlack - mulDiv255(in[i + 1] & 0xFF, notBlack));
            out[o++] = clip8(notBlack - mulDiv255(in[i + 2] & 0xFF, notBlack));
        }
    }

    private static byte clip8(int v) {
        return (byte) (v <= 0 ? 0 : Math.min(v, 255));
    }
}
