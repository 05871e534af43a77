package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.image.ImagePreprocessor;
import com.purepost.dfdetect.model.OnnxModel;
import com.purepost.dfdetect.model.standin.StandInModels;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * Whether an image's score depends on its batch-mates, the question micro-batching must answer
 * first: one image scored alone, then in one run beside a noise tensor, on each stand-in. The
 * quantized graph quantizes its activations with one scale per batch tensor (DynamicQuantizeLinear),
 * so there it does. {@code tools/bench.sh batch-scores}.
 */
public final class BatchScores {

    private BatchScores() {
    }

    public static void main(String[] args) {
        float[] image = new ImagePreprocessor(ImagePreprocessor.PILLOW_PIXEL_LIMIT)
                .toTensor(BenchImages.bytes(BenchImages.JPEG_1080P));
        float[] noise = new float[image.length];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < noise.length; i++) {
            // far outside what normalised photos hold: the widest activations set the batch's scale
            noise[i] = (float) (random.nextGaussian() * 4);
        }
        float[] pair = new float[2 * image.length];
        System.arraycopy(image, 0, pair, 0, image.length);
        System.arraycopy(noise, 0, pair, image.length, noise.length);

        Report report = Report.open("batch-scores");
        report.line("");
        report.line("### One image's score alone and beside a noise image in the same run (" + BenchImages.JPEG_1080P + ")");
        report.line("");
        report.line("| model | p(deepfake) alone | p(deepfake) in a batch of 2 | difference |");
        report.line("|---|---|---|---|");
        for (StandInModels.Variant variant : StandInModels.Variant.values()) {
            try (OnnxModel model = OnnxModel.open(BenchModels.file(variant), 2, 1)) {
                double alone = deepfake(model.logits(image));
                double batched = deepfake(model.logits(FloatBuffer.wrap(pair), 2)[0]);
                report.format("| %s | %.5f | %.5f | %+.5f |", variant, alone, batched, batched - alone);
            }
        }
        report.close();
    }

    /** The softmax's second class ({@code deepfake}) of two logits. */
    private static double deepfake(float[] logits) {
        return 1 / (1 + Math.exp((double) logits[0] - logits[1]));
    }
}
