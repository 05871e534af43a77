package com.purepost.dfdetect.image;

/**
 * What a JPEG's markers say before its first scan: the frame (size, precision, components and
 * their sampling) and the JFIF and Adobe markers that decide its colour space. Read the way Pillow
 * 9.4's {@code JpegImagePlugin} walks the markers, and refusing what it refuses: other than 8-bit
 * samples, other than 1, 3 or 4 components, no frame before the scan. Arithmetic, lossless and
 * hierarchical frames are refused too, as Pillow fails to decode them.
 */
record JpegHeader(int width, int height, int[] componentIds, int[] sampling, boolean buffered, boolean jfif,
                  int adobeTransform) {

    private static final ImageFormat FORMAT = ImageFormat.JPEG;
    static final int NO_ADOBE_MARKER = -1;
    /**
     * Scans a JPEG may have. Encoders write 1 (baseline) to a few dozen (progressive); each scan costs
     * the decoder a pass over the whole image, so thousands of them make a small file that takes
     * minutes to decode. Pillow sets no limit; this one refuses such a file at once.
     */
    static final int MAX_SCANS = 100;
    /**
     * Blocks all scans may decode together: each scan decodes every block of the components it names,
     * so this bounds the work of the scans whatever their number and the image's size. 48 passes over
     * the blocks of the largest greyscale image Pillow opens (4.3 billion samples): libjpeg's own
     * progression takes 8 such passes (4:2:0) to 14 (4:4:4) over an image's luma blocks.
     */
    static final long MAX_SCAN_BLOCKS = 48 * ((ImagePreprocessor.PILLOW_PIXEL_LIMIT + 63) / 64);

    /**
     * Puts the frame to the decode budget: its decoded image (one byte per component and pixel, as
     * Pillow holds L, RGB and CMYK) in proportion to the file, and in memory that image plus, for a
     * frame of several scans (progressive, or its components in scans of their own), the coefficients
     * libjpeg keeps for the whole image between scans.
     */
    void claim(DecodeBudget.Claim claim) {
        long decoded = (long) width * height * components();
        claim.requireProportion(FORMAT, width, height, decoded, DecodeBudget.Ratio.JPEG);
        claim.reserve(FORMAT, width, height, components(), buffered ? coefficientBytes() : 0);
    }

    /**
     * The whole-image coefficient buffer libjpeg allocates for a frame of several scans: each component's
     * blocks, rounded up to whole MCUs, 64 coefficients of 2 bytes each. Sampling factors of 0 are
     * refused by libjpeg; they count as 1 here.
     */
    long coefficientBytes() {
        long bytes = 0;
        for (int c = 0; c < components(); c++) {
            bytes += componentBlocks(c) * 64 * 2;
        }
        return bytes;
    }

    /** The blocks of component {@code c}, rounded up to whole MCUs as libjpeg stores them. */
    private long componentBlocks(int c) {
        int maxH = 1;
        int maxV = 1;
        for (int factors : sampling) {
            maxH = Math.max(maxH, factors >> 4);
            maxV = Math.max(maxV, factors & 15);
        }
        int h = Math.max(1, sampling[c] >> 4);
        int v = Math.max(1, sampling[c] & 15);
        long blocksWide = roundUp(ceilDiv(ceilDiv((long) width * h, maxH), 8), h);
        long blocksHigh = roundUp(ceilDiv(ceilDiv((long) height * v, maxV), 8), v);
        return blocksWide * blocksHigh;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static long roundUp(long a, long b) {
        return ceilDiv(a, b) * b;
    }

    /** libjpeg's colour spaces, as it infers them from the markers and the component ids. */
    enum ColourSpace { GREY, YCBCR, RGB, CMYK, YCCK }

    int components() {
        return componentIds.length;
    }

    static JpegHeader read(byte[] data) {
        boolean jfif = false;
        int adobe = NO_ADOBE_MARKER;
        JpegHeader frame = null;
        int pos = 2;
        while (true) {
            if (pos >= data.length) {
                throw FORMAT.corrupt("it ends before the image data");
            }
            if ((data[pos] & 0xFF) != 0xFF) {
                pos++; // Pillow skips stray bytes between markers
                continue;
            }
            if (pos + 1 >= data.length) {
                throw FORMAT.corrupt("it ends before the image data");
            }
            int marker = data[pos + 1] & 0xFF;
            if (marker == 0xFF || marker == 0x00) {
                pos++; // fill bytes
                continue;
            }
            pos += 2;
            if (marker < 0xC0) {
                throw FORMAT.corrupt("an unknown marker 0x" + Integer.toHexString(marker));
            }
            if (hasNoLength(marker)) {
                continue;
            }
            if (!Bytes.has(data, pos, 2)) {
                throw FORMAT.corrupt("a marker segment is cut short");
            }
            int length = Bytes.u16be(data, pos);
            int body = pos + 2;
            int bodyLength = Math.max(0, length - 2);
            if (!Bytes.has(data, body, bodyLength)) {
                throw FORMAT.corrupt("a marker segment is cut short");
            }
            if (marker == 0xDA) {
                if (frame == null) {
                    throw FORMAT.corrupt("its image data comes before its frame header");
                }
                frame.checkScanWork(data, pos - 2);
                // libjpeg keeps every coefficient of the image between scans when the frame is progressive,
                // or when its first scan leaves components for later scans
                boolean buffered = frame.buffered || bodyLength < 1 || Bytes.u8(data, body) < frame.components();
                return new JpegHeader(frame.width, frame.height, frame.componentIds, frame.sampling, buffered,
                        jfif, adobe);
            }
            if (marker == 0xE0 && bodyLength >= 5 && matches(data, body, "JFIF\0")) {
                jfif = true;
            } else if (marker == 0xEE && bodyLength >= 12 && matches(data, body, "Adobe")) {
                adobe = data[body + 11] & 0xFF;
            } else if (isFrame(marker)) {
                frame = frame(marker, data, body, bodyLength);
            }
            pos = body + bodyLength;
        }
    }

    /** The colour space libjpeg assumes, by its rules: JFIF, then Adobe's transform, then the ids. */
    ColourSpace colourSpace() {
        switch (components()) {
            case 1:
                return ColourSpace.GREY;
            case 3:
                if (jfif) {
                    return ColourSpace.YCBCR;
                }
                if (adobeTransform != NO_ADOBE_MARKER) {
                    return adobeTransform == 0 ? ColourSpace.RGB : ColourSpace.YCBCR;
                }
                boolean rgbIds = componentIds[0] == 'R' && componentIds[1] == 'G' && componentIds[2] == 'B';
                return rgbIds ? ColourSpace.RGB : ColourSpace.YCBCR;
            default:
                if (adobeTransform != NO_ADOBE_MARKER) {
                    return adobeTransform == 0 ? ColourSpace.CMYK : ColourSpace.YCCK;
                }
                return ColourSpace.CMYK;
        }
    }

    /**
     * Refuses more scans than {@link #MAX_SCANS}, or scans that decode more blocks together than
     * {@link #MAX_SCAN_BLOCKS}, counting every start-of-scan marker from {@code from} to the end of
     * the file. libjpeg finds a marker only as 0xFF (any number of them) then the marker byte, and
     * inside scan data a 0xFF is followed by a stuffed 0x00 or a restart marker: every scan it decodes,
     * in whatever frame, after whatever fill or garbage, is a 0xFF 0xDA pair here (and a pair inside
     * a segment libjpeg skips only counts against the file).
     */
    private void checkScanWork(byte[] data, int from) {
        int scans = 0;
        long blocks = 0;
        for (int i = from; i + 1 < data.length; i++) {
            if (data[i] == (byte) 0xFF && data[i + 1] == (byte) 0xDA) {
                scans++;
                blocks += scanBlocks(data, i + 4);
            }
        }
        if (scans > MAX_SCANS) {
            throw FORMAT.corrupt("it has " + scans + " scans; encoders write at most a few dozen");
        }
        if (blocks > MAX_SCAN_BLOCKS) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_MANY_PIXELS,
                    "Image is " + width + "x" + height + " pixels in " + scans + " scans, which decode " + blocks
                            + " blocks together; the limit is " + MAX_SCAN_BLOCKS);
        }
    }

    /**
     * The blocks one scan decodes: those of each component it names, from its header at {@code at}
     * (the component count, then an id and a table byte each). A header cut short, or an id the frame
     * does not have, counts as every component.
     */
    private long scanBlocks(byte[] data, int at) {
        long all = 0;
        for (int c = 0; c < components(); c++) {
            all += componentBlocks(c);
        }
        if (!Bytes.has(data, at, 1)) {
            return all;
        }
        int named = Bytes.u8(data, at);
        if (named < 1 || !Bytes.has(data, at + 1, 2L * named)) {
            return all;
        }
        long blocks = 0;
        for (int k = 0; k < named; k++) {
            int c = indexOf(Bytes.u8(data, at + 1 + 2 * k));
            if (c < 0) {
                return all;
            }
            blocks += componentBlocks(c);
        }
        return blocks;
    }

    private int indexOf(int componentId) {
        for (int c = 0; c < componentIds.length; c++) {
            if (componentIds[c] == componentId) {
                return c;
            }
        }
        return -1;
    }

    /** The markers Pillow reads no length for: restart, start and end of image, extensions. */
    private static boolean hasNoLength(int marker) {
        return marker == 0xC8 || marker >= 0xD0 && marker <= 0xD9 || marker >= 0xF0 && marker <= 0xFD;
    }

    private static boolean isFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static JpegHeader frame(int marker, byte[] data, int body, int length) {
        if (length < 6) {
            throw FORMAT.corrupt("its frame header is cut short");
        }
        int precision = Bytes.u8(data, body);
        int height = Bytes.u16be(data, body + 1);
        int width = Bytes.u16be(data, body + 3);
        int components = Bytes.u8(data, body + 5);
        if (precision != 8) {
            throw FORMAT.unsupported(precision + "-bit samples");
        }
        if (components != 1 && components != 3 && components != 4) {
            throw FORMAT.unsupported(components + " colour components");
        }
        if (marker != 0xC0 && marker != 0xC1 && marker != 0xC2) {
            throw FORMAT.unsupported(marker >= 0xC9 ? "arithmetic coding" : "lossless or hierarchical coding");
        }
        if (length < 6 + 3 * components) {
            throw FORMAT.corrupt("its frame header is cut short");
        }
        int[] ids = new int[components];
        int[] sampling = new int[components];
        for (int c = 0; c < components; c++) {
            ids[c] = Bytes.u8(data, body + 6 + 3 * c);
            sampling[c] = Bytes.u8(data, body + 7 + 3 * c);
        }
        return new JpegHeader(width, height, ids, sampling, marker == 0xC2, false, NO_ADOBE_MARKER);
    }

    private static boolean matches(byte[] data, int offset, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (data[offset + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
