package com.purepost.dfdetect.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Two things timed one run for one, alternately (A B, then B A, ...), after a warm-up of both: on a
 * machine other work shares, load that comes and goes then falls on both sides alike, which
 * comparing two separate runs cannot promise. Each side returns the milliseconds of one run, timed
 * as close to the work as it can be (a Python worker times itself).
 */
final class PairedSampler {

    /** The milliseconds of each side's runs, in order. */
    record Pair(double[] a, double[] b) {

        double medianA() {
            return Stats.median(a);
        }

        double medianB() {
            return Stats.median(b);
        }

        /** A over B, from the medians. */
        double ratio() {
            return medianA() / medianB();
        }

        /**
         * The spread of the ratio, from the quartiles of the runs' pairwise ratios: how far a single pair
         * may stray from it on this machine.
         */
        String spread() {
            double[] ratios = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                ratios[i] = a[i] / b[i];
            }
            Arrays.sort(ratios);
            return String.format(Locale.ROOT, "%.2f-%.2f", Stats.percentile(ratios, 25),
                    Stats.percentile(ratios, 75));
        }
    }

    /** Milliseconds of one run of {@code work}, timed here. */
    static DoubleSupplier timed(Runnable work) {
        return () -> {
            long start = System.nanoTime();
            work.run();
            return (System.nanoTime() - start) / 1e6;
        };
    }

    private PairedSampler() {
    }

    static Pair sample(DoubleSupplier a, DoubleSupplier b, int warmups, int runs) {
        for (int i = 0; i < warmups; i++) {
            a.getAsDouble();
            b.getAsDouble();
        }
        double[] aMillis = new double[runs];
        double[] bMillis = new double[runs];
        for (int i = 0; i < runs; i++) {
            if (i % 2 == 0) {
                aMillis[i] = a.getAsDouble();
                bMillis[i] = b.getAsDouble();
            } else {
                bMillis[i] = b.getAsDouble();
                aMillis[i] = a.getAsDouble();
            }
        }
        return new Pair(aMillis, bMillis);
    }
}
