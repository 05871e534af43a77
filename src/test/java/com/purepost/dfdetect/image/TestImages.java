package com.purepost.dfdetect.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Small images made in the test itself, and headers that lie about their size. */
final class TestImages {

    private TestImages() {
    }

    /** A striped RGB picture encoded by the JDK's writer ("jpeg", "png", "bmp", "gif"). */
    static byte[] encoded(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ((x * 37) & 0xFF) << 16 | ((y * 11) & 0xFF) << 8 | ((x ^ y) & 0xFF));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] cut(byte[] data, int length) {
        return java.util.Arrays.copyOf(data, length);
    }

    /** A PNG with a valid header for the given size and a few bytes of image data. */
    static byte[] pngClaiming(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
                chunk("IHDR", ihdr.array()), chunk("IDAT", new byte[] {0x78, (byte) 0x9C, 3, 0, 0, 0, 0, 1}),
                chunk("IEND", new byte[0]));
    }

    /** A JPEG whose frame header claims the given size, followed by a scan header and nothing. */
    static byte[] jpegClaiming(int width, int height, int precision, int frameMarker) {
        return new byte[] {(byte) 0xFF, (byte) 0xD8,
            (byte) 0xFF, (byte) frameMarker, 0, 17, (byte) precision, (byte) (height >> 8), (byte) height,
            (byte) (width >> 8), (byte) width, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
            (byte) 0xFF, (byte) 0xDA, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0,
            (byte) 0xFF, (byte) 0xD9};
    }

    /** A GIF whose logical screen is the given size, with a one-pixel frame. */
    static byte[] gifClaiming(int width, int height) {
        return new byte[] {'G', 'I', 'F', '8', '9', 'a', (byte) width, (byte) (width >> 8), (byte) height,
            (byte) (height >> 8), 0, 0, 0, ',', 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, ';'};
    }

    /** A 24-bit BMP header for the given size with no pixel data after it. */
    static byte[] bmpClaiming(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(54).putInt(0).putInt(54);
        b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24).putInt(0).putInt(0)
                .putInt(2835).putInt(2835).putInt(0).putInt(0);
        return b.array();
    }

    /** An extended WebP header whose canvas is the given size, and no frame. */
    static byte[] webpClaiming(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(22).put("WEBP".getBytes()).put("VP8X".getBytes()).putInt(10);
        b.putInt(0);
        b.put((byte) (width - 1)).put((byte) ((width - 1) >> 8)).put((byte) ((width - 1) >> 16));
        b.put((byte) (height - 1)).put((byte) ((height - 1) >> 8)).put((byte) ((height - 1) >> 16));
        return b.array();
    }

    static byte[] chunk(String type, byte[] body) {
        byte[] typeBytes = type.getBytes();
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(body);
        return ByteBuffer.allocate(12 + body.length).putInt(body.length).put(typeBytes).put(body)
                .putInt((int) crc.getValue()).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
