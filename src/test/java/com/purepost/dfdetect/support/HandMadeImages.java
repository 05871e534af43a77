package com.purepost.dfdetect.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Image files written byte by byte, for inputs no encoder would make: headers that claim sizes the data
 * does not hold, checksums that do not match, files cut at a chosen marker.
 */
public final class HandMadeImages {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int PNG_RGB = 2;

    private HandMadeImages() {
    }

    /** A PNG's IHDR chunk body: 8-bit RGB, not interlaced. */
    public static byte[] rgbHeader(int width, int height) {
        return ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) PNG_RGB).put((byte) 0).put((byte) 0).put((byte) 0).array();
    }

    /** A whole 8-bit RGB PNG of one grey level, its rows unfiltered, in one IDAT chunk. */
    public static byte[] greyPng(int width, int height, int level) {
        byte[] rows = new byte[height * (1 + 3 * width)];
        for (int y = 0; y < height; y++) {
            int row = y * (1 + 3 * width);
            java.util.Arrays.fill(rows, row + 1, row + 1 + 3 * width, (byte) level);
        }
        return png(chunk("IHDR", rgbHeader(width, height)), chunk("IDAT", deflated(rows)), chunk("IEND", new byte[0]));
    }

    /** A PNG of a header claiming {@code width x height} and a few bytes of image data. */
    public static byte[] pngClaiming(int width, int height) {
        byte[] oneBlackRow = deflated(new byte[4]);
        return png(chunk("IHDR", rgbHeader(width, height)), chunk("IDAT", oneBlackRow), chunk("IEND", new byte[0]));
    }

    /** The signature followed by the given chunks. */
    public static byte[] png(byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PNG_SIGNATURE);
        for (byte[] chunk : chunks) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    /** One PNG chunk: length, type, body, and the CRC-32 of type and body. */
    public static byte[] chunk(String type, byte[] body) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(body);
        return ByteBuffer.allocate(12 + body.length).putInt(body.length).put(typeBytes).put(body)
                .putInt((int) crc.getValue()).array();
    }

    /** A copy of {@code png} whose chunk {@code type} carries a wrong CRC. */
    public static byte[] withBrokenCrc(byte[] png, String type) {
        byte[] broken = png.clone();
        int at = PNG_SIGNATURE.length;
        while (at + 8 <= broken.length) {
            int length = ByteBuffer.wrap(broken, at, 4).getInt();
            String chunkType = new String(broken, at + 4, 4, StandardCharsets.US_ASCII);
            if (chunkType.equals(type)) {
                broken[at + 8 + length + 3] ^= 0x5A;
                return broken;
            }
            at += 12 + length;
        }
        throw new IllegalArgumentException("no " + type + " chunk");
    }

    /**
     * A baseline JPEG of three components whose frame header claims {@code width x height}, with a scan
     * header and no entropy-coded data.
     */
    public static byte[] jpegClaiming(int width, int height) {
        return new byte[] {(byte) 0xFF, (byte) 0xD8,
            (byte) 0xFF, (byte) 0xC0, 0, 17, 8, (byte) (height >> 8), (byte) height, (byte) (width >> 8), (byte) width,
            3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0,
            (byte) 0xFF, (byte) 0xDA, 0, 12, 3, 1, 0, 2, 0, 3, 0, 0, 63, 0,
            (byte) 0xFF, (byte) 0xD9};
    }

    /** A copy of a JDK-written JPEG whose frame header (SOF0) claims {@code width x height}. */
    public static byte[] withClaimedSize(byte[] jpeg, int width, int height) {
        byte[] patched = jpeg.clone();
        int sof = markerAt(patched, 0xC0);
        patched[sof + 5] = (byte) (height >> 8);
        patched[sof + 6] = (byte) height;
        patched[sof + 7] = (byte) (width >> 8);
        patched[sof + 8] = (byte) width;
        return patched;
    }

    /** The JPEG up to (not including) its first start-of-scan marker: every header, no image data. */
    public static byte[] jpegHeadersOnly(byte[] jpeg) {
        return java.util.Arrays.copyOf(jpeg, markerAt(jpeg, 0xDA));
    }

    /** The JPEG with the entropy-coded data of its first scan replaced by seeded noise (no 0xFF bytes). */
    public static byte[] withGarbageScan(byte[] jpeg, long seed) {
        byte[] garbled = jpeg.clone();
        int sos = markerAt(garbled, 0xDA);
        int dataStart = sos + 2 + (((garbled[sos + 2] & 0xFF) << 8) | (garbled[sos + 3] & 0xFF));
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = dataStart; i < garbled.length - 2; i++) {
            garbled[i] = (byte) random.nextInt(0xFF);
        }
        return garbled;
    }

    /** A GIF whose logical screen and one frame claim {@code width x height}, with one code of data. */
    public static byte[] gifClaiming(int width, int height) {
        return new byte[] {'G', 'I', 'F', '8', '9', 'a', (byte) width, (byte) (width >> 8), (byte) height,
            (byte) (height >> 8), 0, 0, 0,
            ',', 0, 0, 0, 0, (byte) width, (byte) (width >> 8), (byte) height, (byte) (height >> 8), 0,
            2, 2, 0x44, 1, 0, ';'};
    }

    /**
     * A 29-byte GIF whose logical screen is {@code width x height} and whose one frame is a single
     * pixel: Pillow opens it at the screen's size, the whole canvas allocated and resized.
     */
    public static byte[] gifScreenAroundOnePixel(int width, int height) {
        return new byte[] {'G', 'I', 'F', '8', '9', 'a', (byte) width, (byte) (width >> 8), (byte) height,
            (byte) (height >> 8), 0, 0, 0,
            ',', 0, 0, 0, 0, 1, 0, 1, 0, 0,
            2, 2, 0x44, 1, 0, ';'};
    }

    /**
     * An 8-bit run-length BMP of {@code width x height} (greyscale: a one-entry black palette) whose
     * data is nothing but delta escapes, each skipping 255 rows, and an end of bitmap: Pillow 9.4 fills
     * the canvas with zeros. For 65535 x 2730 that is 11 deltas in a file of 128 bytes.
     */
    public static byte[] bmpRle8OfDeltas(int width, int height) {
        int deltas = (height + 254) / 255;
        int dataStart = 14 + 40 + 4;
        int size = dataStart + 6 * deltas + 4;
        ByteBuffer bmp = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(size).putInt(0).putInt(dataStart);
        bmp.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 8)
                .putInt(1).putInt(6 * deltas + 4).putInt(2835).putInt(2835).putInt(1).putInt(0);
        bmp.putInt(0); // the palette: black
        for (int i = 0; i < deltas; i++) {
            // Pillow 9.4 reads two bytes after the escape, then takes the offsets from the next two
            bmp.put(new byte[] {0, 2, 0, 0, 0, (byte) 255});
        }
        bmp.put(new byte[] {0, 1, 0, 0}); // end of bitmap, and padding
        return bmp.array();
    }

    /**
     * A whole 8-bit RGBA PNG of {@code width x height} transparent black pixels, its rows deflated at
     * the best compression: near deflate's ceiling of 1032 to 1, so at Pillow's pixel limit a file of
     * about 0.7 MB holds a 716 MB image.
     */
    public static byte[] transparentRgbaPng(int width, int height) {
        byte[] header = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0).array();
        byte[] row = new byte[1 + 4 * width];
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        for (int y = 0; y < height; y++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return png(chunk("IHDR", header), chunk("IDAT", out.toByteArray()), chunk("IEND", new byte[0]));
    }

    /** A 24-bit BMP header claiming {@code width x height}, and no pixels. */
    public static byte[] bmpClaiming(int width, int height) {
        ByteBuffer bmp = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(54).putInt(0).putInt(54);
        bmp.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24)
                .putInt(0).putInt(0).putInt(2835).putInt(2835).putInt(0).putInt(0);
        return bmp.array();
    }

    /** A lossless WebP (VP8L) header claiming {@code width x height} (each at most 16384), and no image. */
    public static byte[] webpClaiming(int width, int height) {
        long bits = (width - 1L) | (height - 1L) << 14;
        ByteBuffer webp = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        webp.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(22).put("WEBP".getBytes(StandardCharsets.US_ASCII))
                .put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(10)
                .put((byte) 0x2F).putInt((int) bits).put(new byte[5]);
        return webp.array();
    }

    private static int markerAt(byte[] jpeg, int marker) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
                return i;
            }
        }
        throw new IllegalArgumentException("no marker 0x" + Integer.toHexString(marker));
    }

    private static byte[] deflated(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }
}
