package com.purepost.dfdetect.image;

/**
 * The largest image we decode, in pixels. {@link DecodeBudget} asks it about the size a header
 * declares before anything in proportion to that size is allocated, so a small file claiming a huge
 * image costs nothing but its header. The same limit bounds the work of the resize, which makes every
 * input row 224 pixels wide.
 */
record PixelLimit(long maxPixels) {

    void check(ImageFormat format, long width, long height) {
        if (width < 1 || height < 1) {
            throw format.corrupt("it declares an empty " + width + "x" + height + " image");
        }
        if (width * height > maxPixels) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_MANY_PIXELS,
                    "Image is " + width + "x" + height + " pixels; the limit is " + maxPixels + " pixels");
        }
        // The horizontal pass makes every input row 224 pixels wide, so its work grows with the
        // height alone: a needle of an image must not buy unbounded time under the pixel limit
        if (height > ImagePreprocessor.SIZE && ImagePreprocessor.SIZE * height > maxPixels) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_MANY_PIXELS,
                    "Image is " + width + "x" + height + " pixels; resizing it works through " + ImagePreprocessor.SIZE
                            + "x" + height + " pixels, over the limit of " + maxPixels + " pixels");
        }
    }
}
