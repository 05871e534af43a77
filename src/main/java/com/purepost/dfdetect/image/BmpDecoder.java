package com.purepost.dfdetect.image;

/**
 * BMP as Pillow 9.4's {@code BmpImagePlugin} reads it: the OS/2 and Windows headers (12, 40, 64,
 * 108 and 124 bytes), 1-, 4- and 8-bit palettes, 16-bit 5-5-5 and 5-6-5, 24- and 32-bit pixels with
 * the bit-field layouts Pillow knows, bottom-up and top-down rows, RLE8 and RLE4.
 *
 * <p>Pillow's readings are kept where they are its own: a palette that is exactly black and white,
 * or exactly a grey ramp, makes the image bilevel or greyscale and its pixels are then read at that
 * mode's width; the pixel data offset is moved past the palette when it points at the palette; RLE
 * absolute runs are aligned on the file position, an RLE4 absolute run reads half its count in
 * bytes, and an RLE delta takes its offsets from the wrong bytes. Alpha is dropped as soon as it is
 * read, since {@code convert('RGB')} drops it.
 */
final class BmpDecoder implements ImageDecoder {

    private static final ImageFormat FORMAT = ImageFormat.BMP;
    private static final int FILE_HEADER = 14;
    private static final int OS2_HEADER = 12;
    private static final int RAW = 0;
    private static final int RLE8 = 1;
    private static final int RLE4 = 2;
    private static final int BITFIELDS = 3;
    private static final int MAX_PALETTE_ENTRIES = 65536;
    private static final int MAX_PALETTE_SIZE = 256;

    @Override
    public String describe() {
        return "BMP: built-in decoder";
    }

    /** How Pillow unpacks one row: the mode it fills, bits per pixel, and where R, G, B sit. */
    private enum Layout {
        BILEVEL(PillowMode.ONE, 1),
        GREY(PillowMode.L, 8),
        INDEX1(PillowMode.P, 1),
        INDEX4(PillowMode.P, 4),
        INDEX8(PillowMode.P, 8),
        BGR15(PillowMode.RGB, 16),
        BGR16(PillowMode.RGB, 16),
        BGR(PillowMode.RGB, 24, 2, 1, 0),
        BGRX(PillowMode.RGB, 32, 2, 1, 0),
        XBGR(PillowMode.RGB, 32, 3, 2, 1),
        ABGR(PillowMode.RGB, 32, 3, 2, 1),
        RGBA(PillowMode.RGB, 32, 0, 1, 2),
        BGRA(PillowMode.RGB, 32, 2, 1, 0);

        final PillowMode mode;
        final int bits;
        final int red;
        final int green;
        final int blue;

        Layout(PillowMode mode, int bits) {
            this(mode, bits, 0, 0, 0);
        }

        Layout(PillowMode mode, int bits, int red, int green, int blue) {
            this.mode = mode;
            this.bits = bits;
            this.red = red;
            this.green = green;
            this.blue = blue;
        }
    }

