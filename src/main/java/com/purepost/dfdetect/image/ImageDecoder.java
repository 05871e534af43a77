package com.purepost.dfdetect.image;

/** Decodes the first frame of one image format into the samples Pillow's decoder would give. */
interface ImageDecoder {

    /**
     * Decodes {@code data}, which starts with this format's signature. The size the header declares
     * is put to {@code claim} (in proportion to the file, within the pixel limit, memory reserved)
     * before anything proportional to it is allocated.
     *
     * @throws ImageRejectedException when the data is corrupt, truncated, too large or of a variant
     *                                Pillow 9.4 refused too
     */
    DecodedImage decode(byte[] data, DecodeBudget.Claim claim);

    /** Which implementation decodes, for the start-up log. */
    String describe();
}
