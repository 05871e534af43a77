package com.purepost.dfdetect.lambda.runtime;

import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * An API Gateway proxy response as the handler returned it to the Runtime API, with its body parsed:
 * what API Gateway would turn into the HTTP answer.
 */
public record ProxyResponse(int statusCode, Map<String, String> headers, JsonNode body, JsonNode raw) {

    public static ProxyResponse of(RuntimeApiStub.Outcome outcome) {
        if (outcome.isError()) {
            throw new AssertionError("the invocation failed instead of answering: " + outcome.body());
        }
        JsonNode raw = LambdaEvents.JSON.readTree(outcome.body());
        Map<String, String> headers = new TreeMap<>();
        raw.path("headers").properties().forEach(header -> headers.put(header.getKey(), header.getValue().asString()));
        JsonNode body = LambdaEvents.JSON.readTree(raw.path("body").asString());
        return new ProxyResponse(raw.path("statusCode").asInt(), headers, body, raw);
    }

    public String error() {
        return body.path("error").asString();
    }
}
