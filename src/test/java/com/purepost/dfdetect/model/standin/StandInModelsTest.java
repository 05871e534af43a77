package com.purepost.dfdetect.model.standin;

import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.purepost.dfdetect.model.standin.StandInModels.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class StandInModelsTest {

    @TempDir
    Path dir;

    @Test
    void theUnoptimizedFileNameAsksForFp32AndAnyOtherForQuantized() {
        assertThat(StandInModels.variantFor("ResNet18_unoptimized.onnx")).isEqualTo(Variant.FP32);
        assertThat(StandInModels.variantFor("model/ResNet18_unoptimized.onnx")).isEqualTo(Variant.FP32);
        assertThat(StandInModels.variantFor("ResNet18.onnx")).isEqualTo(Variant.QUANTIZED);
        assertThat(StandInModels.variantFor("my-detector.onnx")).isEqualTo(Variant.QUANTIZED);
        assertThat(Variant.FP32.defaultFileName()).isEqualTo("ResNet18_unoptimized.onnx");
        assertThat(Variant.QUANTIZED.defaultFileName()).isEqualTo("ResNet18.onnx");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theSameSeedWritesIdenticalBytesAndAnotherSeedDifferentOnes(Variant variant) throws IOException {
        Path first = dir.resolve("a.onnx");
        Path again = dir.resolve("b.onnx");
        Path other = dir.resolve("c.onnx");
        StandInModels.write(variant, first, 7);
        StandInModels.write(variant, again, 7);
        StandInModels.write(variant, other, 8);

        assertThat(Files.mismatch(first, again)).isEqualTo(-1L);
        assertThat(Files.mismatch(first, other)).isNotEqualTo(-1L);
        // Conv biases stay float in both variants, so they compare directly.
        assertThat(OnnxFileReader.read(other).initializer("conv1.bias").rawData())
                .isNotEqualTo(OnnxFileReader.read(first).initializer("conv1.bias").rawData());
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theFileSaysInsideThatItIsAStandInWithRandomWeights(Variant variant) throws IOException, OrtException {
        Path file = dir.resolve(variant.defaultFileName());
        StandInModels.write(variant, file, 1234);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(file.toString(), options)) {
            OnnxModelMetadata metadata = session.getMetadata();
            Map<String, String> custom = metadata.getCustomMetadata();
            assertThat(custom).containsEntry(StandInModels.STAND_IN_KEY, "true")
                    .containsEntry(StandInModels.SEED_KEY, "1234")
                    .containsEntry(StandInModels.VARIANT_KEY, variant.name());
            assertThat(StandInModels.isStandIn(custom)).isTrue();
            assertThat(metadata.getProducerName()).contains("stand-in").contains("random weights");
            assertThat(metadata.getDescription()).startsWith("STAND-IN MODEL WITH RANDOM WEIGHTS")
                    .contains("seed 1234");
        }
    }

    @Test
    void aFileWithoutTheMarkIsNotAStandIn() {
        assertThat(StandInModels.isStandIn(Map.of())).isFalse();
        assertThat(StandInModels.isStandIn(Map.of(StandInModels.STAND_IN_KEY, "false"))).isFalse();
    }

    @Test
    void writeCreatesMissingDirectoriesAndLeavesNoTemporaryFileBehind() throws IOException {
        Path target = dir.resolve("deep/er/ResNet18.onnx");

        StandInModels.write(Variant.QUANTIZED, target, 3);

        assertThat(target).isRegularFile();
        assertThat(listing(target.getParent())).containsExactly("ResNet18.onnx");
    }

    @Test
    void writeReplacesAnExistingFileWhole() throws IOException {
        Path target = dir.resolve("ResNet18.onnx");
        Files.writeString(target, "an older, broken file");

        StandInModels.write(Variant.QUANTIZED, target, 3);

        assertThat(OnnxFileReader.read(target).metadata()).containsEntry(StandInModels.STAND_IN_KEY, "true");
        assertThat(listing(dir)).containsExactly("ResNet18.onnx");
    }

    @Test
    void writeMissingFillsOnlyTheAbsentFilesAndLeavesARealModelAlone() throws IOException {
        Path real = dir.resolve(Variant.QUANTIZED.defaultFileName());
        Files.writeString(real, "pretend this is the trained model");

        List<Path> written = StandInModels.writeMissing(dir, StandInModels.DEFAULT_SEED);

        assertThat(written).containsExactly(dir.resolve(Variant.FP32.defaultFileName()));
        assertThat(real).hasContent("pretend this is the trained model");
        assertThat(OnnxFileReader.read(written.get(0)).metadata())
                .containsEntry(StandInModels.SEED_KEY, Long.toString(StandInModels.DEFAULT_SEED));
        assertThat(StandInModels.writeMissing(dir, StandInModels.DEFAULT_SEED)).isEmpty();
    }

    @Test
    void bothFilesDeclareIrVersion8AndOpset17LikeTorchsExport() throws IOException {
        for (Variant variant : Variant.values()) {
            Path file = dir.resolve(variant.defaultFileName());
            StandInModels.write(variant, file, 5);
            OnnxFileReader.ParsedModel model = OnnxFileReader.read(file);
            assertThat(model.irVersion()).isEqualTo(8);
            assertThat(model.opsets()).containsExactly(Map.entry("", 17L));
        }
    }

    private static List<String> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
