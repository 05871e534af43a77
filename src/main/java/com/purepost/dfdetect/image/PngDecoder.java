package com.purepost.dfdetect.image;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * PNG as Pillow 9.4 reads it ({@code PngImagePlugin} and {@code ZipDecode.c}), in pure Java: every
 * colour type and bit depth, Adam7 interlacing, the five row filters. Samples come out in Pillow's
 * modes: 1-bit grey as mode 1, 2- and 4-bit grey scaled to 8 bits, 16-bit grey as Pillow's integer
 * mode, 16-bit colour cut to its high bytes, palettes completed with Pillow's grey ramp. No gamma,
 * no ICC profile is applied, as Pillow applies none.
 *
 * <p>Pillow's tolerances and refusals are kept: a bad checksum in a chunk before the image data is
 * refused, checksums of the image data are not checked, and a zlib stream that ends cleanly at a row
 * boundary before the last row leaves the remaining rows zero.
 */
final class PngDecoder implements ImageDecoder {

    private static final int SIGNATURE_LENGTH = 8;
    private static final int IHDR_LENGTH = 13;
    private static final int MAX_PALETTE_ENTRIES = 256;
    private static final ImageFormat FORMAT = ImageFormat.PNG;

    /** Adam7: first column, first row, column step, row step of each pass. */
    private static final int[][] ADAM7 = {
        {0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}
    };
    private static final int[][] NOT_INTERLACED = {{0, 0, 1, 1}};

    @Override
    public String describe() {
        return "PNG: built-in decoder (java.util.zip)";
    }

    @Override
    public DecodedImage decode(byte[] data, DecodeBudget.Claim claim) {
        Header header = null;
        byte[] palette = null;
        int pos = SIGNATURE_LENGTH;
        while (true) {
            if (!Bytes.has(data, pos, 8)) {
                throw FORMAT.corrupt("it ends before the image data");
            }
            long length = Bytes.u32be(data, pos);
            String type = chunkType(data, pos + 4);
            if (type.equals("IDAT")) {
                break;
            }
            int body = pos + 8;
            if (!Bytes.has(data, body, length + 4)) {
                throw FORMAT.corrupt("the " + type + " chunk is cut short");
            }
            checkCrc(data, pos + 4, (int) length, type);
            switch (type) {
                case "IHDR" -> {
                    header = Header.read(data, body, (int) length);
                    claim.requireProportion(FORMAT, header.width(), header.height(), header.rawBytes(),
                            DecodeBudget.Ratio.PNG_DEFLATE);
                }
                case "PLTE" -> {
                    if (header != null && header.mode() == PillowMode.P) {
                        palette = readPalette(data, body, (int) length);
                    }
                }
                case "IEND" -> throw FORMAT.corrupt("it has no image data");
                default -> {
                    // ancillary chunks (gamma, ICC profile, text...) change nothing Pillow decodes
                }
            }
            pos = body + (int) length + 4;
        }
        if (header == null) {
            throw FORMAT.corrupt("the image data comes before the header");
        }
        PillowMode mode = header.mode();
        claim.reserve(FORMAT, header.width(), header.height(), mode.bytesPerPixel(), 0);
        byte[] pixels = new byte[Math.toIntExact((long) header.width() * header.height() * mode.bytesPerPixel())];
        try (ImageDataStream stream = new ImageDataStream(data, pos)) {
            readPixels(header, stream, pixels);
        }
        if (mode == PillowMode.P) {
            return DecodedImage.paletted(header.width(), header.height(), pixels,
                    palette != null ? palette : DecodedImage.greyRamp());
        }
        return DecodedImage.of(mode, header.width(), header.height(), pixels);
    }

    private static String chunkType(byte[] data, int offset) {
        for (int i = 0; i < 4; i++) {
            int c = data[offset + i];
            // Pillow accepts a chunk type of four "word" characters and stops at anything else
            boolean word = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
            if (!word) {
                throw FORMAT.corrupt("a chunk has no valid type");
            }
        }
        return new String(data, offset, 4, StandardCharsets.US_ASCII);
    }

    private static void checkCrc(byte[] data, int typeOffset, int length, String type) {
        CRC32 crc = new CRC32();
        crc.update(data, typeOffset, 4 + length);
        if (crc.getValue() != Bytes.u32be(data, typeOffset + 4 + length)) {
            throw FORMAT.corrupt("bad checksum in the " + type + " chunk");
        }
    }

    private static byte[] readPalette(byte[] data, int offset, int length) {
        int entries = length / 3;
        if (entries > MAX_PALETTE_ENTRIES) {
            throw FORMAT.corrupt("its palette has " + entries + " entries");
        }
        return DecodedImage.palette(data, offset, entries, 3, false);
    }

