package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.detect.ImageRequest;
import com.purepost.dfdetect.detect.PredictionResult;
import com.purepost.dfdetect.model.ModelProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Profile;
import org.springframework.messaging.Message;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.time.Clock;
import java.util.function.Function;

/**
 * Lambda mode (the {@code lambda} profile, switched on by the task root's {@code config/}): the
 * {@code lambdaEvent} function the adapter invokes, which hands every kind of event to the one
 * {@code detect} function. Absent from the local app, where it would only add a stray endpoint.
 */
@Configuration(proxyBeanMethods = false)
@Profile("lambda")
class LambdaConfiguration {

    @Bean
    Function<Message<InputStream>, Object> lambdaEvent(
            @Qualifier("detect") Function<ImageRequest, PredictionResult> detect, ModelProvider models,
            DfdetectProperties properties, JsonMapper json, @Lazy S3Client s3) {
        long maxUploadSize = properties.limits().maxUploadSize().toBytes();
        ResultLocation results = new ResultLocation(properties.results().bucket(), properties.results().prefix());
        DfdetectProperties.Limits limits = properties.limits();
        ApiGatewayRoutes routes = new ApiGatewayRoutes(detect, models, new UploadedImage(maxUploadSize,
                limits.maxParts(), (int) limits.maxPartHeaderSize().toBytes(), results.prefix()));
        S3UploadHandler uploads = new S3UploadHandler(s3, detect, models, results, maxUploadSize, json,
                properties.s3());
        return new LambdaEventRouter(json, routes, uploads);
    }

    /** CloudWatch's metrics, written as log lines in Embedded Metric Format (Prometheus is not scraped on Lambda). */
    @Bean
    EmbeddedMetrics embeddedMetrics(JsonMapper json, ModelProvider models) {
        return new EmbeddedMetrics(json, models, System.out, Clock.systemUTC());
    }
}
