package com.purepost.dfdetect.model.standin;

import com.purepost.dfdetect.model.standin.Onnx.Attribute;
import com.purepost.dfdetect.model.standin.Onnx.DataType;
import com.purepost.dfdetect.model.standin.Onnx.FloatAttribute;
import com.purepost.dfdetect.model.standin.Onnx.Graph;
import com.purepost.dfdetect.model.standin.Onnx.IntAttribute;
import com.purepost.dfdetect.model.standin.Onnx.Node;
import com.purepost.dfdetect.model.standin.Onnx.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a float graph the way ONNX Runtime's Python {@code quantize_dynamic} does with
 * {@code weight_type=QUInt8}, per tensor, no {@code reduce_range} (its defaults otherwise), so that a
 * stand-in has the node structure, and so the speed, of the real quantized file.
 *
 * <p>What that tool does, and so what this does:
 * <ul>
 *   <li>Before anything else, a Gemm with alpha = beta = 1 and no transA becomes MatMul (+ Add for the
 *       bias); a constant B stored transposed ({@code transB=1}, as torch writes Linear) is transposed in
 *       place. Gemm itself is not in its integer-ops registry, but this rewrite hands it a MatMul.</li>
 *   <li>Only Conv and MatMul are quantized (its registry also lists Attention, LSTM, Gather, Transpose and
 *       EmbedLayerNormalization, none of which a ResNet has). Relu, MaxPool, Add, pooling, Flatten stay
 *       float; no DequantizeLinear is needed because every quantized op ends in float again.</li>
 *   <li>A Conv becomes: DynamicQuantizeLinear on the activation (one per distinct activation, shared by
 *       every Conv reading it, as the block input is by conv1 and the downsample), ConvInteger with the
 *       uint8 weight and both zero points, Cast to float, Mul by (activation scale x weight scale), then
 *       the float bias, Reshape'd to [1, C, 1, 1], added. The bias is not quantized.</li>
 *   <li>A MatMul with a constant B becomes DynamicQuantizeLinear, MatMulInteger, Cast, the same two Muls.</li>
 *   <li>Weights are quantized per tensor as {@link UInt8Quantization} describes; the float originals are
 *       dropped once nothing reads them.</li>
 * </ul>
 * Names follow the tool's ({@code <weight>_quantized}, {@code <activation>_QuantizeLinear}, {@code
 * <node>_quant}, ...), so a reader comparing with a real file finds the same graph. Two differences that do
 * not change what ORT runs: nodes stay in the order they are made (the tool re-sorts them topologically
 * when saving) and no {@code value_info} from shape inference is kept.
 */
final class DynamicQuantizer {

    private static final String QUANTIZED = "_quantized";
    private static final String SCALE = "_scale";
    private static final String ZERO_POINT = "_zero_point";

    private final Map<String, Tensor> initializers = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    /** Activations already quantized: their DynamicQuantizeLinear is made once and shared. */
    private final Map<String, QuantizedName> quantizedActivations = new HashMap<>();
    private final Map<String, QuantizedName> quantizedWeights = new HashMap<>();

    /** Where a quantized value and its scale and zero point live in the graph. */
    private record QuantizedName(String values, String scale, String zeroPoint) {
    }

    private DynamicQuantizer(Graph graph) {
        for (Tensor tensor : graph.initializers()) {
            initializers.put(tensor.name(), tensor);
        }
    }

    static Graph quantize(Graph graph) {
        return new DynamicQuantizer(graph).rewrite(graph);
    }

    private Graph rewrite(Graph graph) {
        for (Node node : replaceGemmWithMatMul(graph.nodes())) {
            if (node.opType().equals("Conv")) {
                quantizeConv(node);
            } else if (node.opType().equals("MatMul") && initializers.containsKey(node.inputs().get(1))) {
                quantizeMatMul(node);
            } else {
                nodes.add(node);
            }
        }
        return new Graph(graph.name(), nodes, usedInitializers(), graph.inputs(), graph.outputs());
    }

    private List<Node> replaceGemmWithMatMul(List<Node> original) {
        List<Node> rewritten = new ArrayList<>();
        for (Node node : original) {
            if (!node.opType().equals("Gemm") || floatAttribute(node, "alpha", 1f) != 1f
                    || floatAttribute(node, "beta", 1f) != 1f || intAttribute(node, "transA", 0) != 0) {
                rewritten.add(node);
                continue;
            }
            String b = node.inputs().get(1);
            if (intAttribute(node, "transB", 0) == 1) {
                Tensor weight = initializers.get(b);
                if (weight != null) {
                    initializers.put(b, transpose(weight));
                } else {
                    String transposed = b + "_Transposed";
                    rewritten.add(new Node("Transpose", suffixed(node.name(), "_Transpose"), List.of(b),
                            List.of(transposed)));
                    b = transposed;
                }
            }
            String output = node.outputs().get(0);
            boolean hasBias = node.inputs().size() > 2;
            String product = hasBias ? output + "_MatMul" : output;
            rewritten.add(new Node("MatMul", suffixed(node.name(), "_MatMul"), List.of(node.inputs().get(0), b),
                    List.of(product)));
            if (hasBias) {
                rewritten.add(new Node("Add", suffixed(node.name(), "_Add"), List.of(product, node.inputs().get(2)),
                        List.of(output)));
            }
        }
        return rewritten;
    }

