package com.purepost.dfdetect.support;

import java.io.ByteArrayOutputStream;

/**
 * JPEGs that are small and valid but slow to decode: a progressive greyscale image whose AC band is
 * sent again and again in scans of nothing but end-of-band runs. Each scan costs the decoder a pass
 * over every block of the image and the file a few dozen bytes, so a 100 KB file can hold thousands
 * of passes over a 16-megapixel image (5000 of them took over 30 s to decode). libjpeg accepts the
 * repeats, and Pillow decodes such a file too, as slowly; the service refuses more than
 * {@code JpegHeader.MAX_SCANS} scans or scans that decode more than {@code JpegHeader.MAX_SCAN_BLOCKS}
 * blocks together, and the decode-time limit stops what stays under that.
 */
public final class SlowJpegs {

    /** The largest end-of-band run one Huffman symbol (EOB14 plus 14 bits) covers with all-zero extra bits. */
    private static final int BLOCKS_PER_RUN = 1 << 14;

    private SlowJpegs() {
    }

    /**
     * A {@code side x side} greyscale progressive JPEG (all mid-grey): one DC scan, then the AC band in
     * {@code acScans} repeated scans. {@code side} must be a multiple of 1024, so that the block count
     * is a multiple of the run length and every scan's data is whole bytes of zero bits.
     */
    public static byte[] repeatedScans(int side, int acScans) {
        if (side % 1024 != 0) {
            throw new IllegalArgumentException("side must be a multiple of 1024");
        }
        int blocks = (side / 8) * (side / 8);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        marker(jpeg, 0xD8);
        segment(jpeg, 0xDB, quantizationTable());
        segment(jpeg, 0xC2, new byte[] {8, (byte) (side >> 8), (byte) side, (byte) (side >> 8), (byte) side, 1, 1, 0x11, 0});
        // DC table 0: one code, '0', for category 0 (no change from the previous block's DC).
        segment(jpeg, 0xC4, huffmanTable(0x00, new int[] {1}, new int[] {0x00}));
        // AC table 0: '0' for EOB14 (a run of 16384 + 14 bits of blocks), '10' for EOB.
        segment(jpeg, 0xC4, huffmanTable(0x10, new int[] {1, 1}, new int[] {0xE0, 0x00}));
        segment(jpeg, 0xDA, scanHeader(0, 0));
        jpeg.writeBytes(new byte[blocks / 8]); // one '0' bit per block
        byte[] acScanData = new byte[blocks / BLOCKS_PER_RUN * 15 / 8 + 1];
        for (int i = 0; i < acScans; i++) {
            segment(jpeg, 0xDA, scanHeader(1, 63));
            int bits = blocks / BLOCKS_PER_RUN * 15;
            // zero bits for the runs, then the last byte padded with ones
            acScanData[acScanData.length - 1] = (byte) (0xFF >> (bits % 8 == 0 ? 8 : bits % 8));
            jpeg.write(acScanData, 0, bits % 8 == 0 ? bits / 8 : acScanData.length);
        }
        marker(jpeg, 0xD9);
        return jpeg.toByteArray();
    }

    private static byte[] quantizationTable() {
        byte[] table = new byte[65];
        java.util.Arrays.fill(table, 1, 65, (byte) 1);
        return table;
    }

    private static byte[] huffmanTable(int classAndId, int[] countsByLength, int[] symbols) {
        byte[] table = new byte[1 + 16 + symbols.length];
        table[0] = (byte) classAndId;
        for (int i = 0; i < countsByLength.length; i++) {
            table[1 + i] = (byte) countsByLength[i];
        }
        for (int i = 0; i < symbols.length; i++) {
            table[17 + i] = (byte) symbols[i];
        }
        return table;
    }

    private static byte[] scanHeader(int spectralStart, int spectralEnd) {
        return new byte[] {1, 1, 0x00, (byte) spectralStart, (byte) spectralEnd, 0};
    }

    private static void marker(ByteArrayOutputStream out, int marker) {
        out.write(0xFF);
        out.write(marker);
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] body) {
        marker(out, marker);
        out.write((body.length + 2) >> 8);
        out.write(body.length + 2);
        out.writeBytes(body);
    }
}
