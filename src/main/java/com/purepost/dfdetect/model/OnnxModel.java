package com.purepost.dfdetect.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.purepost.dfdetect.model.standin.StandInModels;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * An open ONNX Runtime session on an image classifier: {@code [N,3,224,224]} float32 in, {@code [N,labels]}
 * logits out. Input and output names are read from the model. Owns the native session; thread-safe
 * for concurrent runs, as ONNX Runtime sessions are.
 */
public final class OnnxModel implements AutoCloseable {

    private static final long CHANNELS = 3;
    private static final long SIDE = 224;
    /** Elements in one image's tensor. */
    public static final int IMAGE_ELEMENTS = (int) (CHANNELS * SIDE * SIDE);

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final int classes;
    private final boolean standIn;

    private OnnxModel(OrtEnvironment environment, OrtSession session, String inputName, String outputName,
                      int classes, boolean standIn) {
        this.environment = environment;
        this.session = session;
        this.inputName = inputName;
        this.outputName = outputName;
        this.classes = classes;
        this.standIn = standIn;
    }

    /**
     * Opens {@code file} and checks that it is the classifier we expect: one image input of shape
     * [N,3,224,224] and one output of width {@code expectedClasses}. Anything else is refused here,
     * at open, rather than answered with wrong scores later.
     */
    public static OnnxModel open(Path file, int expectedClasses, int intraOpThreads) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            // Spinning threads steal the core from the next request's preprocessing, and were seen to
            // flip the quantized model into a slow mode for seconds at a time.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            session = environment.createSession(file.toString(), options);
            String input = onlyName(session.getInputInfo(), "input", file);
            String output = onlyName(session.getOutputInfo(), "output", file);
            checkShape(session.getInputInfo().get(input), new long[]{-1, CHANNELS, SIDE, SIDE}, "input", file);
            checkShape(session.getOutputInfo().get(output), new long[]{-1, expectedClasses}, "output", file);
            boolean standIn = "true".equals(session.getMetadata().getCustomMetadata().get(StandInModels.STAND_IN_KEY));
            return new OnnxModel(environment, session, input, output, expectedClasses, standIn);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelUnavailableException("ONNX Runtime cannot load " + file.getFileName() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /**
     * Runs {@code batch} images laid out one after another in {@code tensors} (each CHW) and returns
     * one row of logits per image.
     */
    public float[][] logits(FloatBuffer tensors, int batch) {
        if (tensors.remaining() != (long) batch * IMAGE_ELEMENTS) {
            throw new IllegalArgumentException("expected " + batch + " images of " + IMAGE_ELEMENTS
                    + " floats, got " + tensors.remaining() + " floats");
        }
        long[] shape = {batch, CHANNELS, SIDE, SIDE};
        try (OnnxTensor input = OnnxTensor.createTensor(environment, tensors, shape);
             OrtSession.Result result = session.run(Map.of(inputName, input))) {
            OnnxTensor output = (OnnxTensor) result.get(outputName)
                    .orElseThrow(() -> new IllegalStateException("the model returned no '" + outputName + "'"));
            return (float[][]) output.getValue();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        }
    }

    /** Logits of one image (a CHW tensor of {@link #IMAGE_ELEMENTS} floats). */
    public float[] logits(float[] tensor) {
        return logits(FloatBuffer.wrap(tensor), 1)[0];
    }

    public int classes() {
        return classes;
    }

    /** True when the file carries the stand-in marker in its metadata. */
    public boolean standIn() {
        return standIn;
    }

    public String inputName() {
        return inputName;
    }

    public String outputName() {
        return outputName;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static String onlyName(Map<String, NodeInfo> nodes, String role, Path file) {
        if (nodes.size() != 1) {
            throw new ModelUnavailableException(file.getFileName() + " has " + nodes.size() + " " + role
                    + "s " + nodes.keySet() + "; an image classifier with exactly one " + role + " is expected");
        }
        return nodes.keySet().iterator().next();
    }

    private static void checkShape(NodeInfo node, long[] expected, String role, Path file) {
        if (!(node.getInfo() instanceof TensorInfo info) || info.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            throw new ModelUnavailableException(file.getFileName() + ": the " + role + " '" + node.getName()
                    + "' is not a float32 tensor (" + node.getInfo() + ")");
        }
        long[] shape = info.getShape();
        boolean matches = shape.length == expected.length;
        for (int i = 0; matches && i < shape.length; i++) {
            // -1 (dynamic) in the file is accepted anywhere; a fixed size must be the one we feed.
            matches = shape[i] < 0 || expected[i] < 0 || shape[i] == expected[i];
        }
        if (!matches) {
            throw new ModelUnavailableException(file.getFileName() + ": the " + role + " '" + node.getName()
                    + "' has shape " + java.util.Arrays.toString(shape) + ", expected "
                    + java.util.Arrays.toString(expected).replace("-1", "N"));
        }
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // Nothing more can be done for a session that fails to close.
            }
        }
    }
}
