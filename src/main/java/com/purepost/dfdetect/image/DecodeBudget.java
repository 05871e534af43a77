package com.purepost.dfdetect.image;

import java.util.concurrent.Semaphore;

/**
 * How many pixels may be decoded at once, across all requests. A decoded image is held whole (a
 * 12-megapixel photo is 36 MB of samples) until it has been resized, so without a bound the memory
 * of concurrent requests adds up; with one, a request whose image does not fit waits until others
 * have released theirs. Decoding is CPU-bound, so past a few images per core waiting costs no
 * throughput. An image larger than the whole budget still runs, alone.
 *
 * <p>Waiting requests are served in arrival order (a fair semaphore), so a large image is never
 * starved by a stream of small ones.
 */
public final class DecodeBudget {

    /** No bound: every decode proceeds at once. */
    public static final DecodeBudget UNBOUNDED = new DecodeBudget();

    private final Semaphore pixels;
    private final int capacity;

    /** A budget of {@code maxPixels} decoded at once (at most {@link Integer#MAX_VALUE}). */
    public DecodeBudget(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("The decode budget must be positive, got " + maxPixels);
        }
        this.capacity = (int) Math.min(maxPixels, Integer.MAX_VALUE);
        this.pixels = new Semaphore(capacity, true);
    }

    private DecodeBudget() {
        this.capacity = 0;
        this.pixels = null;
    }

    /** The pixels this budget allows at once; 0 when unbounded. */
    public long maxPixels() {
        return capacity;
    }

    /** A lease for one decode: admits its image once the size is known, and gives the pixels back on close. */
    Lease lease() {
        return new Lease();
    }

    /** One decode's share of the budget. Not thread-safe: it belongs to the request decoding. */
    final class Lease implements AutoCloseable {
        private int held;

        /**
         * Waits until {@code imagePixels} fit in the budget. Called again with a larger size, the
         * lease gives back what it holds before asking for the whole: it never holds part of the
         * budget while waiting for more, which could deadlock two requests.
         */
        void admit(long imagePixels) {
            if (pixels == null) {
                return;
            }
            int wanted = (int) Math.min(Math.max(imagePixels, 1), capacity);
            if (wanted <= held) {
                return;
            }
            close();
            pixels.acquireUninterruptibly(wanted);
            held = wanted;
        }

        @Override
        public void close() {
            if (held > 0) {
                pixels.release(held);
                held = 0;
            }
        }
    }
}
