package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.detect.Failure;

import java.util.Map;

/**
 * What an API Gateway request is answered with, before it is put in the shape of the payload version
 * that asked: a status, the object sent as the JSON body, and any header beyond Content-Type.
 */
record GatewayResponse(int status, Object body, Map<String, String> headers) {

    GatewayResponse {
        headers = Map.copyOf(headers);
    }

    static GatewayResponse json(int status, Object body) {
        return new GatewayResponse(status, body, Map.of());
    }

    static GatewayResponse of(Failure failure) {
        return json(failure.status(), failure.body());
    }
}
