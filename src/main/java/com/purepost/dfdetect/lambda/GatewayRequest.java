package com.purepost.dfdetect.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as API Gateway delivered it, whichever payload version carried it: method, path
 * without the stage, headers matched case-insensitively (REST sends them capitalised, HTTP API
 * lower-case), and the body as bytes, base64-decoded here and nowhere else.
 */
record GatewayRequest(String method, String path, Map<String, String> headers, byte[] body) {

    GatewayRequest {
        TreeMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            caseInsensitive.putAll(headers);
        }
        headers = caseInsensitive;
    }

    /** A REST API (payload format 1.0) proxy event. Its {@code path} carries no stage. */
    static GatewayRequest of(APIGatewayProxyRequestEvent event) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (event.getMultiValueHeaders() != null) {
            event.getMultiValueHeaders().forEach((name, values) -> {
                if (values != null && !values.isEmpty()) {
                    headers.put(name, String.join(",", values));
                }
            });
        }
        if (event.getHeaders() != null) {
            headers.putAll(event.getHeaders());
        }
        return new GatewayRequest(event.getHttpMethod(), event.getPath(), headers,
                body(event.getBody(), Boolean.TRUE.equals(event.getIsBase64Encoded())));
    }

    /**
     * An HTTP API (payload format 2.0) event. Its {@code rawPath} starts with the stage name unless the
     * stage is {@code $default}; routes are matched without it.
     */
    static GatewayRequest of(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        String method = context != null && context.getHttp() != null ? context.getHttp().getMethod() : null;
        String path = event.getRawPath();
        if (path == null && context != null && context.getHttp() != null) {
            path = context.getHttp().getPath();
        }
        String stage = context == null ? null : context.getStage();
        if (path != null && stage != null && !stage.equals("$default") && path.startsWith("/" + stage + "/")) {
            path = path.substring(stage.length() + 1);
        }
        return new GatewayRequest(method, path, event.getHeaders(), body(event.getBody(), event.getIsBase64Encoded()));
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    private static byte[] body(String body, boolean base64) {
        if (body == null) {
            return new byte[0];
        }
        if (!base64) {
            // Binary bodies arrive this way only when the API lacks binary media types: API Gateway has
            // then already turned them into text, and the image will not decode.
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new RequestRefusedException(400, "The body is marked base64-encoded but is not valid base64.");
        }
    }
}
