package com.purepost.dfdetect.image;

import java.util.Arrays;

/**
 * The first frame of a GIF as Pillow 9.4 opens it ({@code GifImagePlugin} and {@code GifDecode.c}):
 * the image is the logical screen (grown if the frame reaches beyond it), filled with the frame's
 * transparent index when it has one and with index 0 otherwise, and the frame's pixels are written
 * over it in place, transparent ones included. The frame's palette (its own, else the global one)
 * is completed with Pillow's grey ramp; a palette that is itself a grey ramp makes Pillow open the
 * image as greyscale, which gives the same RGB.
 *
 * <p>The LZW stream is decoded as Pillow decodes it, including what it refuses: a code past the
 * next free table entry, and image data that ends before the last pixel.
 */
final class GifDecoder implements ImageDecoder {

    private static final ImageFormat FORMAT = ImageFormat.GIF;
    private static final int SCREEN_DESCRIPTOR_END = 13;
    private static final int EXTENSION = '!';
    private static final int IMAGE = ',';
    private static final int TRAILER = ';';
    private static final int GRAPHIC_CONTROL = 0xF9;
    private static final int COMMENT = 0xFE;
    private static final int APPLICATION = 0xFF;
    private static final int MAX_CODE_BITS = 12;
    private static final int TABLE_SIZE = 1 << MAX_CODE_BITS;

    @Override
    public String describe() {
        return "GIF: built-in decoder";
    }

    @Override
    public DecodedImage decode(byte[] data, DecodeBudget.Claim claim) {
        if (!Bytes.has(data, 0, SCREEN_DESCRIPTOR_END)) {
            throw FORMAT.corrupt("its header is cut short");
        }
        int width = Bytes.u16le(data, 6);
        int height = Bytes.u16le(data, 8);
        int flags = Bytes.u8(data, 10);
        Reader in = new Reader(data, SCREEN_DESCRIPTOR_END);
        byte[] globalPalette = null;
        if ((flags & 0x80) != 0) {
            globalPalette = meaningfulPalette(in.read(3 << ((flags & 7) + 1)));
        }

        Integer transparent = null;
        while (true) {
            int b = in.next();
            if (b < 0 || b == TRAILER) {
                throw FORMAT.corrupt("it has no image");
            }
            if (b == EXTENSION) {
                int label = in.next();
                if (label < 0) {
                    throw FORMAT.corrupt("an extension is cut short");
                }
                byte[] block = in.subBlock();
                if (label == GRAPHIC_CONTROL) {
                    // Pillow reads the flags, the delay (bytes 1-2) and, when flagged, the index
                    boolean flagged = block != null && block.length > 0 && (block[0] & 1) != 0;
                    if (block == null || block.length < (flagged ? 4 : 3)) {
                        throw FORMAT.corrupt("its graphic control block is cut short");
                    }
                    if (flagged) {
                        transparent = block[3] & 0xFF;
                    }
                } else if (label == APPLICATION) {
                    if (block == null) {
                        throw FORMAT.corrupt("an application extension is empty");
                    }
                    if (startsWithNetscape(block) && in.subBlock() == null) {
                        // Pillow reads the loop count block on its own and needs it there
                        throw FORMAT.corrupt("its loop count block is missing");
                    }
                }
                if (label != COMMENT || block != null) {
                    while (in.subBlock() != null) {
                        // skip the rest of the extension
                    }
                }
                continue;
            }
            if (b != IMAGE) {
                continue; // Pillow skips stray bytes between blocks
            }
            byte[] descriptor = in.read(9);
            if (descriptor.length < 9) {
                throw FORMAT.corrupt("its image descriptor is cut short");
            }
            int left = Bytes.u16le(descriptor, 0);
            int top = Bytes.u16le(descriptor, 2);
            int frameWidth = Bytes.u16le(descriptor, 4);
            int frameHeight = Bytes.u16le(descriptor, 6);
            int frameFlags = Bytes.u8(descriptor, 8);
            byte[] palette = globalPalette;
            if ((frameFlags & 0x80) != 0) {
                palette = meaningfulPalette(in.read(3 << ((frameFlags & 7) + 1)));
            }
            int codeBits = in.next();
            if (codeBits < 0) {
                throw FORMAT.corrupt("its image data is missing");
            }
            // Pillow grows the image to hold a frame that reaches past the logical screen
            int imageWidth = Math.max(width, left + frameWidth);
            int imageHeight = Math.max(height, top + frameHeight);
            // The whole canvas is allocated and resized, also where the frame leaves it empty: a canvas
            // the file's bytes could not fill is refused rather than paid for
            claim.requireProportion(FORMAT, imageWidth, imageHeight, (long) imageWidth * imageHeight,
                    DecodeBudget.Ratio.GIF_LZW);
            if (frameWidth == 0 || frameHeight == 0) {
                throw FORMAT.corrupt("its first frame is empty");
            }
            claim.reserve(FORMAT, imageWidth, imageHeight, PillowMode.P.bytesPerPixel(), 0);
            byte[] pixels = new byte[imageWidth * imageHeight];
            if (transparent != null) {
                Arrays.fill(pixels, (byte) (int) transparent);
            }
            Frame frame = new Frame(pixels, imageWidth, left, top, frameWidth, frameHeight,
                    (frameFlags & 0x40) != 0);
            decodeLzw(in, codeBits, frame);
            byte[] fullPalette = palette == null ? DecodedImage.greyRamp()
                    : DecodedImage.palette(palette, 0, palette.length / 3, 3, false);
            return DecodedImage.paletted(imageWidth, imageHeight, pixels, fullPalette);
        }
    }

