package com.purepost.dfdetect.model.standin;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.purepost.dfdetect.model.standin.StandInModels.Variant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The stand-ins as ONNX Runtime sees and runs them, both variants, default seed. */
class StandInInferenceTest {

    private static final long[] ONE_IMAGE = {1, 3, 224, 224};

    @TempDir
    static Path dir;

    private static OrtEnvironment env;
    private static OrtSession.SessionOptions options;
    private static final Map<Variant, OrtSession> sessions = new EnumMap<>(Variant.class);

    @BeforeAll
    static void writeAndOpenBothStandIns() throws IOException, OrtException {
        env = OrtEnvironment.getEnvironment();
        options = new OrtSession.SessionOptions();
        // Other builds share this machine's two cores.
        options.setIntraOpNumThreads(1);
        for (Variant variant : Variant.values()) {
            Path file = dir.resolve(variant.defaultFileName());
            StandInModels.write(variant, file, StandInModels.DEFAULT_SEED);
            sessions.put(variant, env.createSession(file.toString(), options));
        }
    }

    @AfterAll
    static void closeSessions() throws OrtException {
        for (OrtSession session : sessions.values()) {
            session.close();
        }
        options.close();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void standInTakesInputImagesAndGivesOutputLogitsWithADynamicBatch(Variant variant) throws OrtException {
        OrtSession session = sessions.get(variant);

        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();

        assertThat(inputs).containsOnlyKeys("input");
        assertThat(outputs).containsOnlyKeys("output");
        TensorInfo input = (TensorInfo) inputs.get("input").getInfo();
        TensorInfo output = (TensorInfo) outputs.get("output").getInfo();
        assertThat(input.type).isEqualTo(OnnxJavaType.FLOAT);
        assertThat(input.getShape()).containsExactly(-1, 3, 224, 224);
        assertThat(input.getDimensionNames()[0]).isEqualTo("batch_size");
        assertThat(output.type).isEqualTo(OnnxJavaType.FLOAT);
        assertThat(output.getShape()).containsExactly(-1, 2);
    }

    @Test
    void fp32StandInRunsInOnnxRuntimeWithDynamicBatch() throws OrtException {
        assertEveryBatchRowGetsTheLogitsOfBatchOne(Variant.FP32);
    }

    @Test
    void quantizedStandInRunsInOnnxRuntimeWithDynamicBatch() throws OrtException {
        assertEveryBatchRowGetsTheLogitsOfBatchOne(Variant.QUANTIZED);
    }

    private void assertEveryBatchRowGetsTheLogitsOfBatchOne(Variant variant) throws OrtException {
        float[] image = SyntheticImages.photoLike(3);

        float[][] one = run(variant, image, 1);
        float[][] three = run(variant, SyntheticImages.batchOf(image, 3), 3);

        assertThat(one).hasDimensions(1, 2);
        assertThat(three).hasDimensions(3, 2);
        for (float[] row : three) {
            assertThat(row[0]).isCloseTo(one[0][0], within(1e-4f));
            assertThat(row[1]).isCloseTo(one[0][1], within(1e-4f));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void standInProbabilitiesStayFiniteAndWellInsideZeroAndOneForOrdinaryImages(Variant variant)
            throws OrtException {
        for (Map.Entry<String, float[]> image : SyntheticImages.ordinary().entrySet()) {
            float[] logits = run(variant, image.getValue(), 1)[0];
            double deepfake = softmax(logits)[1];

            assertThat(boxed(logits)).as(image.getKey()).allMatch(Float::isFinite);
            assertThat(deepfake).as(image.getKey()).isBetween(0.01, 0.99);
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void standInLogitsStayFiniteEvenForInputsFarOutsideAnyImage(Variant variant) throws OrtException {
        float[] huge = SyntheticImages.normalized((c, x, y) -> (x + y) % 2 == 0 ? 255 : 0);
        for (int i = 0; i < huge.length; i++) {
            huge[i] *= 1_000;
        }

        assertThat(boxed(run(variant, huge, 1)[0])).allMatch(Float::isFinite);
    }

    @Test
    void quantizedAndFp32StandInsAgreeWithinFivePointsOfProbability() throws OrtException {
        for (long seed = 1; seed <= 4; seed++) {
            float[] image = seed % 2 == 0 ? SyntheticImages.noise(seed) : SyntheticImages.photoLike(seed);

            double fp32 = softmax(run(Variant.FP32, image, 1)[0])[1];
            double quantized = softmax(run(Variant.QUANTIZED, image, 1)[0])[1];

            assertThat(quantized).as("input %d", seed).isCloseTo(fp32, within(0.05));
        }
    }

    private static float[][] run(Variant variant, float[] batch, int n) throws OrtException {
        long[] shape = ONE_IMAGE.clone();
        shape[0] = n;
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), shape);
             OrtSession.Result result = sessions.get(variant).run(Map.of("input", input))) {
            return (float[][]) result.get("output").orElseThrow().getValue();
        }
    }

    private static List<Float> boxed(float[] values) {
        List<Float> boxed = new ArrayList<>();
        for (float value : values) {
            boxed.add(value);
        }
        return boxed;
    }

    private static double[] softmax(float[] logits) {
        double max = Math.max(logits[0], logits[1]);
        double e0 = Math.exp(logits[0] - max);
        double e1 = Math.exp(logits[1] - max);
        return new double[] {e0 / (e0 + e1), e1 / (e0 + e1)};
    }
}
