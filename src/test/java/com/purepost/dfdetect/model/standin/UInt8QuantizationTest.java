package com.purepost.dfdetect.model.standin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The weight formula on numbers chosen so that every step is exact in float: a range of 255/16 makes the
 * scale exactly 1/16, so x/scale lands exactly on the halves where the rounding rule shows.
 */
class UInt8QuantizationTest {

    private static final float STEP = 0.0625f;

    @Test
    void theRangeIsWidenedToHoldZeroSoAllPositiveWeightsGetZeroPointZero() {
        UInt8Quantization.Quantized q = UInt8Quantization.quantize(new float[] {255 * STEP, 4 * STEP});

        assertThat(q.scale()).isEqualTo(STEP);
        assertThat(q.zeroPoint()).isZero();
        assertThat(unsigned(q.values())).containsExactly(255, 4);
    }

    @Test
    void theZeroPointIsWhereZeroFallsInTheRange() {
        UInt8Quantization.Quantized q = UInt8Quantization.quantize(new float[] {-32 * STEP, 0f, 223 * STEP});

        assertThat(q.scale()).isEqualTo(STEP);
        assertThat(q.zeroPoint()).isEqualTo(32);
        assertThat(unsigned(q.values())).containsExactly(0, 32, 255);
    }

    @Test
    void halvesRoundToEvenAsNumpyRounds() {
        float[] data = {255 * STEP, 0.5f * STEP, 1.5f * STEP, 2.5f * STEP, 3.5f * STEP};

        UInt8Quantization.Quantized q = UInt8Quantization.quantize(data);

        assertThat(unsigned(q.values())).containsExactly(255, 0, 2, 2, 4);
    }

    @Test
    void allNegativeWeightsGetZeroPoint255() {
        UInt8Quantization.Quantized q = UInt8Quantization.quantize(new float[] {-255 * STEP, -STEP});

        assertThat(q.zeroPoint()).isEqualTo(255);
        assertThat(unsigned(q.values())).containsExactly(0, 254);
    }

    @Test
    void anAllZeroWeightGetsScaleOneAndZeroPointZero() {
        UInt8Quantization.Quantized q = UInt8Quantization.quantize(new float[] {0f, 0f, -0f});

        assertThat(q.scale()).isEqualTo(1f);
        assertThat(q.zeroPoint()).isZero();
        assertThat(unsigned(q.values())).containsExactly(0, 0, 0);
    }

    private static int[] unsigned(byte[] values) {
        int[] result = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i] & 0xFF;
        }
        return result;
    }
}
