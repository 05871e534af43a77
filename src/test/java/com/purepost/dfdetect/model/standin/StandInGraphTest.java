package com.purepost.dfdetect.model.standin;

import com.purepost.dfdetect.model.standin.OnnxFileReader.ParsedModel;
import com.purepost.dfdetect.model.standin.OnnxFileReader.ParsedNode;
import com.purepost.dfdetect.model.standin.OnnxFileReader.ParsedTensor;
import com.purepost.dfdetect.model.standin.StandInModels.Variant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The graphs inside the two files, read back with a parser of their own. */
class StandInGraphTest {

    private static final int UINT8 = 2;
    private static final int FLOAT = 1;

    private static ParsedModel fp32;
    private static ParsedModel quantized;

    @BeforeAll
    static void readBothVariants() throws Exception {
        fp32 = OnnxFileReader.parse(OnnxProtoWriter.toBytes(StandInModels.model(Variant.FP32, 99)));
        quantized = OnnxFileReader.parse(OnnxProtoWriter.toBytes(StandInModels.model(Variant.QUANTIZED, 99)));
    }

    @Test
    void fp32FileIsTorchsResNet18ExportWithBatchNormFoldedAndDropoutGone() {
        assertThat(fp32.opTypeCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Conv", 20, "Relu", 17, "MaxPool", 1, "Add", 8, "GlobalAveragePool", 1, "Flatten", 1, "Gemm", 1));
        assertThat(fp32.nodes().get(0).name()).isEqualTo("/conv1/Conv");
        assertThat(fp32.nodesOfType("Conv")).allMatch(conv -> conv.inputs().size() == 3);
        ParsedNode gemm = fp32.nodesOfType("Gemm").get(0);
        assertThat(gemm.inputs()).containsExactly("/Flatten_output_0", "fc.1.weight", "fc.1.bias");
        assertThat(fp32.initializer("fc.1.weight").dims()).containsExactly(2L, 512L);
        assertThat(fp32.nodesOfType("Conv").stream().filter(n -> n.name().contains("downsample"))).hasSize(3);
    }

    @Test
    void quantizedFileHoldsConvIntegerAndDynamicQuantizeLinearAndNoFloatConv() {
        Map<String, Integer> counts = quantized.opTypeCounts();

        assertThat(counts).doesNotContainKeys("Conv", "Gemm", "MatMul", "QuantizeLinear", "DequantizeLinear");
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("DynamicQuantizeLinear", 18), Map.entry("ConvInteger", 20),
                Map.entry("MatMulInteger", 1), Map.entry("Cast", 21), Map.entry("Mul", 42),
                Map.entry("Reshape", 20), Map.entry("Add", 29), Map.entry("Relu", 17), Map.entry("MaxPool", 1),
                Map.entry("GlobalAveragePool", 1), Map.entry("Flatten", 1)));
    }

    @Test
    void aQuantizedConvIsRewrittenAsOrtsQuantizerRewritesIt() {
        List<String> chain = quantized.nodes().stream().limit(7).map(ParsedNode::opType).toList();
        assertThat(chain).containsExactly("DynamicQuantizeLinear", "ConvInteger", "Cast", "Mul", "Mul", "Reshape",
                "Add");

        ParsedNode dynamicQuantize = quantized.nodes().get(0);
        assertThat(dynamicQuantize.inputs()).containsExactly("input");
        assertThat(dynamicQuantize.outputs()).containsExactly("input_quantized", "input_scale", "input_zero_point");
        ParsedNode convInteger = quantized.nodes().get(1);
        assertThat(convInteger.name()).isEqualTo("/conv1/Conv_quant");
        assertThat(convInteger.inputs()).containsExactly("input_quantized", "conv1.weight_quantized",
                "input_zero_point", "conv1.weight_zero_point");
        assertThat(quantized.nodes().get(3).inputs()).containsExactly("input_scale", "conv1.weight_scale");
        assertThat(quantized.nodes().get(5).inputs()).containsExactly("conv1.bias",
                "/conv1/Conv_output_0_bias_reshape_shape");
        assertThat(quantized.nodes().get(6).outputs()).containsExactly("/conv1/Conv_output_0");
    }

    @Test
    void aBlockInputReadByConv1AndTheDownsampleIsQuantizedOnce() {
        String blockInput = "/layer1/layer1.1/relu_1/Relu_output_0";

        List<ParsedNode> quantizers = quantized.nodesOfType("DynamicQuantizeLinear").stream()
                .filter(n -> n.inputs().get(0).equals(blockInput)).toList();
        List<ParsedNode> readers = quantized.nodesOfType("ConvInteger").stream()
                .filter(n -> n.inputs().get(0).equals(blockInput + "_quantized")).toList();

        assertThat(quantizers).hasSize(1);
        assertThat(readers).extracting(ParsedNode::name).containsExactlyInAnyOrder(
                "/layer2/layer2.0/conv1/Conv_quant", "/layer2/layer2.0/downsample/downsample.0/Conv_quant");
    }

    @Test
    void theGemmHeadBecomesMatMulIntegerOnTheTransposedWeightPlusAFloatBias() {
        ParsedNode matMul = quantized.nodesOfType("MatMulInteger").get(0);
        assertThat(matMul.name()).isEqualTo("/fc/fc.1/Gemm_MatMul_quant");
        assertThat(matMul.inputs()).containsExactly("/Flatten_output_0_quantized", "fc.1.weight_quantized",
                "/Flatten_output_0_zero_point", "fc.1.weight_zero_point");
        assertThat(quantized.initializer("fc.1.weight_quantized").dims()).containsExactly(512L, 2L);

        ParsedNode last = quantized.nodes().get(quantized.nodes().size() - 1);
        assertThat(last.opType()).isEqualTo("Add");
        assertThat(last.inputs()).containsExactly("output_MatMul", "fc.1.bias");
        assertThat(last.outputs()).containsExactly("output");
    }

    @Test
    void quantizedWeightsAreUInt8PerTensorAndTheFloatWeightsAreGone() {
        List<ParsedTensor> weights = quantized.initializers().stream()
                .filter(t -> t.name().endsWith(".weight_quantized")).toList();

        assertThat(weights).hasSize(21).allMatch(t -> t.dataType() == UINT8);
        for (ParsedTensor weight : weights) {
            String base = weight.name().replace("_quantized", "");
            assertThat(quantized.initializer(base + "_scale").dims()).isEmpty();
            assertThat(quantized.initializer(base + "_scale").dataType()).isEqualTo(FLOAT);
            assertThat(quantized.initializer(base + "_zero_point").dims()).isEmpty();
            assertThat(quantized.initializer(base + "_zero_point").dataType()).isEqualTo(UINT8);
        }
        assertThat(quantized.initializers()).noneMatch(t -> t.name().endsWith(".weight"));
    }

    @Test
    void dequantizedWeightsAreTheFloatWeightsWithinHalfAStep() {
        float[] original = fp32.initializer("layer3.0.conv2.weight").floats();
        ParsedTensor q = quantized.initializer("layer3.0.conv2.weight_quantized");
        float scale = quantized.initializer("layer3.0.conv2.weight_scale").floats()[0];
        int zeroPoint = quantized.initializer("layer3.0.conv2.weight_zero_point").rawData().byteAt(0) & 0xFF;

        for (int i = 0; i < original.length; i++) {
            float restored = scale * ((q.rawData().byteAt(i) & 0xFF) - zeroPoint);
            assertThat(Math.abs(restored - original[i])).isLessThanOrEqualTo(scale * 0.5001f);
        }
    }
}
