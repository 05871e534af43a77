package com.purepost.dfdetect;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.config.ModelSource;
import com.purepost.dfdetect.detect.AdmissionQueue;
import com.purepost.dfdetect.detect.DeepfakeDetector;
import com.purepost.dfdetect.detect.RequestLog;
import com.purepost.dfdetect.detect.ResultCache;
import com.purepost.dfdetect.detect.ScoringObserver;
import com.purepost.dfdetect.detect.TimeLimitedPreprocessor;
import com.purepost.dfdetect.image.DecodeBudget;
import com.purepost.dfdetect.image.DecoderVersions;
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
import java.util.List;

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

    /** Read and logged at start, in both modes: a libwebp known to lack the CVE-2023-4863 fix is a warning. */
    @Bean
    DecoderVersions decoderVersions() {
        return DecoderVersions.ofThisMachine().logged();
    }

    /** What decodes may cost: Pillow's pixel limit, the file's own size, and the memory they hold together. */
    @Bean
    DecodeBudget decodeBudget(DfdetectProperties properties) {
        DfdetectProperties.Limits limits = properties.limits();
        return DecodeBudget.forHeap(limits.maxPixels(), limits.maxDecodeMemory().toBytes(), Runtime.getRuntime().maxMemory());
    }

    @Bean
    ImagePreprocessor imagePreprocessor(DecodeBudget budget) {
        return new ImagePreprocessor(budget);
    }

    /** Decoding on bounded threads under the decode-time limit; closed with the context. */
    @Bean
    TimeLimitedPreprocessor timeLimitedPreprocessor(ImagePreprocessor preprocessor, DfdetectProperties properties) {
        DfdetectProperties.Limits limits = properties.limits();
        return new TimeLimitedPreprocessor(preprocessor::toTimedTensor, limits.maxDecodeTime(), limits.effectiveDecodeThreads());
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
    DeepfakeDetector detect(TimeLimitedPreprocessor preprocessor, ModelProvider models, AdmissionQueue admission,
                            ResultCache cache, DfdetectProperties properties, List<ScoringObserver> observers) {
        return new DeepfakeDetector(preprocessor, models, admission, properties.inference().effectiveMaxConcurrentRuns(),
                cache, observers);
    }

    /** The bound on the work in the service, shared by the detector and the edges that read uploads. */
    @Bean
    AdmissionQueue admissionQueue(DfdetectProperties properties) {
        DfdetectProperties.Inference inference = properties.inference();
        return new AdmissionQueue(inference.effectiveMaxConcurrentImages(), inference.effectiveMaxQueue());
    }

    @Bean
    ResultCache resultCache(DfdetectProperties properties) {
        DfdetectProperties.Cache cache = properties.cache();
        return cache.enabled() ? new ResultCache(cache.maxEntries(), cache.maxSize().toBytes()) : ResultCache.disabled();
    }

    @Bean
    RequestLog requestLog() {
        return new RequestLog();
    }
}
