package com.purepost.dfdetect.detect;

import com.purepost.dfdetect.image.ImagePreprocessor;
import com.purepost.dfdetect.model.Labels;
import com.purepost.dfdetect.model.ModelIdentity;
import com.purepost.dfdetect.model.ModelLease;
import com.purepost.dfdetect.model.ModelProvider;
import com.purepost.dfdetect.model.OnnxModel;
import com.purepost.dfdetect.model.StandInNotice;

import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * The service's one piece of business logic: image bytes in, label probabilities out. Decodes and
 * preprocesses exactly as the original Pillow pipeline, runs the model, takes the softmax, and sorts
 * the labels by score. Knows nothing of HTTP, API Gateway or S3; tells its observers what each call
 * came to.
 */
public final class DeepfakeDetector implements Function<ImageRequest, PredictionResult> {

    private final TimeLimitedPreprocessor preprocessor;
    private final ModelProvider models;
    /** Bounds the requests decoding and scoring at once, and those waiting for their turn to. */
    private final AdmissionQueue admission;
    /**
     * Bounds the session runs in flight. Requests past it wait their turn instead of failing:
     * PurePost never retries a failed analysis, so queueing is always better than shedding.
     */
    private final Semaphore runSlots;
    /** Repeated uploads answered without running the model again. */
    private final ResultCache cache;
    private final List<ScoringObserver> observers;

    public DeepfakeDetector(TimeLimitedPreprocessor preprocessor, ModelProvider models, AdmissionQueue admission,
                            int maxConcurrentRuns, ResultCache cache, List<ScoringObserver> observers) {
        this.preprocessor = preprocessor;
        this.models = models;
        this.admission = admission;
        this.runSlots = new Semaphore(maxConcurrentRuns, true);
        this.cache = cache;
        this.observers = List.copyOf(observers);
    }

    @Override
    public PredictionResult apply(ImageRequest request) {
        Timings timings = new Timings(System.nanoTime());
        try {
            PredictionResult result;
            try (AdmissionQueue.Turn turn = admission.enter()) {
                timings.admitted = System.nanoTime();
                result = score(request, timings);
            }
            Prediction top = result.predictions().get(0);
            tell(new ScoringReport(requestIdOf(request), 200, request.bytes().length, timings.elapsed(),
                    timings.decode, timings.resize, timings.model, timings.cacheHit, top.label(), top.score(), null));
            return result;
        } catch (RuntimeException e) {
            Failure failure = Failure.of(e);
            tell(new ScoringReport(requestIdOf(request), failure.status(), request.bytes().length, timings.elapsed(),
                    timings.decode, timings.resize, timings.model, false, null, Double.NaN, failure.error()));
            throw e;
        }
    }

    private static String requestIdOf(ImageRequest request) {
        return request.requestId() != null ? request.requestId() : MDC.get(RequestLog.REQUEST_ID);
    }

    /** Requests waiting in the admission queue right now. */
    public int waiting() {
        return admission.waiting();
    }

    /** Requests being decoded and scored right now. */
    public int inProgress() {
        return admission.inProgress();
    }

    private PredictionResult score(ImageRequest request, Timings timings) {
        try (ModelLease lease = models.lease()) {
            ModelIdentity identity = lease.identity();
            ResultCache.Key key = cache.enabled() ? ResultCache.keyOf(request.bytes(), identity) : null;
            PredictionResult cached = key == null ? null : cache.get(key);
            if (cached != null) {
                timings.cacheHit = true;
                return cached.withProcessingTime(timings.working() / 1e9);
            }
            ImagePreprocessor.TimedTensor tensor = preprocessor.toTimedTensor(request.bytes());
            timings.decode = tensor.decodeNanos();
            timings.resize = tensor.resizeNanos();
            long modelStarted = System.nanoTime();
            float[] logits = runExclusively(lease.model(), tensor.tensor());
            timings.model = System.nanoTime() - modelStarted;
            List<Prediction> predictions = rank(models.labels(), Softmax.of(logits));
            PredictionResult result = new PredictionResult(true, predictions, timings.working() / 1e9, identity.fileName(),
                    identity.standIn(), identity.standIn() ? StandInNotice.WARNING : null);
            if (key != null) {
                cache.put(key, result);
            }
            return result;
        }
    }

    private void tell(ScoringReport report) {
        for (ScoringObserver observer : observers) {
            observer.observe(report);
        }
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

    /** Where one call's time went; filled in as the stages run. */
    private static final class Timings {
        private final long started;
        /** When the call's turn came, after its wait in the admission queue. */
        private long admitted;
        private long decode;
        private long resize;
        private long model;
        private boolean cacheHit;

        Timings(long started) {
            this.started = started;
        }

        long elapsed() {
            return System.nanoTime() - started;
        }

        /** The work itself, as the original service's processing_time measured it: not the wait in the queue. */
        long working() {
            return System.nanoTime() - admitted;
        }
    }
}
