package com.purepost.dfdetect.image;

import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * Samples a native decoder wrote into native memory. Reads are bounds-checked against the size the
 * decoder reported, and closing runs the decoder's own release once.
 */
final class NativeSamples implements Samples {

    private final Pointer base;
    private final long size;
    /** A view for reads without a native call each; null past what a buffer can index. */
    private final ByteBuffer view;
    private final Runnable release;
    private boolean released;

    NativeSamples(Pointer base, long size, Runnable release) {
        this.base = base;
        this.size = size;
        this.view = size <= Integer.MAX_VALUE ? base.getByteBuffer(0, size) : null;
        this.release = release;
    }

    @Override
    public void read(long offset, byte[] destination, int destinationOffset, int length) {
        if (released) {
            throw new IllegalStateException("The native samples were released");
        }
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException("Reading " + length + " bytes at " + offset + " of " + size);
        }
        if (view != null) {
            view.get((int) offset, destination, destinationOffset, length);
        } else {
            base.read(offset, destination, destinationOffset, length);
        }
    }

    @Override
    public byte[] heapArray() {
        return null;
    }

    @Override
    public void close() {
        if (!released) {
            released = true;
            release.run();
        }
    }
}
