package com.purepost.dfdetect.http;

import com.purepost.dfdetect.model.ModelHealth;
import com.purepost.dfdetect.model.ModelProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health}: 200 and {@code "status": "healthy"} when the service can score, 503 and the
 * reason when it cannot. Never opens the model session itself: the session stays lazy.
 * {@code GET /}: what this service is and which model it serves.
 */
@ConditionalOnWebApplication
@RestController
public final class HealthController {

    private final ModelProvider models;

    public HealthController(ModelProvider models) {
        this.models = models;
    }

    @GetMapping("/health")
    public ResponseEntity<ModelHealth> health() {
        ModelHealth health = models.health();
        return ResponseEntity.status(health.isHealthy() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(health);
    }

    @GetMapping("/")
    public Map<String, Object> about() {
        ModelHealth health = models.health();
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("service", "dfdetect");
        about.put("description", "Scores images as real or deepfake for PurePost");
        about.put("endpoints", Map.of("POST /predict", "multipart/form-data, image in field 'file'",
                "GET /health", "200 when the model can serve, 503 otherwise"));
        about.put("model_file", health.modelFile());
        about.put("stand_in", health.standIn());
        about.put("labels", health.labels());
        if (health.warning() != null) {
            about.put("warning", health.warning());
        }
        return about;
    }
}
