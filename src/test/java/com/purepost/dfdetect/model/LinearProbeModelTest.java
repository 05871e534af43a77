package com.purepost.dfdetect.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.purepost.dfdetect.model.standin.OnnxFileReader;
import com.purepost.dfdetect.model.standin.OnnxFileReader.ParsedModel;
import com.purepost.dfdetect.model.standin.StandInModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LinearProbeModelTest {

    private static final int N = LinearProbeModel.FEATURES;
    /** Debian's interpreter, which sees python3-onnx and python3-numpy. */
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void logitsAreTheFlattenedInputTimesWPlusBAsStoredInTheFile() throws IOException, OrtException {
        Path file = dir.resolve("probe.onnx");
        LinearProbeModel.write(file, 5);
        ParsedModel parsed = OnnxFileReader.read(file);
        float[] w = parsed.initializer(LinearProbeModel.WEIGHT).floats();
        float[] b = parsed.initializer(LinearProbeModel.BIAS).floats();
        float[] first = pattern(0);
        float[] second = pattern(1);

        float[][] logits = run(file, concat(first, second), 2);

        assertThat(parsed.initializer(LinearProbeModel.WEIGHT).dims()).containsExactly((long) N, 2L);
        for (int row = 0; row < 2; row++) {
            float[] x = row == 0 ? first : second;
            for (int k = 0; k < 2; k++) {
                double expected = b[k];
                for (int i = 0; i < N; i++) {
                    expected += (double) x[i] * w[i * 2 + k];
                }
                // ORT sums 150528 float products in its own order; 1e-3 is far above that noise.
                assertThat((double) logits[row][k]).isCloseTo(expected, within(1e-3));
                assertThat(Math.abs(expected)).as("logits of order 1").isLessThan(10);
            }
        }
    }

    @Test
    void pythonReadsWAndBBackWithNumpyHelperAndGetsTheSameLogits() throws Exception {
        Path file = dir.resolve("probe.onnx");
        LinearProbeModel.write(file, 6);
        String script = String.join("\n",
                "import sys, numpy as np, onnx",
                "from onnx import numpy_helper",
                "m = onnx.load(sys.argv[1])",
                "t = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}",
                "W, b = t['W'], t['b']",
                "assert W.shape == (150528, 2) and W.dtype == np.float32 and b.shape == (2,), (W.shape, b.shape)",
                "i = np.arange(150528, dtype=np.int64)",
                "x = (((i * 7919) % 1000) / 400.0 - 1.25).astype(np.float32)",
                "print(' '.join(repr(float(v)) for v in (x.astype(np.float64) @ W.astype(np.float64) + b)))");

        Process python = new ProcessBuilder(PYTHON, "-c", script, file.toString()).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        double[] numpy = Arrays.stream(output.split(" ")).mapToDouble(Double::parseDouble).toArray();

        float[] ort = run(file, pattern(0), 1)[0];

        assertThat((double) ort[0]).isCloseTo(numpy[0], within(1e-3));
        assertThat((double) ort[1]).isCloseTo(numpy[1], within(1e-3));
    }

    @Test
    void theSameSeedWritesTheSameBytesAndTheFileIsMarkedAsNoTrainedModel() throws IOException {
        Path a = dir.resolve("a.onnx");
        Path b = dir.resolve("b.onnx");
        LinearProbeModel.write(a, 9);
        LinearProbeModel.write(b, 9);

        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        assertThat(OnnxFileReader.read(a).metadata()).containsEntry(StandInModels.STAND_IN_KEY, "true")
                .containsEntry(LinearProbeModel.TEST_MODEL_KEY, "linear_probe");
    }

    /** Values in the range of a normalized image, the same formula as the Python side's (shift 0). */
    private static float[] pattern(int shift) {
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) (((long) (i + shift * 13) * 7919 % 1000) / 400.0 - 1.25);
        }
        return x;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static float[][] run(Path model, float[] batch, int n) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(model.toString(), options);
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), new long[] {n, 3, 224, 224});
             OrtSession.Result result = session.run(Map.of("input", input))) {
            return (float[][]) result.get("output").orElseThrow().getValue();
        }
    }
}
