package com.purepost.dfdetect.image;

/**
 * The weights of one resampling pass (horizontal or vertical) from {@code inSize} to
 * {@code outSize} samples, computed as Pillow 9.4's {@code precompute_coeffs} and
 * {@code normalize_coeffs_8bpc} compute them for the BILINEAR filter over the whole image.
 *
 * <p>Output sample {@code i} is the weighted sum of {@code count[i]} input samples starting at
 * {@code first[i]}, with the fixed-point weights {@code weights[i * stride + t]}. Every step that
 * rounds does so as Pillow's C does: the box edge is a {@code float}, the filter runs in
 * {@code double}, the bounds are truncated to {@code int}, the weights are normalised to a sum of 1
 * before they are rounded to {@link BilinearResampler#PRECISION_BITS} bits.
 */
record ResampleTaps(int[] first, int[] count, int[] weights, int stride) {

    /** The triangle filter reaches one input sample either side, scaled by the downscale factor. */
    private static final double BILINEAR_SUPPORT = 1.0;

    static ResampleTaps compute(int inSize, int outSize) {
        // Pillow passes the box (0, 0, width, height) as floats; the subtraction happens in float
        float in0 = 0f;
        float in1 = inSize;
        double scale = (double) (in1 - in0) / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = BILINEAR_SUPPORT * filterScale;
        int stride = (int) Math.ceil(support) * 2 + 1;

        int[] first = new int[outSize];
        int[] count = new int[outSize];
        int[] weights = new int[outSize * stride];
        double[] raw = new double[stride];
        double inverseScale = 1.0 / filterScale;
        for (int out = 0; out < outSize; out++) {
            double center = in0 + (out + 0.5) * scale;
            int min = (int) (center - support + 0.5);
            if (min < 0) {
                min = 0;
            }
            int max = (int) (center + support + 0.5);
            if (max > inSize) {
                max = inSize;
            }
            int n = max - min;
            double sum = 0.0;
            for (int t = 0; t < n; t++) {
                double w = triangle((t + min - center + 0.5) * inverseScale);
                raw[t] = w;
                sum += w;
            }
            for (int t = 0; t < n; t++) {
                double normalised = sum != 0.0 ? raw[t] / sum : raw[t];
                weights[out * stride + t] = toFixedPoint(normalised);
            }
            first[out] = min;
            count[out] = n;
        }
        return new ResampleTaps(first, count, weights, stride);
    }

    private static double triangle(double x) {
        double distance = x < 0.0 ? -x : x;
        return distance < 1.0 ? 1.0 - distance : 0.0;
    }

    /** Rounds half away from zero, then truncates, as Pillow's {@code normalize_coeffs_8bpc}. */
    private static int toFixedPoint(double weight) {
        double scaled = weight * (1 << BilinearResampler.PRECISION_BITS);
        return weight < 0 ? (int) (-0.5 + scaled) : (int) (0.5 + scaled);
    }
}
