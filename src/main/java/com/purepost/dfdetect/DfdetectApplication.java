package com.purepost.dfdetect;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.config.ModelSource;
import com.purepost.dfdetect.detect.DeepfakeDetector;
import com.purepost.dfdetect.detect.ImageRequest;
import com.purepost.dfdetect.detect.PredictionResult;
import com.purepost.dfdetect.detect.ResultCache;
import com.purepost.dfdetect.image.DecodeBudget;
import com.purepost.dfdetect.image.ImagePreprocessor;
import com.purepost.dfdetect.model.ModelFileWatcher;
import com.purepost.dfdetect.model.ModelProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

/**
 * The service: one function, {@code detect}, from image bytes to label scores. The local app serves
 * it over HTTP on port 5555; on AWS Lambda the Spring Cloud Function adapter calls it from API
 * Gateway and S3 events.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DfdetectApplication {

    public static void main(String[] args) {
        SpringApplication.run(DfdetectApplication.class, args);
    }

    @Bean
    ImagePreprocessor imagePreprocessor(DfdetectProperties properties) {
        DfdetectProperties.Limits limits = properties.limits();
        return new ImagePreprocessor(limits.maxPixels(), new DecodeBudget(limits.effectiveMaxDecodingPixels()));
    }

    @Bean
    ModelProvider modelProvider(DfdetectProperties properties, ObjectProvider<ModelSource> modelSource) {
        // A remote model (dfdetect.model.uri) is fetched here, before the provider reads its directory.
        DfdetectProperties.Model model = modelSource.getIfAvailable(() -> ModelSource.LOCAL).locate(properties.model());
        return new ModelProvider(model, properties.inference().effectiveIntraOpThreads());
    }

    /** Reloads the model when its file is replaced; off where the file cannot change (Lambda). */
    @Bean
    @ConditionalOnBooleanProperty(name = "dfdetect.model.watch", matchIfMissing = true)
    ModelFileWatcher modelFileWatcher(ModelProvider models) throws IOException {
        return new ModelFileWatcher(models, Duration.ofMillis(500));
    }

    /** The business logic as a plain function: every way into the service ends here. */
    @Bean
    Function<ImageRequest, PredictionResult> detect(ImagePreprocessor preprocessor, ModelProvider models,
                                                    DfdetectProperties properties) {
        DfdetectProperties.Cache cache = properties.cache();
        ResultCache results = cache.enabled() ? new ResultCache(cache.maxEntries(), cache.maxSize().toBytes()) : null;
        return new DeepfakeDetector(preprocessor, models, properties.inference().effectiveMaxConcurrentRuns(), results);
    }
}
