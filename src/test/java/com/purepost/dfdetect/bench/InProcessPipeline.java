package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.detect.AdmissionQueue;
import com.purepost.dfdetect.detect.DeepfakeDetector;
import com.purepost.dfdetect.detect.ImageRequest;
import com.purepost.dfdetect.detect.PredictionResult;
import com.purepost.dfdetect.detect.ResultCache;
import com.purepost.dfdetect.detect.TimeLimitedPreprocessor;
import com.purepost.dfdetect.image.DecodeBudget;
import com.purepost.dfdetect.image.ImagePreprocessor;
import com.purepost.dfdetect.model.ModelProvider;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The service's pipeline with no HTTP and no Spring: the detector wired as the application wires it
 * (decoding on its bounded threads under the decode-time limit, the admission queue, thread counts
 * that fit this machine, Pillow's pixel limit), with no result cache and no observers, on the
 * quantized stand-in. What the HTTP app's throughput is compared with.
 */
final class InProcessPipeline implements AutoCloseable {

    private final ModelProvider models;
    private final TimeLimitedPreprocessor preprocessor;
    private final DeepfakeDetector detector;

    InProcessPipeline(Path modelDir, DfdetectProperties.Inference inference, DfdetectProperties.Limits limits) {
        DfdetectProperties.Model settings = new DfdetectProperties.Model(modelDir, "ResNet18.onnx", "labels.txt",
                false, null, false, true, List.of(), null);
        this.models = new ModelProvider(settings, inference.effectiveIntraOpThreads());
        ImagePreprocessor images = new ImagePreprocessor(DecodeBudget.forHeap(limits.maxPixels(),
                limits.maxDecodeMemory().toBytes(), Runtime.getRuntime().maxMemory()));
        this.preprocessor = new TimeLimitedPreprocessor(images::toTimedTensor,
                limits.maxDecodeTime(), limits.effectiveDecodeThreads());
        AdmissionQueue admission = new AdmissionQueue(inference.effectiveMaxConcurrentImages(), inference.effectiveMaxQueue());
        this.detector = new DeepfakeDetector(preprocessor, models, admission, inference.effectiveMaxConcurrentRuns(),
                ResultCache.disabled(), List.of());
    }

    /** The service's default limits (those of an empty {@code application.properties}). */
    static DfdetectProperties.Limits defaultLimits() {
        return new DfdetectProperties.Limits(DataSize.ofMegabytes(32), ImagePreprocessor.PILLOW_PIXEL_LIMIT, 8,
                DataSize.ofKilobytes(2), Duration.ofSeconds(5), 0, DataSize.ofMegabytes(512));
    }

    /** The service's default inference settings, or the given thread count and runs at once. */
    static DfdetectProperties.Inference inference(int intraOpThreads, int maxConcurrentRuns) {
        return new DfdetectProperties.Inference(intraOpThreads, maxConcurrentRuns, 0, 0);
    }

    PredictionResult score(byte[] image) {
        return detector.apply(ImageRequest.of(image));
    }

    @Override
    public void close() {
        preprocessor.close();
        models.close();
    }
}