    @Override
    public DecodedImage decode(byte[] data, DecodeBudget.Claim claim) {
        if (!Bytes.has(data, 0, FILE_HEADER + 4)) {
            throw FORMAT.corrupt("its header is cut short");
        }
        long offset = Bytes.u32le(data, 10);
        long headerSize = Bytes.u32le(data, FILE_HEADER);
        int h = FILE_HEADER + 4; // the header fields after their size
        if (!Bytes.has(data, h, headerSize - 4)) {
            throw FORMAT.corrupt("its header is cut short");
        }
        long width;
        long height;
        int bits;
        long compression = RAW;
        long colours = 0;
        boolean topDown = false;
        int paletteEntryBytes = 4;
        long[] masks = null;
        int pos = FILE_HEADER + (int) headerSize;
        if (headerSize == OS2_HEADER) {
            width = Bytes.u16le(data, h);
            height = Bytes.u16le(data, h + 2);
            bits = Bytes.u16le(data, h + 6);
            paletteEntryBytes = 3;
        } else if (headerSize == 40 || headerSize == 64 || headerSize == 108 || headerSize == 124) {
            topDown = Bytes.u8(data, h + 7) == 0xFF;
            width = Bytes.u32le(data, h);
            height = topDown ? (1L << 32) - Bytes.u32le(data, h + 4) : Bytes.u32le(data, h + 4);
            bits = Bytes.u16le(data, h + 10);
            compression = Bytes.u32le(data, h + 12);
            colours = Bytes.u32le(data, h + 28);
            if (compression == BITFIELDS) {
                masks = new long[4];
                if (headerSize - 4 >= 52) {
                    for (int i = 0; i < 4; i++) {
                        masks[i] = Bytes.u32le(data, h + 36 + 4 * i);
                    }
                } else {
                    // a 40-byte header keeps three masks after itself, and no alpha
                    if (!Bytes.has(data, pos, 12)) {
                        throw FORMAT.corrupt("its colour masks are cut short");
                    }
                    for (int i = 0; i < 3; i++) {
                        masks[i] = Bytes.u32le(data, pos + 4 * i);
                    }
                    pos += 12;
                }
            }
        } else {
            throw FORMAT.unsupported("a " + headerSize + "-byte header");
        }
        // Run-length deltas and line ends can claim a canvas of any size in a few bytes
        int decodedBytesPerPixel = bits > 8 ? PillowMode.RGB.bytesPerPixel() : 1;
        claim.requireProportion(FORMAT, width, height, width * height * decodedBytesPerPixel, DecodeBudget.Ratio.BMP_RUNS);
        if (colours == 0) {
            colours = 1L << Math.min(bits, 32);
        }
        if (offset == FILE_HEADER + headerSize && bits <= 8) {
            offset += 4 * colours;
        }

        Layout layout = layout(bits, compression, masks);
        byte[] palette = null;
        if (layout.mode == PillowMode.P) {
            if (colours < 1 || colours > MAX_PALETTE_ENTRIES) {
                throw FORMAT.unsupported("a palette of " + colours + " colours");
            }
            int length = (int) Math.min(paletteEntryBytes * colours, Math.max(0, data.length - pos));
            int paletteStart = pos;
            pos += length;
            Layout grey = greyscale(data, paletteStart, length, paletteEntryBytes, (int) colours);
            if (grey != null) {
                layout = grey;
            } else {
                int entries = length / paletteEntryBytes;
                if (entries > MAX_PALETTE_SIZE) {
                    throw FORMAT.unsupported("a palette of " + entries + " colours");
                }
                palette = DecodedImage.palette(data, paletteStart, entries, paletteEntryBytes, true);
            }
        }
        long start = offset != 0 ? offset : pos;
        int w = (int) width;
        int ht = (int) height;
        claim.reserve(FORMAT, w, ht, layout.mode.bytesPerPixel(), 0);
        byte[] pixels;
        PillowMode mode;
        if (compression == RLE8 || compression == RLE4) {
            // Pillow's RLE decoder fills greyscale or palette images only
            if (layout.mode != PillowMode.L && layout.mode != PillowMode.P) {
                throw FORMAT.unsupported("run-length coding of a " + bits + "-bit " + layout.mode + " image");
            }
            mode = layout.mode;
            pixels = runLength(data, start, w, ht, compression == RLE4, topDown);
        } else {
            mode = layout.mode;
            pixels = raw(data, start, w, ht, bits, layout, topDown);
        }
        if (mode == PillowMode.P) {
            return DecodedImage.paletted(w, ht, pixels, palette != null ? palette : DecodedImage.greyRamp());
        }
        return DecodedImage.of(mode, w, ht, pixels);
    }