    private void quantizeConv(Node conv) {
        QuantizedName x = quantizeActivation(conv.inputs().get(0));
        QuantizedName w = quantizeWeight(conv.inputs().get(1));
        String output = conv.outputs().get(0);
        String name = suffixed(conv.name(), "_quant");
        boolean hasBias = conv.inputs().size() > 2;
        String scaled = hasBias ? output + "quant_scaled_output" : output;
        String integerOutput = output + "_output_quantized";
        nodes.add(new Node("ConvInteger", name, List.of(x.values(), w.values(), x.zeroPoint(), w.zeroPoint()),
                List.of(integerOutput), conv.attributes()));
        rescale(name, integerOutput, x, w, scaled);
        if (hasBias) {
            addBias(conv, scaled);
        }
    }

    private void quantizeMatMul(Node matMul) {
        QuantizedName a = quantizeActivation(matMul.inputs().get(0));
        QuantizedName b = quantizeWeight(matMul.inputs().get(1));
        String name = suffixed(matMul.name(), "_quant");
        String integerOutput = matMul.outputs().get(0) + "_output_quantized";
        nodes.add(new Node("MatMulInteger", name, List.of(a.values(), b.values(), a.zeroPoint(), b.zeroPoint()),
                List.of(integerOutput)));
        rescale(name, integerOutput, a, b, matMul.outputs().get(0));
    }

    /** int32 accumulator to float: Cast, then Mul by the product of the two scales. */
    private void rescale(String name, String integerOutput, QuantizedName activation, QuantizedName weight,
                         String output) {
        String cast = integerOutput + "_cast_output";
        nodes.add(new Node("Cast", integerOutput + "_cast", List.of(integerOutput), List.of(cast),
                List.of(new IntAttribute("to", DataType.FLOAT.code()))));
        String scalesMul = name.isEmpty() ? activation.scale() + "_" + weight.scale() + "_mul" : name + "_scales_mul";
        String scales = scalesMul + ":0";
        nodes.add(new Node("Mul", scalesMul, List.of(activation.scale(), weight.scale()), List.of(scales)));
        nodes.add(new Node("Mul", suffixed(name, "_output_scale_mul"), List.of(cast, scales), List.of(output)));
    }

    /** The float bias, reshaped to broadcast over [N, C, H, W], added to the rescaled output. */
    private void addBias(Node conv, String scaled) {
        String output = conv.outputs().get(0);
        int weightRank = initializers.get(conv.inputs().get(1)).dims().length;
        long[] shape = new long[weightRank];
        Arrays.fill(shape, 1);
        shape[1] = -1;
        String shapeName = output + "_bias_reshape_shape";
        initializers.put(shapeName, Tensor.ofInt64s(shapeName, new long[] {weightRank}, shape));
        String reshaped = output + "_bias_reshape_output";
        // The tool gives this Reshape no name.
        nodes.add(new Node("Reshape", "", List.of(conv.inputs().get(2), shapeName), List.of(reshaped)));
        nodes.add(new Node("Add", output + "_bias_add", List.of(scaled, reshaped), List.of(output)));
    }

    private QuantizedName quantizeActivation(String activation) {
        return quantizedActivations.computeIfAbsent(activation, name -> {
            QuantizedName quantized = new QuantizedName(name + QUANTIZED, name + SCALE, name + ZERO_POINT);
            nodes.add(new Node("DynamicQuantizeLinear", name + "_QuantizeLinear", List.of(name),
                    List.of(quantized.values(), quantized.scale(), quantized.zeroPoint())));
            return quantized;
        });
    }

    private QuantizedName quantizeWeight(String weightName) {
        Tensor weight = initializers.get(weightName);
        if (weight == null || weight.type() != DataType.FLOAT) {
            throw new IllegalArgumentException("expected a float initializer as weight, got " + weightName);
        }
        return quantizedWeights.computeIfAbsent(weightName, name -> {
            UInt8Quantization.Quantized q = UInt8Quantization.quantize(weight.floats());
            QuantizedName quantized = new QuantizedName(name + QUANTIZED, name + SCALE, name + ZERO_POINT);
            initializers.put(quantized.scale(), Tensor.scalarFloat(quantized.scale(), q.scale()));
            initializers.put(quantized.zeroPoint(), Tensor.scalarUInt8(quantized.zeroPoint(), q.zeroPoint()));
            initializers.put(quantized.values(), new Tensor(quantized.values(), DataType.UINT8, weight.dims(),
                    q.values()));
            return quantized;
        });
    }

    /** The initializers some node still reads, in the order they were first made. */
    private List<Tensor> usedInitializers() {
        Set<String> read = new HashSet<>();
        for (Node node : nodes) {
            read.addAll(node.inputs());
        }
        List<Tensor> used = new ArrayList<>();
        for (Tensor tensor : initializers.values()) {
            if (read.contains(tensor.name())) {
                used.add(tensor);
            }
        }
        return used;
    }

    private static Tensor transpose(Tensor matrix) {
        if (matrix.dims().length != 2) {
            throw new IllegalArgumentException("expected a matrix, got " + matrix.name());
        }
        int rows = Math.toIntExact(matrix.dims()[0]);
        int columns = Math.toIntExact(matrix.dims()[1]);
        float[] values = matrix.floats();
        float[] transposed = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                transposed[c * rows + r] = values[r * columns + c];
            }
        }
        return Tensor.ofFloats(matrix.name(), new long[] {columns, rows}, transposed);
    }

    /** The tool appends to a node's name only when it has one; unnamed nodes stay unnamed. */
    private static String suffixed(String name, String suffix) {
        return name.isEmpty() ? "" : name + suffix;
    }

    private static float floatAttribute(Node node, String name, float absent) {
        Attribute attribute = node.attribute(name);
        return attribute instanceof FloatAttribute f ? f.value() : absent;
    }

    private static long intAttribute(Node node, String name, long absent) {
        Attribute attribute = node.attribute(name);
        return attribute instanceof IntAttribute i ? i.value() : absent;
    }
}
