package com.purepost.dfdetect.image;

/** How far two arrays of samples are apart: the largest and the mean absolute difference. */
record Difference(double max, double mean) {

    static final Difference NONE = new Difference(0, 0);

    static Difference of(byte[] ours, byte[] theirs) {
        if (ours.length != theirs.length) {
            throw new AssertionError("Lengths differ: " + ours.length + " and " + theirs.length);
        }
        long sum = 0;
        int max = 0;
        for (int i = 0; i < ours.length; i++) {
            int d = Math.abs((ours[i] & 0xFF) - (theirs[i] & 0xFF));
            sum += d;
            max = Math.max(max, d);
        }
        return new Difference(max, ours.length == 0 ? 0 : (double) sum / ours.length);
    }

    /** Exactly zero only when every float has the same bits. */
    static Difference of(float[] ours, float[] theirs) {
        if (ours.length != theirs.length) {
            throw new AssertionError("Lengths differ: " + ours.length + " and " + theirs.length);
        }
        double sum = 0;
        double max = 0;
        for (int i = 0; i < ours.length; i++) {
            double d = Float.floatToRawIntBits(ours[i]) == Float.floatToRawIntBits(theirs[i])
                    ? 0 : Math.max(Math.abs((double) ours[i] - theirs[i]), Double.MIN_VALUE);
            sum += d;
            max = Math.max(max, d);
        }
        return new Difference(max, ours.length == 0 ? 0 : sum / ours.length);
    }

    boolean isZero() {
        return max == 0;
    }

    Difference worst(Difference other) {
        return new Difference(Math.max(max, other.max), Math.max(mean, other.mean));
    }

    @Override
    public String toString() {
        return max == 0 ? "0" : String.format("%.3g/%.3g", max, mean);
    }
}
