package com.purepost.dfdetect.image;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * JPEG through libjpeg-turbo's TurboJPEG API, the library Pillow decodes JPEG with: the same IDCT,
 * the same upsampling, the same colour conversion, so the same pixels. Embedded ICC profiles and
 * EXIF orientation are ignored, as Pillow ignores them.
 *
 * <p>Greyscale and colour images stay in the native buffer TurboJPEG filled and are read from it
 * row by row. CMYK images are copied out and inverted, as Pillow reads every CMYK JPEG with Adobe's
 * inverted convention ({@code "CMYK;I"}).
 *
 * <p>libjpeg's warnings pass, as Pillow lets them pass, except the one that means the data ran out:
 * Pillow refuses a truncated file.
 */
final class TurboJpegDecoder implements ImageDecoder {

    private static final ImageFormat FORMAT = ImageFormat.JPEG;
    private static final String TRUNCATED = "Premature end of JPEG file";

    static boolean available() {
        return TurboJpeg.loadFailure() == null;
    }

    @Override
    public String describe() {
        return "JPEG: libjpeg-turbo TurboJPEG API (" + TurboJpeg.loadedName() + ") through JNA";
    }

    @Override
    public DecodedImage decode(byte[] data, DecodeBudget.Claim claim) {
        JpegHeader header = JpegHeader.read(data);
        header.claim(claim);
        PillowMode mode = switch (header.components()) {
            case 1 -> PillowMode.L;
            case 3 -> PillowMode.RGB;
            default -> PillowMode.CMYK;
        };
        int pixelFormat = switch (mode) {
            case L -> TurboJpeg.PIXEL_GREY;
            case RGB -> TurboJpeg.PIXEL_RGB;
            default -> TurboJpeg.PIXEL_CMYK;
        };
        int width = header.width();
        int height = header.height();
        NativeLong size = new NativeLong(data.length);
        Pointer handle = TurboJpeg.tjInitDecompress();
        if (handle == null) {
            throw new IllegalStateException("TurboJPEG could not allocate a decompressor");
        }
        // copied to native memory once, rather than by JNA at each of the two calls
        try (Memory jpeg = new Memory(data.length)) {
            jpeg.write(0, data, 0, data.length);
            checkSameSize(handle, jpeg, size, width, height);
            Memory pixels = new Memory((long) width * height * mode.bytesPerPixel());
            boolean handedOver = false;
            try {
                int pitch = width * mode.bytesPerPixel();
                int status = TurboJpeg.tjDecompress2(handle, jpeg, size, pixels, width, pitch, height,
                        pixelFormat, TurboJpeg.FLAGS_AS_PILLOW);
                if (status != 0) {
                    String message = String.valueOf(TurboJpeg.tjGetErrorStr2(handle));
                    if (TurboJpeg.tjGetErrorCode(handle) != TurboJpeg.ERROR_WARNING || message.startsWith(TRUNCATED)) {
                        throw FORMAT.corrupt(message);
                    }
                }
                if (mode == PillowMode.CMYK) {
                    return DecodedImage.of(mode, width, height, invertedCopy(pixels));
                }
                handedOver = true;
                return new DecodedImage(mode, width, height,
                        new NativeSamples(pixels, pixels.size(), pixels::close), null);
            } finally {
                if (!handedOver) {
                    pixels.close();
                }
            }
        } finally {
            TurboJpeg.tjDestroy(handle);
        }
    }

    /**
     * libjpeg's own reading of the frame size must be ours: TurboJPEG writes as many rows as it
     * reads, and the buffer is sized from our reading.
     */
    private static void checkSameSize(Pointer handle, Pointer jpeg, NativeLong size, int width, int height) {
        int[] w = new int[1];
        int[] h = new int[1];
        // TurboJPEG 2.1 reports a failure for subsamplings it has no name for after reading the size;
        // any other failure leaves the size at 0, which the comparison refuses
        TurboJpeg.tjDecompressHeader3(handle, jpeg, size, w, h, new int[1], new int[1]);
        if (w[0] != width || h[0] != height) {
            throw FORMAT.corrupt("libjpeg reads its size as " + w[0] + "x" + h[0] + ", not " + width + "x" + height);
        }
    }

    private static byte[] invertedCopy(Memory pixels) {
        byte[] out = pixels.getByteArray(0, Math.toIntExact(pixels.size()));
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ~out[i];
        }
        return out;
    }
}
