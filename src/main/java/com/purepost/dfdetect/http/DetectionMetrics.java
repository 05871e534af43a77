package com.purepost.dfdetect.http;

import com.purepost.dfdetect.detect.ScoringObserver;
import com.purepost.dfdetect.detect.ScoringReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Each scoring as Micrometer meters, scraped from {@code /actuator/prometheus}: requests and their
 * latency by outcome ({@code dfdetect_requests_seconds{outcome="ok|client_error|server_error"}}, with
 * a histogram), and the time in each stage ({@code dfdetect_stage_seconds{stage="decode|resize|model"}}).
 */
public final class DetectionMetrics implements ScoringObserver {

    private final Map<ScoringReport.Outcome, Timer> requests = new EnumMap<>(ScoringReport.Outcome.class);
    private final Timer decode;
    private final Timer resize;
    private final Timer model;

    public DetectionMetrics(MeterRegistry registry) {
        for (ScoringReport.Outcome outcome : ScoringReport.Outcome.values()) {
            requests.put(outcome, Timer.builder("dfdetect.requests")
                    .description("Scorings by outcome, from the call to the answer")
                    .tag("outcome", outcome.tag())
                    .register(registry));
        }
        decode = stage(registry, "decode", "Decoding the uploaded file");
        resize = stage(registry, "resize", "Conversion to RGB, resizing and normalising");
        model = stage(registry, "model", "The model run, including the wait for a run slot");
    }

    private static Timer stage(MeterRegistry registry, String name, String description) {
        return Timer.builder("dfdetect.stage").description(description).tag("stage", name).register(registry);
    }

    @Override
    public void observe(ScoringReport report) {
        requests.get(report.outcome()).record(report.totalNanos(), TimeUnit.NANOSECONDS);
        // Stages that did not run (a cache hit, a refusal before decoding) are not recorded as zero.
        recordIfRan(decode, report.decodeNanos());
        recordIfRan(resize, report.resizeNanos());
        recordIfRan(model, report.modelNanos());
    }

    private static void recordIfRan(Timer timer, long nanos) {
        if (nanos > 0) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
