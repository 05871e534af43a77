package com.purepost.dfdetect.image;

import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes to the model's input, exactly as the original Pillow pipeline made it:
 * {@code Image.open(bytes).convert('RGB').resize((224, 224), Image.BILINEAR)}, then float32
 * {@code (v / 255 - mean) / std}, channels first. The format is read from the bytes (JPEG, PNG,
 * WebP, GIF, BMP; the first frame of an animation), never from a file name. Thread-safe.
 *
 * <p>{@link #toTensor} streams a large image through conversion and resizing a row at a time;
 * the stage methods ({@link #decodeToRgb}, {@link #resize}, {@link #normalize}) give each step's whole
 * result, for tests and benchmarks, and compose to the same tensor.
 */
public final class ImagePreprocessor {

    private static final Logger LOG = LoggerFactory.getLogger(ImagePreprocessor.class);

    /** Width and height of the model's input. */
    public static final int SIZE = 224;

    /**
     * Where Pillow 9.4 itself refuses an image ({@code DecompressionBombError}, twice
     * {@code Image.MAX_IMAGE_PIXELS}): the original service decoded anything up to this size.
     */
    public static final long PILLOW_PIXEL_LIMIT = 2L * (1024 * 1024 * 1024 / 4 / 3);

    /** The largest limit we can honour: four bytes per pixel must fit in one Java array. */
    public static final long MAX_PIXEL_LIMIT = (Integer.MAX_VALUE - 8) / 4;

    private final DecodeBudget budget;
    private final Map<ImageFormat, ImageDecoder> decoders;

    /**
     * A preprocessor with a decode memory of its own ({@link DecodeBudget#DEFAULT_CAPACITY}).
     *
     * @param maxPixels the largest width times height decoded; larger images are refused from their
     *                  header, before any pixel buffer is allocated
     */
    public ImagePreprocessor(long maxPixels) {
        this(new DecodeBudget(checked(maxPixels), DecodeBudget.DEFAULT_CAPACITY));
    }

    /** A preprocessor whose decodes are bounded by {@code budget}: pixels, proportion to the file, memory. */
    public ImagePreprocessor(DecodeBudget budget) {
        this(budget, ImageDecoders.standard());
    }

    ImagePreprocessor(long maxPixels, Map<ImageFormat, ImageDecoder> decoders) {
        this(new DecodeBudget(checked(maxPixels), DecodeBudget.DEFAULT_CAPACITY), decoders);
    }

    ImagePreprocessor(DecodeBudget budget, Map<ImageFormat, ImageDecoder> decoders) {
        checked(budget.maxPixels());
        this.budget = budget;
        this.decoders = Objects.requireNonNull(decoders, "decoders");
    }

    private static long checked(long maxPixels) {
        if (maxPixels < 1 || maxPixels > MAX_PIXEL_LIMIT) {
            throw new IllegalArgumentException("The pixel limit must be between 1 and " + MAX_PIXEL_LIMIT
                    + ", got " + maxPixels);
        }
        return maxPixels;
    }

    /**
     * The model's input: {@code 3 * 224 * 224} floats, channel-major (all red rows, then green, then
     * blue).
     *
     * @throws ImageRejectedException when the bytes are empty, not a supported image, corrupt or
     *                                too large
     */
    public float[] toTensor(byte[] encoded) {
        return toTimedTensor(encoded).tensor();
    }

    /** The model's input and how long its two costly steps took, for metrics. */
    public record TimedTensor(float[] tensor, long decodeNanos, long resizeNanos) {
    }

    /**
     * {@link #toTensor}, timed: decoding (the file to the first frame's samples) apart from the rest
     * (conversion to RGB, resizing and normalising, which run interleaved row by row).
     */
    public TimedTensor toTimedTensor(byte[] encoded) {
        long started = System.nanoTime();
        long decoded;
        RgbImage resized;
        // The decoded samples (36 MB for a 12-megapixel photo) are given back as soon as the image is
        // resized, before the tensor is made
        try (DecodedImage image = decodeFirstFrame(encoded)) {
            decoded = System.nanoTime();
            resized = BilinearResampler.resize(RgbConverter.rows(image), SIZE, SIZE);
        }
        float[] tensor = normalize(resized);
        return new TimedTensor(tensor, decoded - started, System.nanoTime() - decoded);
    }

    /** Stage 1: the first frame decoded and converted to RGB as {@code convert('RGB')} does, full size. */
    public RgbImage decodeToRgb(byte[] encoded) {
        try (DecodedImage image = decodeFirstFrame(encoded)) {
            return RgbConverter.toImage(image);
        }
    }

    /** Stage 2: Pillow's BILINEAR resize to 224x224; an image already that size is returned as it is, as Pillow's pipeline does. */
    public RgbImage resize(RgbImage image) {
        return image.width() == SIZE && image.height() == SIZE ? image : BilinearResampler.resize(image, SIZE, SIZE);
    }

    /** Stage 3: float32 {@code (v / 255 - mean) / std} per channel, channels first. */
    public float[] normalize(RgbImage image) {
        return TensorNormalizer.toChw(image);
    }

    /** The first frame in its own mode, as Pillow's {@code load()} leaves it; package-private for stage benchmarks. */
    DecodedImage decodeFirstFrame(byte[] encoded) {
        if (encoded == null || encoded.length == 0) {
            throw new ImageRejectedException(ImageRejectedException.Reason.EMPTY, "The file is empty");
        }
        ImageFormat format = ImageFormat.sniff(encoded);
        if (format == null) {
            throw new ImageRejectedException(ImageRejectedException.Reason.UNSUPPORTED_FORMAT,
                    "The file is not an image in a supported format (" + ImageFormat.SUPPORTED + ")");
        }
        ImageDecoder decoder = decoders.get(format);
        if (decoder == null) {
            throw new ImageRejectedException(ImageRejectedException.Reason.UNSUPPORTED_FORMAT,
                    format.label() + " images cannot be decoded on this server (its decoder library is missing)");
        }
        DecodeBudget.Claim claim = budget.open(encoded.length);
        try {
            return decoder.decode(encoded, claim).releasing(claim);
        } catch (ImageRejectedException | DecodeAbandonedException e) {
            claim.close();
            throw e;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError | LinkageError e) {
            // whatever a decoder throws on hostile input is the input's fault, never a server error;
            // but the exception is a decoder bug, for the log, and its name is not for the client
            claim.close();
            LOG.warn("The {} decoder failed on an input of {} bytes; refused as corrupt", format.label(), encoded.length, e);
            throw format.corrupt("the decoder could not read it", e);
        }
    }
}