    private static Layout layout(int bits, long compression, long[] masks) {
        if (compression == BITFIELDS) {
            if (bits == 32) {
                long r = masks[0];
                long g = masks[1];
                long b = masks[2];
                long a = masks[3];
                if (r == 0xFF0000 && g == 0xFF00 && b == 0xFF && a == 0) {
                    return Layout.BGRX;
                }
                if (r == 0xFF000000L && g == 0xFF0000 && b == 0xFF00 && a == 0) {
                    return Layout.XBGR;
                }
                if (r == 0xFF000000L && g == 0xFF0000 && b == 0xFF00 && a == 0xFF) {
                    return Layout.ABGR;
                }
                if (r == 0xFF && g == 0xFF00 && b == 0xFF0000 && a == 0xFF000000L) {
                    return Layout.RGBA;
                }
                if (r == 0xFF0000 && g == 0xFF00 && b == 0xFF && a == 0xFF000000L
                        || r == 0 && g == 0 && b == 0 && a == 0) {
                    return Layout.BGRA;
                }
            } else if (bits == 24 && masks[0] == 0xFF0000 && masks[1] == 0xFF00 && masks[2] == 0xFF) {
                return Layout.BGR;
            } else if (bits == 16 && masks[0] == 0xF800 && masks[1] == 0x7E0 && masks[2] == 0x1F) {
                return Layout.BGR16;
            } else if (bits == 16 && masks[0] == 0x7C00 && masks[1] == 0x3E0 && masks[2] == 0x1F) {
                return Layout.BGR15;
            }
            throw FORMAT.unsupported("that bit-field layout");
        }
        Layout layout = switch (bits) {
            case 1 -> Layout.INDEX1;
            case 4 -> Layout.INDEX4;
            case 8 -> Layout.INDEX8;
            case 16 -> Layout.BGR15;
            case 24 -> Layout.BGR;
            case 32 -> Layout.BGRX;
            default -> throw FORMAT.unsupported(bits + " bits per pixel");
        };
        if (compression != RAW && compression != RLE8 && compression != RLE4) {
            throw FORMAT.unsupported("compression " + compression);
        }
        return layout;
    }

    /**
     * Pillow drops a palette that is exactly black then white (for 2 colours) or exactly the grey
     * ramp 0, 1, 2... (for any other count), and reads the image as bilevel or greyscale instead.
     */
    private static Layout greyscale(byte[] data, int start, int length, int entryBytes, int colours) {
        for (int i = 0; i < colours; i++) {
            int value = colours == 2 ? (i == 0 ? 0 : 255) : i & 0xFF;
            int p = start + i * entryBytes;
            if (p + 3 > start + length || (data[p] & 0xFF) != value || (data[p + 1] & 0xFF) != value
                    || (data[p + 2] & 0xFF) != value) {
                return null;
            }
        }
        return colours == 2 ? Layout.BILEVEL : Layout.GREY;
    }

    private static byte[] raw(byte[] data, long start, int width, int height, int bits, Layout layout, boolean topDown) {
        long stride = (((long) width * bits + 31) >> 3) & ~3L;
        long rowBytes = ((long) width * layout.bits + 7) / 8;
        if (stride < rowBytes) {
            throw FORMAT.corrupt("its rows are shorter than its pixels");
        }
        if (!Bytes.has(data, start, stride * (height - 1) + rowBytes)) {
            throw FORMAT.corrupt("the pixel data ends early");
        }
        int out = layout.mode.bytesPerPixel();
        byte[] pixels = new byte[Math.toIntExact((long) width * height * out)];
        for (int r = 0; r < height; r++) {
            int y = topDown ? r : height - 1 - r;
            unpackRow(data, (int) (start + r * stride), width, layout, pixels, y * width * out);
        }
        return pixels;
    }

