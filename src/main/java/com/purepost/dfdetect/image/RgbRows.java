package com.purepost.dfdetect.image;

/**
 * An RGB image read one row at a time, so that a large image can be resized while only its decoded
 * samples are held, never a second full-size RGB copy.
 */
interface RgbRows {

    int width();

    int height();

    /** Writes row {@code y} as R, G, B bytes into {@code row} from {@code offset} on. */
    void readRow(int y, byte[] row, int offset);

    /** A reader of the same rows that another thread may use at the same time as this one. */
    RgbRows concurrentReader();
}
