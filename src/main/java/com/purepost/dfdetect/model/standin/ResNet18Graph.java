package com.purepost.dfdetect.model.standin;

import com.purepost.dfdetect.model.standin.Onnx.Attribute;
import com.purepost.dfdetect.model.standin.Onnx.DataType;
import com.purepost.dfdetect.model.standin.Onnx.Dim;
import com.purepost.dfdetect.model.standin.Onnx.FloatAttribute;
import com.purepost.dfdetect.model.standin.Onnx.Graph;
import com.purepost.dfdetect.model.standin.Onnx.IntAttribute;
import com.purepost.dfdetect.model.standin.Onnx.IntsAttribute;
import com.purepost.dfdetect.model.standin.Onnx.Node;
import com.purepost.dfdetect.model.standin.Onnx.Tensor;
import com.purepost.dfdetect.model.standin.Onnx.ValueInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * The float graph that {@code torch.onnx.export} (opset 17, constant folding, eval mode) writes for
 * torchvision's ResNet18 whose {@code fc} is Dropout(0.5) then Linear(512, 2), filled with seeded random
 * weights.
 *
 * <p>In eval mode the exporter folds every BatchNorm into the Conv before it (so each Conv has a bias) and
 * drops the Dropout. What is left: Conv 7x7/2 + Relu, MaxPool 3x3/2, four stages of two BasicBlocks (two
 * 3x3 Convs, a 1x1 stride-2 downsample Conv on the first block of stages 2 to 4, Add, Relu),
 * GlobalAveragePool, Flatten, Gemm. Node and tensor names follow the exporter's scheme
 * ({@code /layer1/layer1.0/conv1/Conv}, {@code ..._output_0}); folded weights get readable names where
 * the exporter would write {@code onnx::Conv_NNN}.
 *
 * <p>Weights are uniform, scaled so that a normalized image's activations keep their size through the
 * network: a Conv feeding a Relu gets He's variance 2 / fan-in, the downsample 1 / fan-in, and a block's
 * residual branch a quarter of that, so that shortcut plus branch does not grow block after block. The head
 * is PyTorch's own Linear initialisation, which on such features gives logits of order 1: probabilities
 * neither 0 nor 1, for photos and for noise alike.
 */
final class ResNet18Graph {

    static final String INPUT = "input";
    static final String OUTPUT = "output";
    static final String BATCH = "batch_size";
    static final int CHANNELS = 3;
    static final int SIZE = 224;
    static final int CLASSES = 2;

    private static final int[] STAGE_WIDTHS = {64, 128, 256, 512};
    private static final int BLOCKS_PER_STAGE = 2;
    /** He's gain, for a Conv whose output goes through a Relu, which keeps half the signal. */
    private static final double RELU_GAIN = Math.sqrt(2);
    /** For the downsample, whose output is the shortcut of a sum: variance kept as it is. */
    private static final double SHORTCUT_GAIN = 1;
    /**
     * For a block's second Conv, the residual branch: with gain 1 the shortcut plus branch grew the
     * activations about 4x over the eight blocks and pushed the logits to 1e-3 probabilities; at 0.5 their
     * size stays within about 20% from the stem to the last block.
     */
    private static final double BRANCH_GAIN = 0.5;
    /** Folded BatchNorm biases are small next to the activations; these only make the biases non-zero. */
    private static final float CONV_BIAS_BOUND = 0.05f;

    private final SeededWeights weights;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Tensor> initializers = new ArrayList<>();

    private ResNet18Graph(SeededWeights weights) {
        this.weights = weights;
    }

    /** Builds the graph, drawing every weight from the given stream in a fixed order. */
    static Graph build(SeededWeights weights) {
        return new ResNet18Graph(weights).build();
    }

