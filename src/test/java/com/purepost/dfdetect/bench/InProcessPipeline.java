package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.detect.DeepfakeDetector;
import com.purepost.dfdetect.detect.ImageRequest;
import com.purepost.dfdetect.detect.PredictionResult;
import com.purepost.dfdetect.image.DecodeBudget;
import com.purepost.dfdetect.image.ImagePreprocessor;
import com.purepost.dfdetect.model.ModelProvider;

import org.springframework.util.unit.DataSize;

import java.nio.file.Path;

/**
 * The service's pipeline with no HTTP and no Spring: the detector the application builds, with the
 * same defaults (thread counts that fit this machine, Pillow's pixel limit, the decode budget) and
 * no result cache, on the quantized stand-in. What the HTTP app's throughput is compared with.
 */
final class InProcessPipeline implements AutoCloseable {

    private final ModelProvider models;
    private final DeepfakeDetector detector;

    InProcessPipeline(Path modelDir, DfdetectProperties.Inference inference, DfdetectProperties.Limits limits) {
        DfdetectProperties.Model settings = new DfdetectProperties.Model(modelDir, "ResNet18.onnx", "labels.txt",
                false, null, false);
        this.models = new ModelProvider(settings, inference.effectiveIntraOpThreads());
        this.detector = new DeepfakeDetector(new ImagePreprocessor(limits.maxPixels(),
                new DecodeBudget(limits.effectiveMaxDecodingPixels())), models, inference.effectiveMaxConcurrentRuns(), null);
    }

    /** The service's default limits (those of an empty {@code application.properties}). */
    static DfdetectProperties.Limits defaultLimits() {
        return new DfdetectProperties.Limits(DataSize.ofMegabytes(32), ImagePreprocessor.PILLOW_PIXEL_LIMIT, 8,
                DataSize.ofKilobytes(2), 0);
    }

    PredictionResult score(byte[] image) {
        return detector.apply(ImageRequest.of(image));
    }

    @Override
    public void close() {
        models.close();
    }
}
