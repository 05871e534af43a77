package com.purepost.dfdetect.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The float32 normalisation against values numpy computed, bit for bit. */
class TensorNormalizerTest {

    // (np.float32(v) / np.float32(255) - mean) / std with float32 mean and std, as numpy 1.24 gives them
    private static final int[][] NUMPY_BITS = {
        {0, 0xc0078bbd, 0xc0024924, 0xbfe6f809},
        {1, 0xc006732b, 0xc0012a4f, 0xbfe4bcea},
        {128, 0x3d97af32, 0x3e521b48, 0x3eda5d3c},
        {254, 0x400ed58a, 0x401a4ee0, 0x4027d834},
        {255, 0x400fee1d, 0x401b6db7, 0x4028f5c3},
    };

    @Test
    void eachChannelIsNormalisedInFloat32AsNumpyDoesIt() {
        for (int[] row : NUMPY_BITS) {
            byte v = (byte) row[0];
            float[] tensor = TensorNormalizer.toChw(new RgbImage(1, 1, new byte[] {v, v, v}));
            for (int c = 0; c < 3; c++) {
                assertEquals(row[c + 1], Float.floatToRawIntBits(tensor[c]), "value " + row[0] + ", channel " + c);
            }
        }
    }

    @Test
    void channelsComeFirstThenRowsThenColumns() {
        // two pixels: (0, 128, 255) then (255, 0, 128)
        RgbImage image = new RgbImage(2, 1, new byte[] {0, (byte) 128, (byte) 255, (byte) 255, 0, (byte) 128});
        float[] t = TensorNormalizer.toChw(image);
        assertEquals(NUMPY_BITS[0][1], Float.floatToRawIntBits(t[0]));
        assertEquals(NUMPY_BITS[4][1], Float.floatToRawIntBits(t[1]));
        assertEquals(NUMPY_BITS[2][2], Float.floatToRawIntBits(t[2]));
        assertEquals(NUMPY_BITS[0][2], Float.floatToRawIntBits(t[3]));
        assertEquals(NUMPY_BITS[4][3], Float.floatToRawIntBits(t[4]));
        assertEquals(NUMPY_BITS[2][3], Float.floatToRawIntBits(t[5]));
    }
}
