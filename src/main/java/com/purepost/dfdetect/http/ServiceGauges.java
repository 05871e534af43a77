package com.purepost.dfdetect.http;

import com.purepost.dfdetect.detect.DeepfakeDetector;
import com.purepost.dfdetect.detect.ResultCache;
import com.purepost.dfdetect.model.ModelProvider;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The service's state as meters: requests waiting in the admission queue and in progress, result-cache hits and misses,
 * and whether the model served is a stand-in ({@code dfdetect_model_stand_in} 1: scores are not detection).
 */
public final class ServiceGauges implements MeterBinder {

    private final DeepfakeDetector detector;
    private final ResultCache cache;
    private final ModelProvider models;

    public ServiceGauges(DeepfakeDetector detector, ResultCache cache, ModelProvider models) {
        this.detector = detector;
        this.cache = cache;
        this.models = models;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("dfdetect.queue.depth", detector, DeepfakeDetector::waiting)
                .description("Requests waiting in the admission queue for their turn to be decoded and scored")
                .register(registry);
        Gauge.builder("dfdetect.queue.in_progress", detector, DeepfakeDetector::inProgress)
                .description("Requests being decoded and scored").register(registry);
        FunctionCounter.builder("dfdetect.cache", cache, ResultCache::hits).tag("result", "hit")
                .description("Result cache look-ups").register(registry);
        FunctionCounter.builder("dfdetect.cache", cache, ResultCache::misses).tag("result", "miss")
                .description("Result cache look-ups").register(registry);
        Gauge.builder("dfdetect.cache.entries", cache, ResultCache::size)
                .description("Results held by the cache").register(registry);
        Gauge.builder("dfdetect.model.stand_in", models, m -> m.health().standIn() ? 1 : 0)
                .description("1 when the model served is a stand-in with random weights: its scores are not detection")
                .register(registry);
        Gauge.builder("dfdetect.model.healthy", models, m -> m.health().isHealthy() ? 1 : 0)
                .description("1 when the model can serve").register(registry);
    }
}
