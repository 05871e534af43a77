package com.purepost.dfdetect.image;

/**
 * Where a decoder left an image's samples: a Java array, or native memory that a native decoder
 * filled and that must be released as soon as the image has been read.
 */
interface Samples extends AutoCloseable {

    /** Copies {@code length} bytes starting at byte {@code offset} of the samples. */
    void read(long offset, byte[] destination, int destinationOffset, int length);

    /** The byte array itself when the samples live on the heap, else null. */
    byte[] heapArray();

    @Override
    void close();

    static Samples of(byte[] bytes) {
        return new HeapSamples(bytes);
    }

    /** Samples held in a Java array; closing them does nothing. */
    record HeapSamples(byte[] bytes) implements Samples {

        @Override
        public void read(long offset, byte[] destination, int destinationOffset, int length) {
            System.arraycopy(bytes, Math.toIntExact(offset), destination, destinationOffset, length);
        }

        @Override
        public byte[] heapArray() {
            return bytes;
        }

        @Override
        public void close() {
        }
    }
}
