package com.purepost.dfdetect.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /health} answers, over HTTP and through API Gateway alike. PurePost looks only at
 * the status code; people read the rest. {@code model_loaded} and {@code model_exists} keep the
 * original service's field names; {@code model_loaded} is true once the lazy session is open.
 */
@JsonPropertyOrder({"status", "timestamp", "model_file", "model_exists", "model_loaded", "stand_in", "sha256",
        "loaded_at", "labels", "reason", "last_reload_error", "warning"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelHealth(
        String status,
        Instant timestamp,
        @JsonProperty("model_file") String modelFile,
        @JsonProperty("model_exists") boolean modelExists,
        @JsonProperty("model_loaded") boolean modelLoaded,
        @JsonProperty("stand_in") boolean standIn,
        String sha256,
        @JsonProperty("loaded_at") Instant loadedAt,
        List<String> labels,
        String reason,
        @JsonProperty("last_reload_error") String lastReloadError,
        String warning) {

    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";

    @JsonIgnore
    public boolean isHealthy() {
        return HEALTHY.equals(status);
    }
}