    private static boolean startsWithNetscape(byte[] block) {
        byte[] name = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
        return block.length >= name.length && Arrays.equals(block, 0, name.length, name, 0, name.length);
    }

    /** Null when the palette is a grey ramp (entry i is i, i, i): Pillow then opens the image as greyscale. */
    private static byte[] meaningfulPalette(byte[] palette) {
        if (palette.length % 3 != 0) {
            throw FORMAT.corrupt("its palette is cut short");
        }
        for (int i = 0; i + 2 < palette.length; i += 3) {
            int index = i / 3;
            if ((palette[i] & 0xFF) != index || (palette[i + 1] & 0xFF) != index || (palette[i + 2] & 0xFF) != index) {
                return palette;
            }
        }
        return null;
    }

    /**
     * The LZW decoder of Pillow's {@code GifDecode.c}: variable-width codes read LSB first from
     * length-prefixed blocks (a zero length is skipped, not an end), a table of 4096 entries that
     * stops growing when full, and the frame complete as soon as its last pixel is written.
     */
    private static void decodeLzw(Reader in, int codeBits, Frame frame) {
        if (codeBits > MAX_CODE_BITS) {
            throw FORMAT.corrupt("its LZW code size is " + codeBits);
        }
        int clear = 1 << codeBits;
        int end = clear + 1;
        byte[] suffix = new byte[TABLE_SIZE];
        short[] prefix = new short[TABLE_SIZE];
        byte[] stack = new byte[TABLE_SIZE];
        int next = 0;
        int codeSize = 0;
        int codeMask = 0;
        boolean afterClear = true;
        boolean reset = true;
        int lastCode = 0;
        int lastFirst = 0;
        int bitBuffer = 0;
        int bitCount = 0;
        int blockLeft = 0;
        while (true) {
            if (reset) {
                next = clear + 2;
                codeSize = codeBits + 1;
                codeMask = (1 << codeSize) - 1;
                afterClear = true;
                reset = false;
            }
            while (bitCount < codeSize) {
                if (blockLeft > 0) {
                    bitBuffer |= in.next() << bitCount;
                    bitCount += 8;
                    blockLeft--;
                } else {
                    blockLeft = in.blockLength();
                }
            }
            int code = bitBuffer & codeMask;
            bitBuffer >>>= codeSize;
            bitCount -= codeSize;

            if (code == clear) {
                reset = !afterClear;
                continue;
            }
            if (code == end) {
                throw FORMAT.corrupt("the image data ends before the last pixel");
            }
            if (afterClear) {
                if (code > clear) {
                    throw FORMAT.corrupt("a code refers to nothing");
                }
                lastCode = code;
                lastFirst = code;
                afterClear = false;
                if (frame.put((byte) code)) {
                    return;
                }
                continue;
            }
            int thisCode = code;
            if (code > next) {
                throw FORMAT.corrupt("a code refers to nothing");
            }
            int top = TABLE_SIZE;
            if (code == next) {
                stack[--top] = (byte) lastFirst;
                code = lastCode;
            }
            while (code >= clear) {
                if (top <= 0 || code >= TABLE_SIZE) {
                    throw FORMAT.corrupt("a code's string is too long");
                }
                stack[--top] = suffix[code];
                code = prefix[code];
            }
            lastFirst = code;
            if (next < TABLE_SIZE) {
                suffix[next] = (byte) code;
                prefix[next] = (short) lastCode;
                if (next == codeMask && codeSize < MAX_CODE_BITS) {
                    codeSize++;
                    codeMask = (1 << codeSize) - 1;
                }
                next++;
            }
            lastCode = thisCode;
            if (frame.put((byte) code)) {
                return;
            }
            for (int i = top; i < TABLE_SIZE; i++) {
                if (frame.put(stack[i])) {
                    return;
                }
            }
        }
    }

