package com.purepost.dfdetect.image;

/**
 * Decoding cut in two, for the stage benchmarks in {@code bench}: the file to the first frame in its
 * own mode (Pillow's {@code Image.open(...).load()}), and that frame to RGB ({@code convert('RGB')}).
 * The service never holds the two apart: it converts rows as the resize reads them.
 */
public final class DecodeStages {

    private final ImagePreprocessor preprocessor;

    public DecodeStages(ImagePreprocessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    /** Decodes and releases the first frame; answers its pixel count, so that the work cannot be skipped. */
    public long load(byte[] encoded) {
        try (DecodedImage frame = preprocessor.decodeFirstFrame(encoded)) {
            return (long) frame.width() * frame.height();
        }
    }

    /** The first frame decoded once, held until closed, for timing its conversion alone. */
    public Frame hold(byte[] encoded) {
        return new Frame(preprocessor.decodeFirstFrame(encoded));
    }

    /** A decoded frame in its own mode. */
    public static final class Frame implements AutoCloseable {
        private final DecodedImage image;

        private Frame(DecodedImage image) {
            this.image = image;
        }

        /** {@code convert('RGB')} of the whole frame: an RGB frame on the heap is wrapped, anything else copied. */
        public RgbImage toRgb() {
            return RgbConverter.toImage(image);
        }

        @Override
        public void close() {
            image.close();
        }
    }
}
