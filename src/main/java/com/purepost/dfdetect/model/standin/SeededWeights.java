package com.purepost.dfdetect.model.standin;

/**
 * A deterministic stream of random weights from one 64-bit seed: the same seed gives the same numbers on
 * every JVM, every platform and every run, so a stand-in file is reproducible to the byte.
 *
 * <p>The generator is SplitMix64 (Steele, Lea and Flood, 2014): a counter stepped by a fixed odd constant,
 * then mixed; fast, and statistically more than good enough for weights. Values are uniform: no logarithm
 * or cosine, whose last bit may differ between platforms, enters the numbers. Uniform is also what PyTorch
 * initialises convolutions with.
 */
public final class SeededWeights {

    /** The step: 2^64 divided by the golden ratio, odd, so the counter visits every 64-bit value. */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;
    /** 24 random bits fill a float's significand exactly. */
    private static final int FLOAT_BITS = 24;
    private static final float FLOAT_UNIT = 0x1.0p-24f;

    private long state;

    public SeededWeights(long seed) {
        this.state = seed;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        state += GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A float drawn uniformly from [-bound, bound). */
    public float nextUniform(float bound) {
        float unit = (nextLong() >>> (Long.SIZE - FLOAT_BITS)) * FLOAT_UNIT;
        return (2f * unit - 1f) * bound;
    }

    /** {@code count} floats drawn uniformly from [-bound, bound). */
    public float[] uniform(int count, float bound) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = nextUniform(bound);
        }
        return values;
    }

    /**
     * {@code count} floats with mean 0 and the given standard deviation, uniform: a uniform on [-a, a) has
     * standard deviation a / sqrt(3).
     */
    public float[] uniformWithStd(int count, double std) {
        return uniform(count, (float) (std * Math.sqrt(3)));
    }
}
