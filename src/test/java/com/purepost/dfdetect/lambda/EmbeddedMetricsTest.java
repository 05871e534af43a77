package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.detect.ScoringReport;
import com.purepost.dfdetect.model.ModelProvider;
import com.purepost.dfdetect.support.ModelDirectories;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedMetricsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void writesOneEmbeddedMetricFormatLineThatDeclaresEveryFigureItCarries() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path dir = ModelDirectories.withLabelsOnly();
        try (ModelProvider models = new ModelProvider(new DfdetectProperties.Model(dir, "ResNet18.onnx", "labels.txt",
                true, null, false, true, List.of(), null), 1)) {
            EmbeddedMetrics metrics = new EmbeddedMetrics(JSON, models, new PrintStream(out, true, StandardCharsets.UTF_8),
                    Clock.fixed(Instant.ofEpochMilli(1_764_000_000_000L), ZoneOffset.UTC));

            metrics.observe(new ScoringReport("req-1", 200, 12_345, 42_500_000, 10_000_000, 5_000_000, 20_000_000,
                    false, "real", 0.6, null));
        }

        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode line = JSON.readTree(lines[0]);
        JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(line.get("_aws").get("Timestamp").asLong()).isEqualTo(1_764_000_000_000L);
        assertThat(directive.get("Namespace").asString()).isEqualTo("dfdetect");
        assertThat(directive.get("Dimensions").get(0).get(0).asString()).isEqualTo("Outcome");
        assertThat(line.get("Outcome").asString()).isEqualTo("ok");
        for (JsonNode metric : directive.get("Metrics")) {
            assertThat(line.has(metric.get("Name").asString())).as(metric.toString()).isTrue();
        }
        assertThat(line.get("RequestTime").asDouble()).isEqualTo(42.5);
        assertThat(line.get("ModelTime").asDouble()).isEqualTo(20.0);
        assertThat(line.get("StandIn").asInt()).isEqualTo(1);
        assertThat(line.get("request_id").asString()).isEqualTo("req-1");
    }
}