    private static void readPixels(Header header, ImageDataStream stream, byte[] pixels) {
        int bitsPerPixel = header.channels() * header.depth();
        int filterStep = Math.max(1, bitsPerPixel / 8);
        int maxRowBytes = rowBytes(header.width(), bitsPerPixel);
        byte[] current = new byte[maxRowBytes + 1];
        byte[] previous = new byte[maxRowBytes + 1];
        boolean anyRow = false;
        for (int[] pass : header.interlaced() ? ADAM7 : NOT_INTERLACED) {
            int columns = count(header.width(), pass[0], pass[2]);
            int rows = count(header.height(), pass[1], pass[3]);
            if (columns == 0 || rows == 0) {
                continue;
            }
            int rowBytes = rowBytes(columns, bitsPerPixel);
            java.util.Arrays.fill(previous, (byte) 0);
            for (int r = 0; r < rows; r++) {
                int read = stream.read(current, rowBytes + 1);
                if (read == 0 && stream.ended() && anyRow) {
                    return; // the stream ended with the last row it held: Pillow keeps the rest zero
                }
                if (read < rowBytes + 1) {
                    throw FORMAT.corrupt("the image data ends early");
                }
                unfilter(current, previous, rowBytes, filterStep);
                int y = pass[1] + r * pass[3];
                unpack(header, current, columns, pixels, y * header.width() + pass[0], pass[2]);
                anyRow = true;
                byte[] swap = previous;
                previous = current;
                current = swap;
            }
        }
    }

    private static int count(int size, int start, int step) {
        return size > start ? (size - start + step - 1) / step : 0;
    }

    private static int rowBytes(int pixels, int bitsPerPixel) {
        return (int) (((long) pixels * bitsPerPixel + 7) / 8);
    }

    /** Undoes a row's filter in place; byte 0 is the filter type, the row follows it. */
    private static void unfilter(byte[] row, byte[] previous, int length, int step) {
        int firstFull = Math.min(step, length) + 1; // bytes before it have no left neighbour
        switch (row[0]) {
            case 0 -> {
            }
            case 1 -> {
                for (int i = firstFull; i <= length; i++) {
                    row[i] += row[i - step];
                }
            }
            case 2 -> {
                for (int i = 1; i <= length; i++) {
                    row[i] += previous[i];
                }
            }
            case 3 -> {
                for (int i = 1; i < firstFull; i++) {
                    row[i] += (byte) ((previous[i] & 0xFF) >> 1);
                }
                for (int i = firstFull; i <= length; i++) {
                    row[i] += (byte) (((row[i - step] & 0xFF) + (previous[i] & 0xFF)) >> 1);
                }
            }
            case 4 -> {
                for (int i = 1; i < firstFull; i++) {
                    row[i] += previous[i]; // with no left neighbour, Paeth picks the byte above
                }
                for (int i = firstFull; i <= length; i++) {
                    row[i] += (byte) paeth(row[i - step] & 0xFF, previous[i] & 0xFF, previous[i - step] & 0xFF);
                }
            }
            default -> throw FORMAT.corrupt("unknown row filter " + (row[0] & 0xFF));
        }
    }

    /**
     * The Paeth predictor, ties broken as the PNG specification and Pillow break them (left, then
     * above, then above-left), without branches: noisy rows would mispredict them.
     */
    private static int paeth(int a, int b, int c) {
        int pa = Math.abs(b - c);
        int pb = Math.abs(a - c);
        int pc = Math.abs(a + b - 2 * c);
        int notA = (pb - pa) >> 31;            // all ones when pb < pa
        int best = a ^ ((a ^ b) & notA);       // a, or b when it is strictly nearer
        int bestDistance = pa ^ ((pa ^ pb) & notA);
        int useC = (pc - bestDistance) >> 31;  // all ones when c is strictly nearer still
        return best ^ ((best ^ c) & useC);
    }

    /**
     * Writes {@code columns} pixels of a raw row (after its filter byte) into the image, starting at
     * pixel index {@code start} and {@code step} pixels apart, in the layout of the header's mode.
     */
    private static void unpack(Header header, byte[] row, int columns, byte[] pixels, int start, int step) {
        int depth = header.depth();
        PillowMode mode = header.mode();
        int out = mode.bytesPerPixel();
        if (depth == 8 && step == 1) {
            System.arraycopy(row, 1, pixels, start * out, columns * out);
            return;
        }
        if (depth < 8) {
            int scale = header.colourType() == 3 ? 1 : switch (depth) {
                case 1 -> 255;
                case 2 -> 0x55;
                default -> 0x11;
            };
            int mask = (1 << depth) - 1;
            for (int x = 0, bit = 0; x < columns; x++, bit += depth) {
                int sample = (row[1 + (bit >> 3)] >> (8 - depth - (bit & 7))) & mask;
                pixels[start + x * step] = (byte) (sample * scale);
            }
            return;
        }
        int in = header.channels() * depth / 8;
        // 16-bit samples: Pillow keeps the high byte, except for greyscale, which stays 16-bit
        int sampleStep = depth == 16 && mode != PillowMode.I16 ? 2 : 1;
        for (int x = 0; x < columns; x++) {
            int s = 1 + x * in;
            int d = (start + x * step) * out;
            for (int c = 0; c < out; c++) {
                pixels[d + c] = row[s + c * sampleStep];
            }
        }
    }

