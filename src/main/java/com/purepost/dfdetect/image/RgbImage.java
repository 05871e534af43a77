package com.purepost.dfdetect.image;

import java.util.Objects;

/**
 * An 8-bit RGB image as Pillow holds one after {@code convert('RGB')}: rows top to bottom, three
 * bytes (R, G, B) per pixel, no row padding. The array is shared, not copied: treat it as read-only.
 */
public record RgbImage(int width, int height, byte[] pixels) implements RgbRows {

    public RgbImage {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("Image size must be positive, got " + width + "x" + height);
        }
        Objects.requireNonNull(pixels, "pixels");
        if (pixels.length != (long) width * height * 3) {
            throw new IllegalArgumentException(
                    "A " + width + "x" + height + " RGB image needs " + (long) width * height * 3
                            + " bytes, got " + pixels.length);
        }
    }

    @Override
    public void readRow(int y, byte[] row, int offset) {
        System.arraycopy(pixels, y * width * 3, row, offset, width * 3);
    }

    @Override
    public RgbRows concurrentReader() {
        return this;
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
