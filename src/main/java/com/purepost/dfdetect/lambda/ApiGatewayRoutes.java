package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.detect.Failure;
import com.purepost.dfdetect.detect.ImageRequest;
import com.purepost.dfdetect.detect.PredictionResult;
import com.purepost.dfdetect.model.ModelHealth;
import com.purepost.dfdetect.model.ModelProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP app's endpoints behind API Gateway: {@code POST /predict} and {@code GET /health}, with the
 * same JSON bodies and statuses, and JSON for unknown paths (404) and wrong methods (405). Never
 * throws: whatever fails becomes the {@link Failure} answer, since an exception would reach the
 * caller as API Gateway's bare 502.
 */
final class ApiGatewayRoutes {

    private static final Logger log = LoggerFactory.getLogger(ApiGatewayRoutes.class);

    private final Function<ImageRequest, PredictionResult> detect;
    private final ModelProvider models;
    private final UploadedImage uploads;

    ApiGatewayRoutes(Function<ImageRequest, PredictionResult> detect, ModelProvider models, UploadedImage uploads) {
        this.detect = detect;
        this.models = models;
        this.uploads = uploads;
    }

    GatewayResponse handle(GatewayRequest request) {
        try {
            return route(request);
        } catch (RequestRefusedException e) {
            log.info("refused {} {}: {}", request.method(), request.path(), e.getMessage());
            return GatewayResponse.of(e.failure());
        } catch (RuntimeException e) {
            Failure failure = Failure.of(e);
            if (failure.isClientError()) {
                log.info("refused {} {}: {}", request.method(), request.path(), failure.error());
            } else {
                log.error("failed {} {}: {}", request.method(), request.path(), failure.error(), e);
            }
            return GatewayResponse.of(failure);
        }
    }

    private GatewayResponse route(GatewayRequest request) {
        String method = request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT);
        String path = request.path() == null ? "" : request.path();
        return switch (path) {
            case "/predict" -> method.equals("POST") ? predict(request) : wrongMethod(method, "POST");
            case "/health" -> method.equals("GET") ? health() : wrongMethod(method, "GET");
            default -> GatewayResponse.of(new Failure(404, "No such endpoint: " + method + " " + path
                    + ". The endpoints are POST /predict and GET /health."));
        };
    }

    private GatewayResponse predict(GatewayRequest request) {
        ImageRequest image = uploads.from(request);
        // The detector logs the request (one line, with Lambda's request id).
        return GatewayResponse.json(200, detect.apply(image));
    }

    private GatewayResponse health() {
        ModelHealth health = models.health();
        return GatewayResponse.json(health.isHealthy() ? 200 : 503, health);
    }

    private static GatewayResponse wrongMethod(String method, String allowed) {
        Failure failure = new Failure(405, "Method " + method + " is not allowed here; allowed: " + allowed + ".");
        return new GatewayResponse(failure.status(), failure.body(), Map.of("Allow", allowed));
    }
}
