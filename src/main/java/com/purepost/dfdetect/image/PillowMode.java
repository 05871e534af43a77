package com.purepost.dfdetect.image;

/**
 * The Pillow image modes our decoders produce, with the layout we keep their samples in. The
 * decoders give the values Pillow's decoders and unpackers give; {@link RgbConverter} then does what
 * Pillow's {@code convert('RGB')} does for each mode.
 */
enum PillowMode {
    /** Bilevel, one byte per pixel, 0 or 255. */
    ONE(1),
    /** Greyscale. */
    L(1),
    /** Greyscale and alpha. */
    LA(2),
    /** Palette indices; the image carries a 256-entry RGB palette. */
    P(1),
    /** Pillow's 32-bit integer mode as 16-bit PNG greyscale fills it: two bytes per pixel, big-endian. */
    I16(2),
    RGB(3),
    /** RGB and alpha (also Pillow's RGBX: the fourth byte is ignored the same way). */
    RGBA(4),
    /** CMYK as Pillow holds it: for JPEG, the decoder's output inverted ("CMYK;I"). */
    CMYK(4);

    private final int bytesPerPixel;

    PillowMode(int bytesPerPixel) {
        this.bytesPerPixel = bytesPerPixel;
    }

    int bytesPerPixel() {
        return bytesPerPixel;
    }
}
