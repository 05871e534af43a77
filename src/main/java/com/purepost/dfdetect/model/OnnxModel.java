package com.purepost.dfdetect.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An open ONNX Runtime session on an image classifier: {@code [N,3,224,224]} float32 in, {@code [N,labels]}
 * logits out. Input and output names are read from the model, never assumed. Owns the native session; thread-safe
 * for concurrent runs, as ONNX Runtime sessions are.
 */
public final class OnnxModel implements AutoCloseable {

    private static final long CHANNELS = ClassifierSignature.CHANNELS;
    private static final long SIDE = ClassifierSignature.SIDE;
    /** Elements in one image's tensor. */
    public static final int IMAGE_ELEMENTS = (int) (CHANNELS * SIDE * SIDE);

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final int classes;
    private final String fileName;

    private OnnxModel(OrtEnvironment environment, OrtSession session, String inputName, String outputName,
                      int classes, String fileName) {
        this.environment = environment;
        this.session = session;
        this.inputName = inputName;
        this.outputName = outputName;
        this.classes = classes;
        this.fileName = fileName;
    }

    /**
     * Runs the model once on an all-zero image and checks what comes back: the declared shapes passed,
     * but a width computed at run time, or a graph that fails when run, shows only here. Found at
     * session open, the fault is reported by {@code /health} rather than by each request.
     */
    private void checkOnABlankImage() {
        float[] logits;
        try {
            logits = logits(new float[IMAGE_ELEMENTS]);
        } catch (IllegalStateException e) {
            throw new ModelUnavailableException(fileName + " fails when run: " + e.getMessage(), e);
        }
        for (float logit : logits) {
            if (!Float.isFinite(logit)) {
                throw new ModelUnavailableException(fileName + " gives " + logit + " on a blank image; its scores "
                        + "would mean nothing");
            }
        }
    }

    /** Opens {@code file} (read once, whole) as {@link #open(byte[], String, int, int)} does. */
    public static OnnxModel open(Path file, int expectedClasses, int intraOpThreads) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelUnavailableException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
        return open(bytes, file.getFileName().toString(), expectedClasses, intraOpThreads);
    }

    /**
     * Opens the model held in {@code bytes} (the content of the file {@code fileName}) and checks that it is
     * the classifier we expect: one image input of shape [N,3,224,224] and one output of width
     * {@code expectedClasses}. Anything else is refused here, at open, rather than answered with wrong
     * scores later. ONNX Runtime copies the bytes; the array may be dropped once this returns.
     */
    public static OnnxModel open(byte[] bytes, String fileName, int expectedClasses, int intraOpThreads) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            // Spinning threads steal the core from the next request's preprocessing, and were seen to
            // flip the quantized model into a slow mode for seconds at a time.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            session = environment.createSession(bytes, options);
            ClassifierSignature.verify(fileName, ports(session.getInputInfo()), ports(session.getOutputInfo()),
                    expectedClasses);
            String input = session.getInputNames().iterator().next();
            String output = session.getOutputNames().iterator().next();
            OnnxModel model = new OnnxModel(environment, session, input, output, expectedClasses, fileName);
            model.checkOnABlankImage();
            return model;
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelUnavailableException("ONNX Runtime cannot load " + fileName + ": " + e.getMessage(), e);
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
            long[] computed = output.getInfo().getShape();
            if (computed.length != 2 || computed[0] != batch || computed[1] != classes) {
                // Declared [N,classes], it computed something else: no score could be trusted.
                throw new ModelUnavailableException(fileName + " gives outputs of shape " + Arrays.toString(computed)
                        + " for " + batch + " image(s), not [" + batch + "," + classes + "] (one per label in labels.txt)");
            }
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

    private static List<OnnxFileInspector.Port> ports(Map<String, NodeInfo> nodes) {
        return nodes.values().stream().map(node -> {
            if (node.getInfo() instanceof TensorInfo info) {
                int type = info.type == OnnxJavaType.FLOAT ? OnnxFileInspector.FLOAT : -info.type.ordinal() - 1;
                return new OnnxFileInspector.Port(node.getName(), type, Arrays.stream(info.getShape()).boxed().toList());
            }
            return new OnnxFileInspector.Port(node.getName(), 0, List.of());
        }).toList();
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
