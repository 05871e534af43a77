package com.purepost.dfdetect.image;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * WebP through libwebp's animation decoder, the path Pillow 9.4 takes for every WebP file: the
 * first frame drawn on the canvas as RGBA, with libwebp's fancy upsampling of lossy chroma. The
 * canvas stays in libwebp's memory and is read from there row by row; alpha is dropped on reading,
 * as {@code convert('RGB')} drops it.
 */
final class WebpDecoder implements ImageDecoder {

    private static final ImageFormat FORMAT = ImageFormat.WEBP;

    static boolean available() {
        return LibWebp.loadFailure() == null;
    }

    @Override
    public String describe() {
        return "WebP: libwebp " + LibWebp.version() + " animation decoder (libwebpdemux.so.2) through JNA";
    }

    @Override
    public DecodedImage decode(byte[] data, DecodeBudget.Claim claim) {
        Size size = canvasSize(data);
        long canvasBytes = size.width() * size.height() * PillowMode.RGBA.bytesPerPixel();
        claim.requireProportion(FORMAT, size.width(), size.height(), canvasBytes, DecodeBudget.Ratio.WEBP);
        // libwebp's animation decoder holds a second canvas beside the one it hands over
        claim.reserve(FORMAT, size.width(), size.height(), PillowMode.RGBA.bytesPerPixel(), canvasBytes);
        // The decoder reads the file in place until it is deleted: both stay alive as long as it
        Memory input = new Memory(data.length);
        input.write(0, data, 0, data.length);
        Memory webpData = new Memory(LibWebp.WEBP_DATA_SIZE);
        webpData.setPointer(0, input);
        if (Native.SIZE_T_SIZE == Long.BYTES) {
            webpData.setLong(Native.POINTER_SIZE, data.length);
        } else {
            webpData.setInt(Native.POINTER_SIZE, data.length);
        }
        Pointer decoder = LibWebp.WebPAnimDecoderNewInternal(webpData, null, LibWebp.DEMUX_ABI_VERSION);
        if (decoder == null) {
            webpData.close();
            input.close();
            throw FORMAT.corrupt("libwebp cannot read it");
        }
        Runnable release = () -> {
            LibWebp.WebPAnimDecoderDelete(decoder);
            webpData.close();
            input.close();
        };
        boolean handedOver = false;
        try (Memory info = new Memory(LibWebp.ANIM_INFO_SIZE);
             Memory frame = new Memory(Native.POINTER_SIZE);
             Memory timestamp = new Memory(4)) {
            if (LibWebp.WebPAnimDecoderGetInfo(decoder, info) == 0) {
                throw FORMAT.corrupt("libwebp cannot read its header");
            }
            long width = info.getInt(0) & 0xFFFFFFFFL;
            long height = info.getInt(4) & 0xFFFFFFFFL;
            if (width != size.width() || height != size.height()) {
                throw FORMAT.corrupt("libwebp reads its size as " + width + "x" + height);
            }
            if (LibWebp.WebPAnimDecoderGetNext(decoder, frame, timestamp) == 0) {
                throw FORMAT.corrupt("libwebp cannot decode its first frame");
            }
            Pointer canvas = frame.getPointer(0);
            DecodedImage image = new DecodedImage(PillowMode.RGBA, (int) width, (int) height,
                    new NativeSamples(canvas, width * height * 4, release), null);
            handedOver = true;
            return image;
        } finally {
            if (!handedOver) {
                release.run();
            }
        }
    }

    /** A canvas size, as the header declares it. */
    record Size(long width, long height) {
    }

    /**
     * The canvas size from the RIFF header: the extended header's canvas, else the size in the
     * lossy or lossless bitstream header.
     */
    static Size canvasSize(byte[] data) {
        if (!Bytes.has(data, 12, 8)) {
            throw FORMAT.corrupt("its header is cut short");
        }
        String chunk = new String(data, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        int body = 20;
        switch (chunk) {
            case "VP8X" -> {
                if (!Bytes.has(data, body, 10)) {
                    throw FORMAT.corrupt("its header is cut short");
                }
                return new Size(Bytes.u24le(data, body + 4) + 1L, Bytes.u24le(data, body + 7) + 1L);
            }
            case "VP8 " -> {
                if (!Bytes.has(data, body, 10) || Bytes.u8(data, body + 3) != 0x9D
                        || Bytes.u8(data, body + 4) != 0x01 || Bytes.u8(data, body + 5) != 0x2A) {
                    throw FORMAT.corrupt("its lossy frame header is not valid");
                }
                return new Size(Bytes.u16le(data, body + 6) & 0x3FFF, Bytes.u16le(data, body + 8) & 0x3FFF);
            }
            case "VP8L" -> {
                if (!Bytes.has(data, body, 5) || Bytes.u8(data, body) != 0x2F) {
                    throw FORMAT.corrupt("its lossless header is not valid");
                }
                long bits = Bytes.u32le(data, body + 1);
                return new Size((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
            }
            default -> throw FORMAT.corrupt("it has no image chunk");
        }
    }
}
