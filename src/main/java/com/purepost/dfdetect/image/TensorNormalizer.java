package com.purepost.dfdetect.image;

/**
 * The model's input from an RGB image, as the original service computed it with numpy:
 * {@code (float32(v) / 255 - mean) / std} per channel, every step in float32, then HWC to CHW.
 *
 * <p>Each step rounds to float exactly as numpy's float32 arithmetic does, so a table of the 256
 * possible results per channel gives the same bits as computing them pixel by pixel.
 */
final class TensorNormalizer {

    // numpy turned the Python floats (doubles) into float32, so the constants are rounded from
    // double, not parsed as float literals
    private static final float[] MEAN = {(float) 0.485, (float) 0.456, (float) 0.406};
    private static final float[] STD = {(float) 0.229, (float) 0.224, (float) 0.225};
    private static final float MAX_SAMPLE = 255f;

    private static final float[][] TABLE = new float[3][256];

    static {
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                TABLE[c][v] = ((float) v / MAX_SAMPLE - MEAN[c]) / STD[c];
            }
        }
    }

    private TensorNormalizer() {
    }

    /** Channel-major floats: all red values row by row, then all green, then all blue. */
    static float[] toChw(RgbImage image) {
        int plane = image.width() * image.height();
        byte[] pixels = image.pixels();
        float[] out = new float[3 * plane];
        float[] red = TABLE[0];
        float[] green = TABLE[1];
        float[] blue = TABLE[2];
        for (int i = 0, p = 0; i < plane; i++, p += 3) {
            out[i] = red[pixels[p] & 0xFF];
            out[plane + i] = green[pixels[p + 1] & 0xFF];
            out[2 * plane + i] = blue[pixels[p + 2] & 0xFF];
        }
        return out;
    }
}