    /** What IHDR says. */
    private record Header(int width, int height, int depth, int colourType, boolean interlaced) {

        static Header read(byte[] data, int offset, int length) {
            if (length < IHDR_LENGTH) {
                throw FORMAT.corrupt("its header is cut short");
            }
            long width = Bytes.u32be(data, offset);
            long height = Bytes.u32be(data, offset + 4);
            if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
                throw new ImageRejectedException(ImageRejectedException.Reason.TOO_MANY_PIXELS,
                        "Image is " + width + "x" + height + " pixels, more than any limit");
            }
            if (data[offset + 11] != 0) {
                throw FORMAT.corrupt("unknown filter method");
            }
            Header header = new Header((int) width, (int) height, Bytes.u8(data, offset + 8),
                    Bytes.u8(data, offset + 9), data[offset + 12] != 0);
            header.mode(); // refuses a colour type and bit depth that do not go together
            return header;
        }

        /** What the zlib stream inflates to when it holds the whole image: each row and its filter byte. */
        long rawBytes() {
            return (long) height * (1 + rowBytes(width, channels() * depth));
        }

        int channels() {
            return switch (colourType) {
                case 0, 3 -> 1;
                case 2 -> 3;
                case 4 -> 2;
                default -> 4;
            };
        }

        PillowMode mode() {
            PillowMode mode = switch (colourType) {
                case 0 -> switch (depth) {
                    case 1 -> PillowMode.ONE;
                    case 2, 4, 8 -> PillowMode.L;
                    case 16 -> PillowMode.I16;
                    default -> null;
                };
                case 2 -> depth == 8 || depth == 16 ? PillowMode.RGB : null;
                case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 ? PillowMode.P : null;
                // Pillow opens 16-bit grey and alpha as RGBA; its RGB is the same grey
                case 4 -> depth == 8 || depth == 16 ? PillowMode.LA : null;
                case 6 -> depth == 8 || depth == 16 ? PillowMode.RGBA : null;
                default -> null;
            };
            if (mode == null) {
                throw FORMAT.corrupt("colour type " + colourType + " with bit depth " + depth);
            }
            return mode;
        }
    }

    /**
     * The zlib stream spread over consecutive IDAT chunks, inflated in blocks. Chunks are reached
     * only when the stream needs them, as Pillow reads them.
     */
    private static final class ImageDataStream implements AutoCloseable {
        private static final int BLOCK = 1 << 16;

        private final byte[] data;
        private final Inflater inflater = new Inflater();
        private final byte[] block = new byte[BLOCK];
        private int blockStart;
        private int blockEnd;
        private int nextChunk;
        private boolean chunksEnded;

        ImageDataStream(byte[] data, int firstChunk) {
            this.data = data;
            this.nextChunk = firstChunk;
        }

        /** Reads up to {@code length} bytes; fewer only when the stream has ended. */
        int read(byte[] destination, int length) {
            int done = 0;
            while (done < length) {
                if (blockStart == blockEnd && !fill()) {
                    break;
                }
                int n = Math.min(length - done, blockEnd - blockStart);
                System.arraycopy(block, blockStart, destination, done, n);
                blockStart += n;
                done += n;
            }
            return done;
        }

        boolean ended() {
            return inflater.finished();
        }

        private boolean fill() {
            try {
                while (true) {
                    int n = inflater.inflate(block);
                    if (n > 0) {
                        blockStart = 0;
                        blockEnd = n;
                        return true;
                    }
                    if (inflater.finished()) {
                        return false;
                    }
                    if (inflater.needsDictionary() || !feed()) {
                        throw FORMAT.corrupt("the image data ends early");
                    }
                }
            } catch (DataFormatException e) {
                throw FORMAT.corrupt("the compressed image data is damaged", e);
            }
        }

        /** Gives the inflater the next IDAT chunk's data; false when there is none. */
        private boolean feed() {
            if (chunksEnded || !Bytes.has(data, nextChunk, 8)) {
                return false;
            }
            if (!chunkTypeIs(nextChunk + 4, "IDAT")) {
                chunksEnded = true;
                return false;
            }
            long length = Bytes.u32be(data, nextChunk);
            int body = nextChunk + 8;
            int available = (int) Math.min(length, data.length - body);
            inflater.setInput(data, body, available);
            nextChunk = (int) Math.min((long) body + length + 4, data.length);
            return true;
        }

        private boolean chunkTypeIs(int offset, String type) {
            for (int i = 0; i < 4; i++) {
                if (data[offset + i] != type.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() {
            inflater.end();
        }
    }
}
