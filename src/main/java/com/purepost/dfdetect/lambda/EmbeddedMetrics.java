package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.detect.ScoringObserver;
import com.purepost.dfdetect.detect.ScoringReport;
import com.purepost.dfdetect.model.ModelProvider;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each scoring as one CloudWatch Embedded Metric Format line on standard output: CloudWatch Logs
 * turns it into metrics (namespace {@code dfdetect}, dimension {@code Outcome}) with no API call
 * and no agent, the way Lambda functions publish metrics. The same figures the local app serves to
 * Prometheus: request time, decode, resize and model time, cache hits, and the stand-in mark.
 */
final class EmbeddedMetrics implements ScoringObserver {

    static final String NAMESPACE = "dfdetect";
    private static final List<Map<String, String>> METRICS = List.of(
            metric("RequestTime", "Milliseconds"),
            metric("DecodeTime", "Milliseconds"),
            metric("ResizeTime", "Milliseconds"),
            metric("ModelTime", "Milliseconds"),
            metric("ImageBytes", "Bytes"),
            metric("CacheHit", "Count"),
            metric("StandIn", "Count"));

    private final JsonMapper json;
    private final ModelProvider models;
    private final PrintStream out;
    private final Clock clock;

    EmbeddedMetrics(JsonMapper json, ModelProvider models, PrintStream out, Clock clock) {
        this.json = json;
        this.models = models;
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void observe(ScoringReport report) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", Map.of(
                "Timestamp", clock.millis(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", NAMESPACE,
                        "Dimensions", List.of(List.of("Outcome")),
                        "Metrics", METRICS))));
        line.put("Outcome", report.outcome().tag());
        line.put("RequestTime", millis(report.totalNanos()));
        line.put("DecodeTime", millis(report.decodeNanos()));
        line.put("ResizeTime", millis(report.resizeNanos()));
        line.put("ModelTime", millis(report.modelNanos()));
        line.put("ImageBytes", report.imageBytes());
        line.put("CacheHit", report.cacheHit() ? 1 : 0);
        line.put("StandIn", models.health().standIn() ? 1 : 0);
        // Properties, not metrics: searchable in CloudWatch Logs Insights, no extra metric cost.
        line.put("request_id", report.requestId());
        line.put("status", report.status());
        out.println(json.writeValueAsString(line));
    }

    private static Map<String, String> metric(String name, String unit) {
        return Map.of("Name", name, "Unit", unit);
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
