package com.purepost.dfdetect.model;

import com.purepost.dfdetect.model.standin.Onnx.DataType;
import com.purepost.dfdetect.model.standin.Onnx.Dim;
import com.purepost.dfdetect.model.standin.Onnx.Graph;
import com.purepost.dfdetect.model.standin.Onnx.IntAttribute;
import com.purepost.dfdetect.model.standin.Onnx.Model;
import com.purepost.dfdetect.model.standin.Onnx.Node;
import com.purepost.dfdetect.model.standin.Onnx.OpsetId;
import com.purepost.dfdetect.model.standin.Onnx.Tensor;
import com.purepost.dfdetect.model.standin.Onnx.ValueInfo;
import com.purepost.dfdetect.model.standin.OnnxProtoWriter;
import com.purepost.dfdetect.model.standin.SeededWeights;
import com.purepost.dfdetect.model.standin.StandInModels;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-support model whose logits are a fixed linear function of the input, so that a test can compute the
 * expected probabilities outside ONNX Runtime (numpy on Pillow's tensor, say) and compare:
 * {@code input [N,3,224,224] -> Flatten -> MatMul W [150528,2] -> Add b [2] -> output [N,2]}.
 *
 * <p>W and b are initializers named {@value #WEIGHT} and {@value #BIAS}; Python reads them back with
 * {@code onnx.numpy_helper.to_array}. W is drawn with a standard deviation of 1/sqrt(150528), so that an
 * image normalized to values of order 1 gets logits of order 1: softmax away from 0 and 1, where
 * differences show. The file carries the stand-in mark too, for it is no trained model.
 */
public final class LinearProbeModel {

    public static final String WEIGHT = "W";
    public static final String BIAS = "b";
    public static final int FEATURES = 3 * 224 * 224;
    public static final int CLASSES = 2;
    /** Metadata key naming this test model, so it is never mistaken for a ResNet stand-in. */
    public static final String TEST_MODEL_KEY = "dfdetect.test_model";
    private static final float BIAS_BOUND = 0.1f;

    private LinearProbeModel() {
    }

    /** Writes the model (creating parent directories); the same seed gives the same bytes. */
    public static void write(Path file, long seed) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (OutputStream out = Files.newOutputStream(file)) {
            OnnxProtoWriter.write(model(seed), out);
        }
    }

    private static Model model(long seed) {
        SeededWeights weights = new SeededWeights(seed);
        Tensor w = Tensor.ofFloats(WEIGHT, new long[] {FEATURES, CLASSES},
                weights.uniformWithStd(FEATURES * CLASSES, 1 / Math.sqrt(FEATURES)));
        Tensor b = Tensor.ofFloats(BIAS, new long[] {CLASSES}, weights.uniform(CLASSES, BIAS_BOUND));
        List<Node> nodes = List.of(
                new Node("Flatten", "/Flatten", List.of("input"), List.of("flat"), List.of(new IntAttribute("axis", 1))),
                new Node("MatMul", "/MatMul", List.of("flat", WEIGHT), List.of("product")),
                new Node("Add", "/Add", List.of("product", BIAS), List.of("output")));
        Graph graph = new Graph("linear_probe", nodes, List.of(w, b),
                List.of(new ValueInfo("input", DataType.FLOAT,
                        List.of(Dim.param("batch_size"), Dim.of(3), Dim.of(224), Dim.of(224)))),
                List.of(new ValueInfo("output", DataType.FLOAT, List.of(Dim.param("batch_size"), Dim.of(CLASSES)))));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(StandInModels.STAND_IN_KEY, "true");
        metadata.put(StandInModels.SEED_KEY, Long.toString(seed));
        metadata.put(TEST_MODEL_KEY, "linear_probe");
        return new Model(8, List.of(new OpsetId("", 17)), "dfdetect-test-linear-probe", "1",
                "TEST MODEL: output = flatten(input) @ W + b with seeded random W, b (seed " + seed + ").",
                graph, metadata);
    }
}
