package com.purepost.dfdetect.http;

import com.purepost.dfdetect.detect.TimeLimitedPreprocessor;
import com.purepost.dfdetect.image.DecodeBudget;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * What decoding costs beyond the answers: decodes given up on at their time limit that run on
 * ({@code dfdetect_decodes_overrun_total}, and {@code dfdetect_decodes_running_on} of them running
 * now), and the decode memory held ({@code dfdetect_decode_memory_bytes} against
 * {@code dfdetect_decode_memory_max_bytes}).
 */
public final class DecodeMeters implements MeterBinder {

    private final TimeLimitedPreprocessor preprocessor;
    private final DecodeBudget budget;

    public DecodeMeters(TimeLimitedPreprocessor preprocessor, DecodeBudget budget) {
        this.preprocessor = preprocessor;
        this.budget = budget;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("dfdetect.decodes.overrun", preprocessor, TimeLimitedPreprocessor::overruns)
                .description("Decodes given up on at the decode-time limit (answered 422) that ran on in the background")
                .register(registry);
        Gauge.builder("dfdetect.decodes.running_on", preprocessor, TimeLimitedPreprocessor::runningOn)
                .description("Decodes given up on at the decode-time limit that are still running")
                .register(registry);
        Gauge.builder("dfdetect.decode.memory", budget, DecodeBudget::inUse).baseUnit("bytes")
                .description("Memory the decoded images hold now, running-on decodes included")
                .register(registry);
        Gauge.builder("dfdetect.decode.memory.max", budget, DecodeBudget::capacity).baseUnit("bytes")
                .description("Memory the decoded images may hold together (dfdetect.limits.max-decode-memory)")
                .register(registry);
    }
}
