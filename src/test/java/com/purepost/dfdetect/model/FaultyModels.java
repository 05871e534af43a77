package com.purepost.dfdetect.model;

import com.purepost.dfdetect.model.standin.Onnx.DataType;
import com.purepost.dfdetect.model.standin.Onnx.Dim;
import com.purepost.dfdetect.model.standin.Onnx.Graph;
import com.purepost.dfdetect.model.standin.Onnx.IntAttribute;
import com.purepost.dfdetect.model.standin.Onnx.IntsAttribute;
import com.purepost.dfdetect.model.standin.Onnx.Model;
import com.purepost.dfdetect.model.standin.Onnx.Node;
import com.purepost.dfdetect.model.standin.Onnx.OpsetId;
import com.purepost.dfdetect.model.standin.Onnx.Tensor;
import com.purepost.dfdetect.model.standin.Onnx.ValueInfo;
import com.purepost.dfdetect.model.standin.OnnxProtoWriter;
import com.purepost.dfdetect.model.standin.StandInModels;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Small ONNX models that are wrong in one way each, as an operator might drop into {@code model/}: an
 * image input of another shape, an output of another width, a graph ONNX Runtime cannot load, or an
 * output that is not what the file declares. Each computes {@code ReduceMean} over the image's
 * height and width, then a {@code MatMul} to the output width, so that it runs in milliseconds.
 */
public final class FaultyModels {

    /** One faulty model: what is wrong, and how to write it. */
    public enum Fault {
        /** Input [N,3,256,256]: another network's resolution. */
        INPUT_OF_ANOTHER_SIZE(List.of(batch(), Dim.of(3), Dim.of(256), Dim.of(256)), 2, outputOf(2), "Mul"),
        /** Input [N,224,224,3]: channels last, as TensorFlow exports. */
        INPUT_CHANNELS_LAST(List.of(batch(), Dim.of(224), Dim.of(224), Dim.of(3)), 2, outputOf(2), "Mul"),
        /** Output [N,3] for the two labels of labels.txt. */
        THREE_OUTPUTS_FOR_TWO_LABELS(imageInput(), 3, outputOf(3), "Mul"),
        /** Declares [N,classes], a width ONNX Runtime learns only when it runs: it computes 3 for two labels. */
        UNDECLARED_OUTPUT_WIDTH_OF_THREE(imageInput(), 3, List.of(batch(), Dim.param("classes")), "Mul"),
        /** Declares [N,2] and computes [N,3]: only running it shows. */
        OUTPUT_WIDER_THAN_DECLARED(imageInput(), 3, outputOf(2), "Mul"),
        /**
         * Declares [N,2]; its width comes from a Slice whose end is computed from the pixels, so that
         * ONNX Runtime cannot infer it either: only running it shows three outputs.
         */
        WIDTH_KNOWN_ONLY_WHEN_RUN(imageInput(), 3, outputOf(2), "Mul"),
        /** The file checks out, but uses an operator ONNX Runtime does not have. */
        UNKNOWN_OPERATOR(imageInput(), 2, outputOf(2), "NoSuchOperatorInOnnx");

        private final List<Dim> input;
        private final int computedWidth;
        private final List<Dim> declaredOutput;
        private final String scaleOperator;

        Fault(List<Dim> input, int computedWidth, List<Dim> declaredOutput, String scaleOperator) {
            this.input = input;
            this.computedWidth = computedWidth;
            this.declaredOutput = declaredOutput;
            this.scaleOperator = scaleOperator;
        }
    }

    private FaultyModels() {
    }

    /** Writes the model with {@code fault} to {@code file}. */
    public static void write(Fault fault, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            OnnxProtoWriter.write(model(fault), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first half of a good model file, as an interrupted copy leaves it. */
    public static void writeTruncatedStandIn(Path file) {
        try {
            Path whole = Files.createTempFile(file.toAbsolutePath().getParent(), "whole", ".part");
            StandInModels.write(StandInModels.Variant.QUANTIZED, whole, StandInModels.DEFAULT_SEED);
            byte[] bytes = Files.readAllBytes(whole);
            Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
            Files.delete(whole);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Model model(Fault fault) {
        boolean channelsFirst = fault.input.get(1).value() == 3;
        long channels = 3;
        long[] spatialAxes = channelsFirst ? new long[] {2, 3} : new long[] {1, 2};
        float[] weights = new float[(int) channels * fault.computedWidth];
        Arrays.fill(weights, 0.5f);
        List<Node> nodes = new ArrayList<>(List.of(
                new Node("ReduceMean", "/pool", List.of("input"), List.of("pooled"),
                        List.of(new IntsAttribute("axes", spatialAxes), new IntAttribute("keepdims", 0))),
                new Node("MatMul", "/fc", List.of("pooled", "W"), List.of("product"))));
        List<Tensor> initializers = new ArrayList<>(List.of(
                Tensor.ofFloats("W", new long[] {channels, fault.computedWidth}, weights), Tensor.scalarFloat("two", 2f)));
        if (fault == Fault.WIDTH_KNOWN_ONLY_WHEN_RUN) {
            // end = [int64(max(input) + 3)]: at least 3, so the slice keeps all three columns.
            nodes.add(new Node("ReduceMax", "/max", List.of("input"), List.of("peak"), List.of(new IntAttribute("keepdims", 0))));
            nodes.add(new Node("Add", "/plus", List.of("peak", "three"), List.of("raised")));
            nodes.add(new Node("Cast", "/cast", List.of("raised"), List.of("end"), List.of(new IntAttribute("to", DataType.INT64.code()))));
            nodes.add(new Node("Unsqueeze", "/as_list", List.of("end", "zero"), List.of("ends")));
            nodes.add(new Node("Slice", "/slice", List.of("product", "zeros", "ends", "one"), List.of("kept")));
            nodes.add(new Node(fault.scaleOperator, "/scale", List.of("kept", "two"), List.of("output")));
            initializers.add(Tensor.scalarFloat("three", 3f));
            initializers.add(Tensor.ofInt64s("zero", new long[] {1}, new long[] {0}));
            initializers.add(Tensor.ofInt64s("zeros", new long[] {1}, new long[] {0}));
            initializers.add(Tensor.ofInt64s("one", new long[] {1}, new long[] {1}));
        } else {
            nodes.add(new Node(fault.scaleOperator, "/scale", List.of("product", "two"), List.of("output")));
        }
        Graph graph = new Graph("faulty_" + fault.name().toLowerCase(java.util.Locale.ROOT), nodes, initializers,
                List.of(new ValueInfo("input", DataType.FLOAT, fault.input)),
                List.of(new ValueInfo("output", DataType.FLOAT, fault.declaredOutput)));
        return new Model(8, List.of(new OpsetId("", 17)), "dfdetect-test-faulty-model", "1",
                "TEST MODEL with a fault: " + fault, graph, Map.of());
    }

    private static Dim batch() {
        return Dim.param("batch_size");
    }

    private static List<Dim> imageInput() {
        return List.of(batch(), Dim.of(3), Dim.of(224), Dim.of(224));
    }

    private static List<Dim> outputOf(int width) {
        return List.of(batch(), Dim.of(width));
    }
}
