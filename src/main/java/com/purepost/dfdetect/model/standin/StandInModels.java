package com.purepost.dfdetect.model.standin;

import java.io.IOException;
import java.nio.file.Path;

/** Placeholder for the stand-in writer being built on its own branch; replaced on merge. */
public final class StandInModels {
    public static final String STAND_IN_KEY = "dfdetect.stand_in";
    public static final long DEFAULT_SEED = 20261125L;

    /** Which of the two model files a stand-in imitates. */
    public enum Variant {
        FP32("ResNet18_unoptimized.onnx"), QUANTIZED("ResNet18.onnx");
        private final String fileName;
        Variant(String fileName) { this.fileName = fileName; }
        public String defaultFileName() { return fileName; }
    }

    private StandInModels() {
    }

    public static Variant variantFor(String fileName) {
        return Variant.FP32.defaultFileName().equals(fileName) ? Variant.FP32 : Variant.QUANTIZED;
    }

    public static void write(Variant variant, Path target, long seed) throws IOException {
        throw new UnsupportedOperationException("stand-in writer not merged yet");
    }
}