    private Graph build() {
        String x = conv("/conv1", "conv1", INPUT, CHANNELS, 64, 7, 2, 3, RELU_GAIN);
        x = relu("/relu", x);
        x = node("MaxPool", "/maxpool", List.of(x),
                new IntAttribute("ceil_mode", 0),
                IntsAttribute.of("kernel_shape", 3, 3),
                IntsAttribute.of("pads", 1, 1, 1, 1),
                IntsAttribute.of("strides", 2, 2));
        int channels = 64;
        for (int stage = 0; stage < STAGE_WIDTHS.length; stage++) {
            int width = STAGE_WIDTHS[stage];
            for (int block = 0; block < BLOCKS_PER_STAGE; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                x = basicBlock("layer" + (stage + 1), block, x, channels, width, stride);
                channels = width;
            }
        }
        x = node("GlobalAveragePool", "/avgpool", List.of(x));
        x = node("Flatten", "", List.of(x), new IntAttribute("axis", 1));
        gemmHead(x, channels);
        return new Graph("main_graph", nodes, initializers,
                List.of(new ValueInfo(INPUT, DataType.FLOAT,
                        List.of(Dim.param(BATCH), Dim.of(CHANNELS), Dim.of(SIZE), Dim.of(SIZE)))),
                List.of(new ValueInfo(OUTPUT, DataType.FLOAT, List.of(Dim.param(BATCH), Dim.of(CLASSES)))));
    }

    private String basicBlock(String layer, int index, String input, int in, int out, int stride) {
        String scope = "/" + layer + "/" + layer + "." + index;
        String module = layer + "." + index;
        String y = conv(scope + "/conv1", module + ".conv1", input, in, out, 3, stride, 1, RELU_GAIN);
        y = relu(scope + "/relu", y);
        y = conv(scope + "/conv2", module + ".conv2", y, out, out, 3, 1, 1, BRANCH_GAIN);
        String shortcut = input;
        if (stride != 1 || in != out) {
            shortcut = conv(scope + "/downsample/downsample.0", module + ".downsample.0", input, in, out, 1,
                    stride, 0, SHORTCUT_GAIN);
        }
        String sum = node("Add", scope, List.of(y, shortcut));
        return relu(scope + "/relu_1", sum);
    }

    private String conv(String scope, String module, String input, int in, int out, int kernel, int stride,
                        int pad, double gain) {
        int fanIn = in * kernel * kernel;
        String weight = module + ".weight";
        String bias = module + ".bias";
        initializers.add(Tensor.ofFloats(weight, new long[] {out, in, kernel, kernel},
                weights.uniformWithStd(out * fanIn, gain / Math.sqrt(fanIn))));
        initializers.add(Tensor.ofFloats(bias, new long[] {out}, weights.uniform(out, CONV_BIAS_BOUND)));
        return node("Conv", scope, List.of(input, weight, bias),
                IntsAttribute.of("dilations", 1, 1),
                new IntAttribute("group", 1),
                IntsAttribute.of("kernel_shape", kernel, kernel),
                IntsAttribute.of("pads", pad, pad, pad, pad),
                IntsAttribute.of("strides", stride, stride));
    }

    private void gemmHead(String features, int in) {
        // torch.nn.Linear's default: weight and bias uniform in +-1/sqrt(fan_in); stored [out, in], hence transB.
        float bound = (float) (1 / Math.sqrt(in));
        initializers.add(Tensor.ofFloats("fc.1.weight", new long[] {CLASSES, in},
                weights.uniform(CLASSES * in, bound)));
        initializers.add(Tensor.ofFloats("fc.1.bias", new long[] {CLASSES}, weights.uniform(CLASSES, bound)));
        nodes.add(new Node("Gemm", "/fc/fc.1/Gemm", List.of(features, "fc.1.weight", "fc.1.bias"),
                List.of(OUTPUT),
                List.of(new FloatAttribute("alpha", 1f), new FloatAttribute("beta", 1f),
                        new IntAttribute("transB", 1))));
    }

    private String relu(String scope, String input) {
        return node("Relu", scope, List.of(input));
    }

    /** Adds a node named as the exporter names it, {@code <scope>/<OpType>}, and returns its output. */
    private String node(String opType, String scope, List<String> inputs, Attribute... attributes) {
        String name = scope + "/" + opType;
        String output = name + "_output_0";
        nodes.add(new Node(opType, name, inputs, List.of(output), List.of(attributes)));
        return output;
    }
}
