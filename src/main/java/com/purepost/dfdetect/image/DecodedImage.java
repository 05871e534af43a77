package com.purepost.dfdetect.image;

import java.util.Objects;

/**
 * The first frame of an image, decoded as Pillow's {@code Image.open} holds it: its mode, its size,
 * its samples row by row without padding, and for mode P its palette (256 RGB entries; entries the
 * file did not give are Pillow's default grey ramp). Close it to release native samples.
 */
record DecodedImage(PillowMode mode, int width, int height, Samples samples, byte[] palette)
        implements AutoCloseable {

    static final int PALETTE_ENTRIES = 256;

    DecodedImage {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(samples, "samples");
        if (mode == PillowMode.P && (palette == null || palette.length != PALETTE_ENTRIES * 3)) {
            throw new IllegalArgumentException("A palette image needs a 256-entry RGB palette");
        }
    }

    static DecodedImage of(PillowMode mode, int width, int height, byte[] samples) {
        return new DecodedImage(mode, width, height, Samples.of(samples), null);
    }

    static DecodedImage paletted(int width, int height, byte[] indices, byte[] palette) {
        return new DecodedImage(PillowMode.P, width, height, Samples.of(indices), palette);
    }

    /** The same image, whose closing also gives back the decode memory {@code claim} holds. */
    DecodedImage releasing(DecodeBudget.Claim claim) {
        return new DecodedImage(mode, width, height, new ReleasingSamples(samples, claim), palette);
    }

    int rowBytes() {
        return width * mode.bytesPerPixel();
    }

    /**
     * Pillow's palette for a file's entries: a new palette is a grey ramp (entry i is i, i, i) and
     * the file's entries overwrite its start. {@code entryBytes} is 3 or 4 (a padding byte after
     * each entry); {@code bgr} says the file stores blue first.
     */
    static byte[] palette(byte[] source, int offset, int entries, int entryBytes, boolean bgr) {
        byte[] palette = greyRamp();
        int n = Math.min(entries, PALETTE_ENTRIES);
        for (int i = 0; i < n; i++) {
            int s = offset + i * entryBytes;
            palette[i * 3] = source[bgr ? s + 2 : s];
            palette[i * 3 + 1] = source[s + 1];
            palette[i * 3 + 2] = source[bgr ? s : s + 2];
        }
        return palette;
    }

    static byte[] greyRamp() {
        byte[] palette = new byte[PALETTE_ENTRIES * 3];
        for (int i = 0; i < PALETTE_ENTRIES; i++) {
            palette[i * 3] = (byte) i;
            palette[i * 3 + 1] = (byte) i;
            palette[i * 3 + 2] = (byte) i;
        }
        return palette;
    }

    @Override
    public void close() {
        samples.close();
    }

    /** Samples that give their decode memory back to the pool when closed. */
    private record ReleasingSamples(Samples samples, DecodeBudget.Claim claim) implements Samples {

        @Override
        public void read(long offset, byte[] destination, int destinationOffset, int length) {
            samples.read(offset, destination, destinationOffset, length);
        }

        @Override
        public byte[] heapArray() {
            return samples.heapArray();
        }

        @Override
        public void close() {
            try {
                samples.close();
            } finally {
                claim.close();
            }
        }
    }
}
