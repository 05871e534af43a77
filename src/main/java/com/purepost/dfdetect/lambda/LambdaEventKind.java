package com.purepost.dfdetect.lambda;

import tools.jackson.databind.JsonNode;

/** The kinds of event the function is invoked with, told apart by the fields only each carries. */
enum LambdaEventKind {
    /** API Gateway REST API proxy integration, payload format 1.0: {@code httpMethod} at the top. */
    REST_API,
    /** API Gateway HTTP API, payload format 2.0: {@code version} "2.0" and {@code requestContext.http}. */
    HTTP_API,
    /** S3 event notification: {@code Records} whose {@code eventSource} is {@code aws:s3}. */
    S3,
    /** Anything else: refused, since answering it in a guessed shape would hide a wiring mistake. */
    UNKNOWN;

    static LambdaEventKind of(JsonNode event) {
        if (event == null || !event.isObject()) {
            return UNKNOWN;
        }
        if (event.path("version").asString("").equals("2.0") && event.path("requestContext").has("http")) {
            return HTTP_API;
        }
        if (event.has("httpMethod")) {
            return REST_API;
        }
        JsonNode records = event.path("Records");
        if (records.isArray() && !records.isEmpty()) {
            for (JsonNode record : records) {
                if (!record.path("eventSource").asString("").equals("aws:s3")) {
                    return UNKNOWN;
                }
            }
            return S3;
        }
        return UNKNOWN;
    }
}
