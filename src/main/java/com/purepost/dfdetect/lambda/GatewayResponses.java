package com.purepost.dfdetect.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts a {@link GatewayResponse} in the proxy response shape of the payload version that asked.
 * Returned as AWS's own response types, the adapter sends them as they are: only the headers set
 * here reach the caller, none of the message headers the adapter keeps internally.
 */
final class GatewayResponses {

    private final JsonMapper json;

    GatewayResponses(JsonMapper json) {
        this.json = json;
    }

    APIGatewayProxyResponseEvent forRestApi(GatewayResponse response) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(response.status())
                .withHeaders(headers(response))
                .withBody(json.writeValueAsString(response.body()))
                .withIsBase64Encoded(false);
    }

    APIGatewayV2HTTPResponse forHttpApi(GatewayResponse response) {
        APIGatewayV2HTTPResponse answer = new APIGatewayV2HTTPResponse();
        answer.setStatusCode(response.status());
        answer.setHeaders(headers(response));
        answer.setBody(json.writeValueAsString(response.body()));
        answer.setIsBase64Encoded(false);
        return answer;
    }

    private static Map<String, String> headers(GatewayResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.putAll(response.headers());
        return headers;
    }
}
