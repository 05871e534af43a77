package com.purepost.dfdetect.detect;

import com.purepost.dfdetect.model.ModelIdentity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultCacheTest {

    private static final ModelIdentity MODEL = new ModelIdentity("ResNet18.onnx", "aa11", false, Instant.EPOCH);
    private static final ModelIdentity OTHER_MODEL = new ModelIdentity("ResNet18.onnx", "bb22", false, Instant.EPOCH);

    @Test
    void answersTheSameImageUnderTheSameModelAndCountsHitsAndMisses() {
        ResultCache cache = new ResultCache(10, 1 << 20);
        ResultCache.Key key = ResultCache.keyOf(new byte[]{1, 2, 3}, MODEL);

        assertThat(cache.get(key)).isNull();
        cache.put(key, result(0.7));

        assertThat(cache.get(ResultCache.keyOf(new byte[]{1, 2, 3}, MODEL))).isEqualTo(result(0.7));
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void neverAnswersForAnotherModelOrOtherBytes() {
        ResultCache cache = new ResultCache(10, 1 << 20);
        cache.put(ResultCache.keyOf(new byte[]{1, 2, 3}, MODEL), result(0.7));

        assertThat(cache.get(ResultCache.keyOf(new byte[]{1, 2, 3}, OTHER_MODEL))).isNull();
        assertThat(cache.get(ResultCache.keyOf(new byte[]{1, 2, 4}, MODEL))).isNull();
    }

    @Test
    void evictsTheLeastRecentlyUsedPastTheEntryLimit() {
        ResultCache cache = new ResultCache(2, 1 << 20);
        ResultCache.Key first = ResultCache.keyOf(new byte[]{1}, MODEL);
        ResultCache.Key second = ResultCache.keyOf(new byte[]{2}, MODEL);
        ResultCache.Key third = ResultCache.keyOf(new byte[]{3}, MODEL);
        cache.put(first, result(0.1));
        cache.put(second, result(0.2));
        cache.get(first);
        cache.put(third, result(0.3));

        assertThat(cache.get(second)).isNull();
        assertThat(cache.get(first)).isNotNull();
        assertThat(cache.get(third)).isNotNull();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void staysWithinItsMemoryBound() {
        ResultCache cache = new ResultCache(1_000_000, 10_000);
        for (int i = 0; i < 1_000; i++) {
            cache.put(ResultCache.keyOf(new byte[]{(byte) i, (byte) (i >> 8)}, MODEL), result(i / 1000.0));
        }

        assertThat(cache.bytes()).isLessThanOrEqualTo(10_000);
        assertThat(cache.size()).isBetween(1, 30);
    }

    private static PredictionResult result(double deepfake) {
        return new PredictionResult(true, List.of(new Prediction("deepfake", deepfake), new Prediction("real", 1 - deepfake)),
                0.01, "ResNet18.onnx", false, null);
    }
}
