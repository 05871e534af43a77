package com.purepost.dfdetect.image;

import java.util.Locale;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What decoding may cost, for one image and for all images at once, so that no small file buys a
 * large amount of memory or time:
 * <ul>
 * <li>a file may claim more decoded bytes than {@link #ALWAYS_ALLOWED} only in proportion to its own
 *     size: no more than its format can hold ({@link Ratio}), so that a canvas its bytes cannot fill
 *     is refused from its header;</li>
 * <li>the memory one decode holds (its pixels in their decoded mode, plus what the native decoder keeps
 *     beside them) may not exceed {@link #capacity()};</li>
 * <li>and the decodes running at once, including those given up on after their time limit, never hold
 *     more than {@link #capacity()} together: a decode that would pass it waits for memory to be given
 *     back, in arrival order, before it allocates anything.</li>
 * </ul>
 * Pillow's own pixel limit ({@link PixelLimit}) is checked first, so nothing Pillow refused is decoded.
 */
public final class DecodeBudget {

    private static final Logger LOG = LoggerFactory.getLogger(DecodeBudget.class);

    /**
     * Decoded bytes any file may claim whatever its size: a 16-megapixel RGB photo. A tiny file can
     * thus cost as much as one ordinary large photo, and no more.
     */
    public static final long ALWAYS_ALLOWED = 48L * 1024 * 1024;

    /**
     * The memory all decodes may hold at once when none is set: an RGB image at Pillow's pixel limit
     * (3 x 178,956,970 bytes) just fits, as does any phone or camera photo Pillow opens.
     */
    public static final long DEFAULT_CAPACITY = 512L * 1024 * 1024;

    /** The pool is counted in KiB, so that its permits fit an int for any heap. */
    private static final int UNIT = 1024;

    /**
     * How many decoded bytes one byte of a file can stand for, at most, per format. The theoretical
     * ceilings of the coders where real files come near them; measured on real and generated images
     * where the coder has no useful ceiling (docs: "What decoding may cost").
     */
    enum Ratio {
        /** Deflate turns at most 258 bytes into 2 bits: 1032 raw row bytes per file byte, whatever the image. */
        PNG_DEFLATE(1032),
        /** GIF's LZW: a 12-bit code stands for at most 4095 indices, 2730 per byte. */
        GIF_LZW(2730),
        /** BMP run-length coding: two bytes stand for at most 255 pixels; plain rows hold at most 8 pixels a byte. */
        BMP_RUNS(128),
        /**
         * JPEG: 1 bit can stand for a whole block in progressive scans, so the coder has no ceiling
         * worth the name. Real photos measure 6 to 72, an underexposed or blurred photo 140 to 170, a
         * flat colour saved progressive and optimised 508: about twice that.
         */
        JPEG(1024),
        /**
         * WebP: a flat lossless image takes a few hundred bytes at any size. Lossy photos measure 65 to
         * 200, lossless screenshots up to 1042, lossy flat colour 2243: about twice the most real files reach.
         */
        WEBP(4096);

        private final long decodedPerFileByte;

        Ratio(long decodedPerFileByte) {
            this.decodedPerFileByte = decodedPerFileByte;
        }

        long decodedPerFileByte() {
            return decodedPerFileByte;
        }
    }

    private final PixelLimit pixels;
    private final long capacity;
    private final Semaphore free;

    /**
     * @param maxPixels       Pillow's pixel limit (or a lower one)
     * @param capacityInBytes memory all decodes may hold at once, and one decode at most
     */
    public DecodeBudget(long maxPixels, long capacityInBytes) {
        if (capacityInBytes < UNIT || capacityInBytes / UNIT > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("The decode memory must be between 1 KiB and 2 TiB, got " + capacityInBytes);
        }
        this.pixels = new PixelLimit(maxPixels);
        this.capacity = capacityInBytes / UNIT * UNIT;
        this.free = new Semaphore((int) (capacityInBytes / UNIT), true);
    }

    /**
     * A budget with {@code configuredBytes} of decode memory, but never more than half of
     * {@code maxHeapBytes}: the decoders that keep pixels on the heap share it with the rest of the
     * service. Logs what it settled on.
     */
    public static DecodeBudget forHeap(long maxPixels, long configuredBytes, long maxHeapBytes) {
        long capacity = Math.min(configuredBytes, maxHeapBytes / 2);
        if (capacity < configuredBytes) {
            LOG.info("Decode memory: {} (half the heap of {}; {} configured)", megabytes(capacity), megabytes(maxHeapBytes),
                    megabytes(configuredBytes));
        } else {
            LOG.info("Decode memory: {}", megabytes(capacity));
        }
        return new DecodeBudget(maxPixels, capacity);
    }

    /** The memory all decodes may hold at once, in bytes. */
    public long capacity() {
        return capacity;
    }

    /** The memory decodes hold now, in bytes; running-on decodes included. */
    public long inUse() {
        return capacity - (long) free.availablePermits() * UNIT;
    }

    long maxPixels() {
        return pixels.maxPixels();
    }

    /** A claim for one file of {@code fileBytes} bytes; close it when the decoded image is released. */
    Claim open(long fileBytes) {
        return new Claim(fileBytes);
    }

    /** What one decode is allowed, and holds from the pool until closed. */
    final class Claim implements AutoCloseable {
        private final long fileBytes;
        private int held;

        private Claim(long fileBytes) {
            this.fileBytes = fileBytes;
        }

        /**
         * Refuses a {@code width x height} image past Pillow's pixel limit, and a file that claims more
         * than {@link #ALWAYS_ALLOWED} of {@code claimedBytes} (decoded bytes, or for PNG the raw rows
         * its zlib stream must hold) when its format could not hold that much in a file of its size.
         */
        void requireProportion(ImageFormat format, long width, long height, long claimedBytes, Ratio ratio) {
            pixels.check(format, width, height);
            long most = fileBytes * ratio.decodedPerFileByte(); // at most 2^31 times 2^12: no overflow
            if (claimedBytes > ALWAYS_ALLOWED && claimedBytes > most) {
                throw new ImageRejectedException(ImageRejectedException.Reason.TOO_MANY_PIXELS,
                        "The " + format.label() + " file is " + fileBytes + " bytes but claims " + megabytes(claimedBytes)
                                + " of image data; a " + format.label() + " file holds at most " + ratio.decodedPerFileByte()
                                + " times its size, and any file up to " + megabytes(ALWAYS_ALLOWED));
            }
        }

        /**
         * Checks the size against Pillow's pixel limit, then takes from the pool the memory the decode
         * will hold: {@code width x height x bytesPerPixel} for the decoded image and {@code workingBytes}
         * the decoder keeps beside it. Waits, in arrival order, while other decodes hold the memory.
         *
         * @throws DecodeAbandonedException when the thread is interrupted while it waits: its caller left
         */
        void reserve(ImageFormat format, long width, long height, int bytesPerPixel, long workingBytes) {
            pixels.check(format, width, height);
            long bytes = width * height * bytesPerPixel + workingBytes;
            if (bytes > capacity) {
                throw new ImageRejectedException(ImageRejectedException.Reason.TOO_MANY_PIXELS,
                        "Image is " + width + "x" + height + " pixels; decoding it takes " + megabytes(bytes)
                                + ", more than the limit of " + megabytes(capacity));
            }
            int units = (int) ((bytes + UNIT - 1) / UNIT);
            if (held != 0) {
                throw new IllegalStateException("one reservation per decode");
            }
            try {
                free.acquire(units);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DecodeAbandonedException();
            }
            held = units;
        }

        /** Gives the memory back to the pool; once. */
        @Override
        public void close() {
            int units = held;
            held = 0;
            if (units > 0) {
                free.release(units);
            }
        }
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
