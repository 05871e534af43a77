package com.purepost.dfdetect.model.standin;

import com.purepost.dfdetect.model.standin.StandInModels.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second opinion from the ONNX project's own checker (Debian's python3-onnx) on both files, and a numpy
 * re-derivation of ORT's weight formula against the quantized bytes. CI installs python3-onnx, so a missing
 * interpreter or package fails this test rather than skipping it: the check is the point.
 */
class StandInOnnxCheckerTest {

    /** Debian's interpreter, the one that sees python3-onnx; a python3 earlier on PATH may not. */
    private static final String PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = "check_stand_ins.py";
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path dir;

    @Test
    void bothStandInsPassOnnxFullCheckAndHoldOrtsQuantizedWeights() throws IOException, InterruptedException {
        Path fp32 = dir.resolve(Variant.FP32.defaultFileName());
        Path quantized = dir.resolve(Variant.QUANTIZED.defaultFileName());
        StandInModels.write(Variant.FP32, fp32, StandInModels.DEFAULT_SEED);
        StandInModels.write(Variant.QUANTIZED, quantized, StandInModels.DEFAULT_SEED);

        Process python = new ProcessBuilder(PYTHON, "-", fp32.toString(), quantized.toString())
                .redirectErrorStream(true)
                .start();
        try (OutputStream stdin = python.getOutputStream(); InputStream script = script()) {
            script.transferTo(stdin);
        }
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = python.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            python.destroyForcibly();
        }
        System.out.print(output);

        assertThat(finished).as("python finished within %d s", TIMEOUT_SECONDS).isTrue();
        assertThat(python.exitValue()).as("%s said:%n%s", PYTHON, output).isZero();
        assertThat(output).contains("ConvInteger 20").contains("DynamicQuantizeLinear 18").contains("Conv 20");
    }

    private static InputStream script() {
        return Objects.requireNonNull(StandInOnnxCheckerTest.class.getResourceAsStream(SCRIPT), SCRIPT);
    }
}
