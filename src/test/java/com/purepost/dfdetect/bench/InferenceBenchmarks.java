package com.purepost.dfdetect.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.purepost.dfdetect.image.ImagePreprocessor;
import com.purepost.dfdetect.model.OnnxModel;
import com.purepost.dfdetect.model.standin.StandInModels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * JMH: one model run on a batch of ready tensors, for each stand-in (quantized {@code ResNet18.onnx},
 * fp32 {@code ResNet18_unoptimized.onnx}), batch size and intra-op thread count. {@code ours} is
 * the service's own call, {@link OnnxModel#logits}, from the heap array the preprocessing gives;
 * {@code bare} is ONNX Runtime alone, the same session options, an input tensor made once and
 * reused: the floor of model time, which ours is compared with. Scores are per run, not per image.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InferenceBenchmarks {

    /** What both benchmarks run on. */
    @State(Scope.Benchmark)
    public static class Batch {
        @Param({"QUANTIZED", "FP32"})
        public StandInModels.Variant model;
        @Param({"1", "4", "8"})
        public int batch;
        @Param({"1", "2"})
        public int threads;

        /** {@code batch} copies of the 1080p image's tensor, one after another. */
        float[] tensors;

        @Setup
        public void prepare() {
            ImagePreprocessor preprocessor = new ImagePreprocessor(ImagePreprocessor.PILLOW_PIXEL_LIMIT);
            float[] one = preprocessor.toTensor(BenchImages.bytes(BenchImages.JPEG_1080P));
            tensors = new float[batch * one.length];
            for (int i = 0; i < batch; i++) {
                System.arraycopy(one, 0, tensors, i * one.length, one.length);
            }
        }
    }

    /** The service's model wrapper. */
    @State(Scope.Benchmark)
    public static class Ours {
        OnnxModel model;

        @Setup
        public void open(Batch batch) {
            model = OnnxModel.open(BenchModels.file(batch.model), 2, batch.threads);
        }

        @TearDown
        public void close() {
            model.close();
        }
    }

    /** ONNX Runtime with nothing of ours in between. */
    @State(Scope.Benchmark)
    public static class Bare {
        OrtSession session;
        OnnxTensor input;
        Map<String, OnnxTensor> inputs;

        @Setup
        public void open(Batch batch) throws OrtException {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                // The options OnnxModel sets, so that only what lies around the run differs
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                options.setIntraOpNumThreads(batch.threads);
                options.setInterOpNumThreads(1);
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                session = environment.createSession(BenchModels.file(batch.model).toString(), options);
            }
            FloatBuffer direct = ByteBuffer.allocateDirect(batch.tensors.length * Float.BYTES)
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            direct.put(batch.tensors).rewind();
            input = OnnxTensor.createTensor(environment, direct, new long[]{batch.batch, 3, 224, 224});
            inputs = Map.of(session.getInputNames().iterator().next(), input);
        }

        @TearDown
        public void close() throws OrtException {
            input.close();
            session.close();
        }
    }

    @Benchmark
    public float[][] ours(Batch batch, Ours ours) {
        return ours.model.logits(FloatBuffer.wrap(batch.tensors), batch.batch);
    }

    @Benchmark
    public Object bare(Bare bare) throws OrtException {
        try (OrtSession.Result result = bare.session.run(bare.inputs)) {
            return result.get(0);
        }
    }
}
