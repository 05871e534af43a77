package com.purepost.dfdetect.image;

import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * JPEG through the JDK's own ImageIO reader, for a machine without libturbojpeg. It reads the raw
 * decoded bands ({@code readRaster}), so that no ICC profile is applied, and turns YCbCr into RGB
 * with libjpeg's own fixed-point tables.
 *
 * <p>The bands are only as close to Pillow's as the JDK's libjpeg is to libjpeg-turbo: identical
 * where the JDK links libjpeg-turbo (Debian's OpenJDK), but JDKs that bundle IJG libjpeg 6b (most
 * others) upsample 4:4:0 chroma by repeating rows, not interpolating them, so their pixels differ
 * for such files (by up to 91 levels on our fixture). Truncated files are refused, as Pillow refuses
 * them, from the reader's warning.
 */
final class ImageIoJpegDecoder implements ImageDecoder {

    private static final ImageFormat FORMAT = ImageFormat.JPEG;
    /** What the JDK's reader says of a file that ends early: its own words, or libjpeg's. */
    private static final String[] TRUNCATED = {"Truncated File", "Premature end of JPEG file"};

    // libjpeg's jdcolor.c: 16 fraction bits, values rounded to nearest
    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    private static final int[] CR_TO_R = new int[256];
    private static final int[] CB_TO_B = new int[256];
    private static final int[] CR_TO_G = new int[256];
    private static final int[] CB_TO_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_TO_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALE_BITS;
            CB_TO_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALE_BITS;
            CR_TO_G[i] = -fix(0.71414) * x;
            CB_TO_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private static int fix(double x) {
        return (int) (x * (1L << SCALE_BITS) + 0.5);
    }

    @Override
    public String describe() {
        return "JPEG: the JDK's ImageIO reader (raw bands; pixels match Pillow only where the JDK's libjpeg is libjpeg-turbo)";
    }

    @Override
    public DecodedImage decode(byte[] data, DecodeBudget.Claim claim) {
        JpegHeader header = JpegHeader.read(data);
        header.claim(claim);
        Raster raster = readRaster(data);
        int width = raster.getWidth();
        int height = raster.getHeight();
        if (width != header.width() || height != header.height() || raster.getNumBands() != header.components()) {
            throw FORMAT.corrupt("the decoder read a different frame");
        }
        byte[] bands = interleavedBands(raster);
        return switch (header.colourSpace()) {
            case GREY -> DecodedImage.of(PillowMode.L, width, height, bands);
            case RGB -> DecodedImage.of(PillowMode.RGB, width, height, bands);
            case YCBCR -> DecodedImage.of(PillowMode.RGB, width, height, yccToRgb(bands, 3));
            case CMYK -> DecodedImage.of(PillowMode.CMYK, width, height, invert(bands));
            // libjpeg turns YCCK into CMYK as 255 - RGB; Pillow inverts it back
            case YCCK -> DecodedImage.of(PillowMode.CMYK, width, height, invertBlack(yccToRgb(bands, 4)));
        };
    }

    private static Raster readRaster(byte[] data) {
        ImageReader reader = jdkReader();
        AtomicReference<String> truncated = new AtomicReference<>();
        reader.addIIOReadWarningListener((source, warning) -> {
            for (String prefix : TRUNCATED) {
                if (warning != null && warning.startsWith(prefix)) {
                    truncated.set(warning);
                }
            }
        });
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(input, true, true);
            Raster raster = reader.readRaster(0, null);
            if (truncated.get() != null) {
                throw FORMAT.corrupt(truncated.get());
            }
            return raster;
        } catch (IOException e) {
            throw FORMAT.corrupt(String.valueOf(e.getMessage()), e);
        } finally {
            reader.dispose();
        }
    }

    /** The JDK's reader, not a plug-in's, whatever else is on the class path. */
    private static ImageReader jdkReader() {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        ImageReader first = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (reader.getClass().getName().startsWith("com.sun.imageio.")) {
                return reader;
            }
            if (first == null) {
                first = reader;
            }
        }
        if (first == null) {
            throw new IllegalStateException("This JDK has no JPEG reader");
        }
        return first;
    }

    private static byte[] interleavedBands(Raster raster) {
        int bands = raster.getNumBands();
        int width = raster.getWidth();
        int height = raster.getHeight();
        if (raster.getSampleModel() instanceof PixelInterleavedSampleModel model
                && raster.getDataBuffer() instanceof DataBufferByte buffer
                && model.getPixelStride() == bands && model.getScanlineStride() == width * bands
                && inOrder(model.getBandOffsets()) && buffer.getNumBanks() == 1
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && buffer.getData().length == width * height * bands) {
            return buffer.getData();
        }
        byte[] out = new byte[width * height * bands];
        int[] row = new int[width * bands];
        for (int y = 0; y < height; y++) {
            raster.getPixels(0, y, width, 1, row);
            for (int i = 0; i < row.length; i++) {
                out[y * row.length + i] = (byte) row[i];
            }
        }
        return out;
    }

    private static boolean inOrder(int[] offsets) {
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** libjpeg's YCbCr to RGB on the first three of every {@code step} bytes, in place. */
    private static byte[] yccToRgb(byte[] bands, int step) {
        for (int i = 0; i < bands.length; i += step) {
            int y = bands[i] & 0xFF;
            int cb = bands[i + 1] & 0xFF;
            int cr = bands[i + 2] & 0xFF;
            bands[i] = clamp(y + CR_TO_R[cr]);
            bands[i + 1] = clamp(y + ((CB_TO_G[cb] + CR_TO_G[cr]) >> SCALE_BITS));
            bands[i + 2] = clamp(y + CB_TO_B[cb]);
        }
        return bands;
    }

    private static byte clamp(int v) {
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    private static byte[] invert(byte[] bands) {
        for (int i = 0; i < bands.length; i++) {
            bands[i] = (byte) ~bands[i];
        }
        return bands;
    }

    private static byte[] invertBlack(byte[] bands) {
        for (int i = 3; i < bands.length; i += 4) {
            bands[i] = (byte) ~bands[i];
        }
        return bands;
    }
}
