package com.purepost.dfdetect.http;

import com.purepost.dfdetect.detect.DeepfakeDetector;
import com.purepost.dfdetect.detect.ResultCache;
import com.purepost.dfdetect.detect.TimeLimitedPreprocessor;
import com.purepost.dfdetect.image.DecodeBudget;
import com.purepost.dfdetect.model.ModelProvider;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's meters, for Actuator's Prometheus endpoint: in the HTTP app only. Lambda mode has no
 * endpoint to scrape and writes its figures as embedded metric log lines instead.
 */
@ConditionalOnWebApplication
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    DetectionMetrics detectionMetrics(MeterRegistry registry) {
        return new DetectionMetrics(registry);
    }

    @Bean
    DecodeMeters decodeMeters(TimeLimitedPreprocessor preprocessor, DecodeBudget budget) {
        return new DecodeMeters(preprocessor, budget);
    }

    @Bean
    ServiceGauges serviceGauges(DeepfakeDetector detector, ResultCache cache, ModelProvider models) {
        return new ServiceGauges(detector, cache, models);
    }
}
