package com.purepost.dfdetect.http;

import com.purepost.dfdetect.model.ModelHealth;
import com.purepost.dfdetect.model.ModelProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The model's part in Actuator's health, and so in the readiness group orchestrators probe: down,
 * with the reason, until the model can serve.
 */
@ConditionalOnWebApplication
@Component("model")
public final class ModelReadiness implements HealthIndicator {

    private final ModelProvider models;

    public ModelReadiness(ModelProvider models) {
        this.models = models;
    }

    @Override
    public Health health() {
        ModelHealth health = models.health();
        Health.Builder builder = health.isHealthy() ? Health.up() : Health.down();
        builder.withDetail("model_file", health.modelFile())
                .withDetail("model_loaded", health.modelLoaded())
                .withDetail("stand_in", health.standIn());
        if (health.reason() != null) {
            builder.withDetail("reason", health.reason());
        }
        return builder.build();
    }
}
