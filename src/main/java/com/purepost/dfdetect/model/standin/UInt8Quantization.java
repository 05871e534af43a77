package com.purepost.dfdetect.model.standin;

/**
 * Per-tensor asymmetric uint8 quantization of a weight, with the arithmetic of ONNX Runtime's Python
 * quantizer for {@code weight_type=QUInt8} without {@code reduce_range}, so that the stand-in's bytes are
 * what that tool would have written for the same float weights. A value r is stored as q with
 * r = scale * (q - zeroPoint).
 *
 * <ol>
 *   <li>The real range is widened to hold 0, so that 0 (padding, Relu's floor) is exact:
 *       rmin = min(0, min r), rmax = max(0, max r), both in float32.</li>
 *   <li>scale = (rmax - rmin) / 255: the difference taken in float32, the division in float64.
 *       A range too small for float32 (below its smallest normal number) gives scale 1, zero point 0.</li>
 *   <li>zeroPoint = round(-rmin / scale), still in float64; it lies in [0, 255] because rmin &lt;= 0 &lt;= rmax.
 *       The scale is then stored as float32.</li>
 *   <li>q = clamp(round(r / scale) + zeroPoint, 0, 255), the division in float32 with the float32 scale.</li>
 * </ol>
 * Every rounding is half to even, as numpy rounds; Java's {@link Math#rint} does the same.
 */
final class UInt8Quantization {

    private static final int QMIN = 0;
    private static final int QMAX = 255;

    private UInt8Quantization() {
    }

    /** A quantized weight: its uint8 values (as bytes, in the original order) and how to read them back. */
    record Quantized(float scale, int zeroPoint, byte[] values) {
    }

    static Quantized quantize(float[] data) {
        float rmin = 0f;
        float rmax = 0f;
        for (float value : data) {
            rmin = Math.min(rmin, value);
            rmax = Math.max(rmax, value);
        }
        double scale = (double) (rmax - rmin) / (QMAX - QMIN);
        float storedScale;
        int zeroPoint;
        if (scale < Float.MIN_NORMAL) {
            storedScale = 1f;
            zeroPoint = 0;
        } else {
            zeroPoint = (int) Math.rint(QMIN - rmin / scale);
            storedScale = (float) scale;
        }
        byte[] values = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            double q = Math.rint(data[i] / storedScale) + zeroPoint;
            values[i] = (byte) (int) Math.max(QMIN, Math.min(QMAX, q));
        }
        return new Quantized(storedScale, zeroPoint, values);
    }
}
