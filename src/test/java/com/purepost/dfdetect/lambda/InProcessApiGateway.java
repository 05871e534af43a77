package com.purepost.dfdetect.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.purepost.dfdetect.lambda.runtime.LambdaEvents;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * API Gateway as the function sees it, without the runtime client: a real REST API or HTTP API event
 * (made from the files in {@code events/}) handed in-process to the {@code lambdaEvent} function, and
 * its proxy response read back.
 */
final class InProcessApiGateway {

    /** The two payload versions. */
    enum Api {
        REST, HTTP
    }

    /** A proxy response's status and body. */
    record Answer(int status, String body) {
    }

    private final Function<Message<InputStream>, Object> lambdaEvent;

    InProcessApiGateway(Function<Message<InputStream>, Object> lambdaEvent) {
        this.lambdaEvent = lambdaEvent;
    }

    Answer call(Api api, String method, String contentType, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        // API Gateway sends no body at all (null) for an empty one.
        byte[] sent = body == null || body.length == 0 ? null : body;
        byte[] event = api == Api.REST ? LambdaEvents.restApi(method, "/predict", headers, sent)
                : LambdaEvents.httpApi(method, "/predict", headers, sent);
        Object response = lambdaEvent.apply(MessageBuilder.<InputStream>withPayload(new ByteArrayInputStream(event)).build());
        if (response instanceof APIGatewayProxyResponseEvent rest) {
            return new Answer(rest.getStatusCode(), rest.getBody());
        }
        APIGatewayV2HTTPResponse http = (APIGatewayV2HTTPResponse) response;
        return new Answer(http.getStatusCode(), http.getBody());
    }
}
