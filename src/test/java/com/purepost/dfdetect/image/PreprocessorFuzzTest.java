package com.purepost.dfdetect.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.purepost.dfdetect.support.PlainRefusal;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;

/**
 * Coverage-guided fuzzing of decode and preprocess, one fuzz test per format so that each starts from
 * small valid images of its own (seeds written by {@code tools/fuzz_seeds.py}). The invariant, for any
 * bytes: {@code toTensor} returns 3x224x224 finite floats, or refuses the input with
 * {@link ImageRejectedException} in words a person can read; nothing else, no hang, no OutOfMemoryError.
 *
 * <p>Plain {@code mvn test} replays the committed corpus in {@code PreprocessorFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} each test fuzzes (see docs/testing.md#fuzzing). A refusal caused by an
 * exception inside a decoder counts as a finding too: the preprocessor's catch-all turns decoder bugs
 * into "corrupt" answers, which keeps the service up but hides the bug.
 */
class PreprocessorFuzzTest {

    /**
     * Far below the service's default, so that an input claiming a large image costs the fuzzer little
     * time and a 512 MB heap suffices; the refusal of sizes over the limit is tested elsewhere.
     */
    private static final long PIXEL_LIMIT = 1 << 20;
    private static final ImagePreprocessor PREPROCESSOR = new ImagePreprocessor(PIXEL_LIMIT);
    private static final int TENSOR_LENGTH = 3 * ImagePreprocessor.SIZE * ImagePreprocessor.SIZE;

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void decodesOrRefusesJpegLikeBytes(byte[] input) {
        decodesOrRefuses(input);
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void decodesOrRefusesPngLikeBytes(byte[] input) {
        decodesOrRefuses(input);
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void decodesOrRefusesGifLikeBytes(byte[] input) {
        decodesOrRefuses(input);
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void decodesOrRefusesBmpLikeBytes(byte[] input) {
        decodesOrRefuses(input);
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void decodesOrRefusesWebpLikeBytes(byte[] input) {
        decodesOrRefuses(input);
    }

    private static void decodesOrRefuses(byte[] input) {
        float[] tensor;
        try {
            tensor = PREPROCESSOR.toTensor(input);
        } catch (ImageRejectedException refused) {
            assertTheInputWasToBlame(refused);
            return;
        }
        if (tensor.length != TENSOR_LENGTH) {
            throw new AssertionError("a tensor of " + tensor.length + " floats, not " + TENSOR_LENGTH);
        }
        for (int i = 0; i < tensor.length; i++) {
            if (!Float.isFinite(tensor[i])) {
                throw new AssertionError("element " + i + " of the tensor is " + tensor[i]);
            }
        }
    }

    /** A refusal must read as words, and must not stand for a failure of the decoder itself. */
    private static void assertTheInputWasToBlame(ImageRejectedException refused) {
        Throwable cause = refused.getCause();
        boolean decoderFailed = cause != null && !(cause instanceof DataFormatException)
                && !(cause instanceof java.io.IOException);
        if (decoderFailed) {
            throw new AssertionError("a decoder failed on the input instead of refusing it: " + cause, cause);
        }
        PlainRefusal.assertPlainMessage(refused.getMessage());
    }
}
