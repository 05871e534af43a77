package com.purepost.dfdetect.detect;

import com.purepost.dfdetect.model.Labels;
import com.purepost.dfdetect.model.ModelIdentity;
import com.purepost.dfdetect.model.ModelLease;
import com.purepost.dfdetect.model.ModelProvider;
import com.purepost.dfdetect.model.OnnxModel;
import com.purepost.dfdetect.model.StandInNotice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * The service's one piece of business logic: image bytes in, label probabilities out. Decodes and
 * preprocesses exactly as the original Pillow pipeline, runs the model, takes the softmax, and sorts
 * the labels by score. Knows nothing of HTTP, API Gateway or S3.
 */
public final class DeepfakeDetector implements Function<ImageRequest, PredictionResult> {

    private final TimeLimitedPreprocessor preprocessor;
    private final ModelProvider models;
    /**
     * Bounds the session runs in flight. Requests past it wait their turn instead of failing:
     * PurePost never retries a failed analysis, so queueing is always better than shedding.
     */
    private final Semaphore runSlots;

    /** Repeated uploads answered without running the model again; null when caching is off. */
    private final ResultCache cache;

    public DeepfakeDetector(TimeLimitedPreprocessor preprocessor, ModelProvider models, int maxConcurrentRuns,
                            ResultCache cache) {
        this.preprocessor = preprocessor;
        this.models = models;
        this.runSlots = new Semaphore(maxConcurrentRuns, true);
        this.cache = cache;
    }

    @Override
    public PredictionResult apply(ImageRequest request) {
        long started = System.nanoTime();
        try (ModelLease lease = models.lease()) {
            ModelIdentity identity = lease.identity();
            ResultCache.Key key = cache == null ? null : ResultCache.keyOf(request.bytes(), identity);
            PredictionResult cached = key == null ? null : cache.get(key);
            if (cached != null) {
                return cached.withProcessingTime(secondsSince(started));
            }
            float[] tensor = preprocessor.toTensor(request.bytes());
            float[] logits = runExclusively(lease.model(), tensor);
            List<Prediction> predictions = rank(models.labels(), Softmax.of(logits));
            PredictionResult result = new PredictionResult(true, predictions, secondsSince(started), identity.fileName(),
                    identity.standIn(), identity.standIn() ? StandInNotice.WARNING : null);
            if (key != null) {
                cache.put(key, result);
            }
            return result;
        }
    }

    private static double secondsSince(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    private float[] runExclusively(OnnxModel model, float[] tensor) {
        runSlots.acquireUninterruptibly();
        try {
            return model.logits(tensor);
        } finally {
            runSlots.release();
        }
    }

    private static List<Prediction> rank(Labels labels, double[] probabilities) {
        if (probabilities.length != labels.size()) {
            throw new IllegalStateException("the model gave " + probabilities.length + " scores for "
                    + labels.size() + " labels");
        }
        List<Prediction> predictions = new ArrayList<>(labels.size());
        for (int i = 0; i < probabilities.length; i++) {
            predictions.add(new Prediction(labels.get(i), probabilities[i]));
        }
        predictions.sort(Comparator.comparingDouble(Prediction::score).reversed());
        return predictions;
    }
}