    private static void unpackRow(byte[] data, int in, int width, Layout layout, byte[] pixels, int out) {
        switch (layout) {
            case BILEVEL, INDEX1, INDEX4 -> {
                int bits = layout.bits;
                int mask = (1 << bits) - 1;
                for (int x = 0, bit = 0; x < width; x++, bit += bits) {
                    int v = (data[in + (bit >> 3)] >> (8 - bits - (bit & 7))) & mask;
                    pixels[out + x] = (byte) (layout == Layout.BILEVEL ? (v != 0 ? 255 : 0) : v);
                }
            }
            case GREY, INDEX8 -> System.arraycopy(data, in, pixels, out, width);
            case BGR15, BGR16 -> {
                int greenBits = layout == Layout.BGR16 ? 6 : 5;
                int greenMax = (1 << greenBits) - 1;
                int redShift = 5 + greenBits;
                for (int x = 0; x < width; x++, in += 2, out += 3) {
                    int p = (data[in] & 0xFF) | ((data[in + 1] & 0xFF) << 8);
                    pixels[out] = (byte) (((p >> redShift) & 31) * 255 / 31);
                    pixels[out + 1] = (byte) (((p >> 5) & greenMax) * 255 / greenMax);
                    pixels[out + 2] = (byte) ((p & 31) * 255 / 31);
                }
            }
            default -> {
                int step = layout.bits / 8;
                for (int x = 0; x < width; x++, in += step, out += 3) {
                    pixels[out] = data[in + layout.red];
                    pixels[out + 1] = data[in + layout.green];
                    pixels[out + 2] = data[in + layout.blue];
                }
            }
        }
    }

    /**
     * Pillow's {@code BmpRleDecoder}, step for step: runs are cut at the row's end, end-of-line pads
     * to the next row, a delta skips with zeros, and the rows must all be filled by the end.
     */
    private static byte[] runLength(byte[] data, long start, int width, int height, boolean rle4, boolean topDown) {
        long total = (long) width * height;
        byte[] decoded = new byte[Math.toIntExact(total)];
        long length = 0; // as Pillow's growing buffer; bytes past the image are dropped
        long x = 0;
        long pos = start;
        while (length < total) {
            if (pos + 2 > data.length) {
                break;
            }
            int count = data[(int) pos] & 0xFF;
            int value = data[(int) pos + 1] & 0xFF;
            pos += 2;
            if (count > 0) {
                if (x + count > width) {
                    count = (int) Math.max(0, width - x);
                }
                for (int i = 0; i < count; i++) {
                    int v = rle4 ? (i % 2 == 0 ? value >> 4 : value & 0x0F) : value;
                    if (length < total) {
                        decoded[(int) length] = (byte) v;
                    }
                    length++;
                }
                x += count;
            } else if (value == 0) {
                length = (length + width - 1) / width * width;
                x = 0;
            } else if (value == 1) {
                break;
            } else if (value == 2) {
                // Pillow 9.4 reads the delta's two bytes, then takes the offsets from the two after them
                if (pos + 2 > data.length) {
                    break;
                }
                pos += 2;
                if (pos + 2 > data.length) {
                    throw FORMAT.corrupt("a run-length delta is cut short");
                }
                int right = data[(int) pos] & 0xFF;
                int up = data[(int) pos + 1] & 0xFF;
                pos += 2;
                length += right + (long) up * width;
                x = length % width;
            } else {
                int byteCount = rle4 ? value / 2 : value;
                int available = (int) Math.max(0, Math.min(byteCount, data.length - pos));
                for (int i = 0; i < available; i++) {
                    int b = data[(int) pos + i] & 0xFF;
                    if (rle4) {
                        length = put(decoded, length, total, b >> 4);
                        length = put(decoded, length, total, b & 0x0F);
                    } else {
                        length = put(decoded, length, total, b);
                    }
                }
                pos += available;
                if (available < byteCount) {
                    break;
                }
                x += value;
                if (pos % 2 != 0) {
                    pos++;
                }
            }
        }
        if (length < total) {
            throw FORMAT.corrupt("the run-length data ends before the last row");
        }
        if (!topDown) {
            flipInPlace(decoded, width, height);
        }
        return decoded;
    }

    /** Bottom-up rows turned top-down in place: a second image-sized array would double the memory. */
    private static void flipInPlace(byte[] pixels, int width, int height) {
        byte[] row = new byte[width];
        for (int top = 0, bottom = height - 1; top < bottom; top++, bottom--) {
            System.arraycopy(pixels, top * width, row, 0, width);
            System.arraycopy(pixels, bottom * width, pixels, top * width, width);
            System.arraycopy(row, 0, pixels, bottom * width, width);
        }
    }

    private static long put(byte[] decoded, long length, long total, int value) {
        if (length < total) {
            decoded[(int) length] = (byte) value;
        }
        return length + 1;
    }
}