    /** Where the frame's pixels go, row by row or in GIF's four interlaced passes. */
    private static final class Frame {
        private final byte[] pixels;
        private final int stride;
        private final int left;
        private final int top;
        private final int width;
        private final int height;
        private int pass;
        private int step;
        private int x;
        private int y;

        Frame(byte[] pixels, int stride, int left, int top, int width, int height, boolean interlaced) {
            this.pixels = pixels;
            this.stride = stride;
            this.left = left;
            this.top = top;
            this.width = width;
            this.height = height;
            this.pass = interlaced ? 1 : 0;
            this.step = interlaced ? 8 : 1;
        }

        /** Writes the next pixel; true when it was the frame's last. */
        boolean put(byte index) {
            pixels[(top + y) * stride + left + x] = index;
            if (++x < width) {
                return false;
            }
            x = 0;
            y += step;
            while (y >= height) {
                // pass 1 starts at row 0 every 8 rows; then 4 every 8, 2 every 4, 1 every 2
                switch (pass) {
                    case 1 -> {
                        y = 4;
                        pass = 2;
                    }
                    case 2 -> {
                        step = 4;
                        y = 2;
                        pass = 3;
                    }
                    case 3 -> {
                        step = 2;
                        y = 1;
                        pass = 0;
                    }
                    default -> {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** The file read forward, as Pillow's file object reads it: short reads at the end, not errors. */
    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data, int pos) {
            this.data = data;
            this.pos = pos;
        }

        /** The next byte, or -1 at the end. */
        int next() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        byte[] read(int length) {
            int n = Math.max(0, Math.min(length, data.length - pos));
            byte[] out = Arrays.copyOfRange(data, pos, pos + n);
            pos += n;
            return out;
        }

        /** One length-prefixed sub-block, or null for the zero-length terminator or the end. */
        byte[] subBlock() {
            int length = next();
            return length > 0 ? read(length) : null;
        }

        /**
         * The length of the next image data block. Pillow starts a block only when all of it is
         * there; when it is not, the file is truncated.
         */
        int blockLength() {
            if (pos >= data.length || pos + 1 + (data[pos] & 0xFF) > data.length) {
                throw FORMAT.corrupt("the image data ends before the last pixel");
            }
            return data[pos++] & 0xFF;
        }
    }
}
