package com.purepost.dfdetect.image;

/**
 * An RGB image read one row at a time, so that a large image can be resized while only its decoded
 * samples are held, never a second full-size RGB copy.
 */
interface RgbRows {

    int width();

    int height();

    /** Writes row {@code y} as R, G, B bytes into the first {@code 3 * width()} bytes of {@code row}. */
    void readRow(int y, byte[] row);
}
