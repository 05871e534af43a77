package com.purepost.dfdetect.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.Context;
import com.purepost.dfdetect.detect.RequestLog;
import org.slf4j.MDC;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.Message;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The function Lambda invokes: receives the raw event JSON, tells API Gateway REST (payload 1.0),
 * HTTP API (2.0) and S3 events apart, and answers each in its own shape: proxy responses for the
 * APIs, a per-record summary for S3. An event of any other kind fails the invocation.
 *
 * <p>It takes the event as a stream on purpose. For any other input type the adapter parses the
 * whole event into a map, logs all of it (megabytes of base64 per upload), and, seeing an API
 * Gateway event, wraps whatever the function returns in a proxy response of its own, copying its
 * internal message headers ({@code id}, {@code timestamp}, {@code contentType}) into the HTTP
 * headers and answering 200 whatever the status. Given a stream, it does none of that: what this
 * function returns is serialised as it is.
 */
final class LambdaEventRouter implements Function<Message<InputStream>, Object> {

    private final JsonMapper json;
    private final ApiGatewayRoutes routes;
    private final GatewayResponses responses;
    private final S3UploadHandler uploads;
    private final ObjectReader restEvents;
    private final ObjectReader httpApiEvents;

    LambdaEventRouter(JsonMapper json, ApiGatewayRoutes routes, S3UploadHandler uploads) {
        this.json = json;
        this.routes = routes;
        this.responses = new GatewayResponses(json);
        this.uploads = uploads;
        // AWS adds fields to its events over time; the typed events need not know all of them.
        this.restEvents = json.readerFor(APIGatewayProxyRequestEvent.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.httpApiEvents = json.readerFor(APIGatewayV2HTTPEvent.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Override
    public Object apply(Message<InputStream> message) {
        // Lambda's request id on every log line of this invocation, as in Lambda's own REPORT line.
        if (message.getHeaders().get(AWSLambdaUtils.AWS_CONTEXT) instanceof Context context) {
            MDC.put(RequestLog.REQUEST_ID, context.getAwsRequestId());
        }
        try {
            return route(message);
        } finally {
            MDC.remove(RequestLog.REQUEST_ID);
        }
    }

    private Object route(Message<InputStream> message) {
        byte[] payload = read(message.getPayload());
        JsonNode event = json.readTree(payload);
        return switch (LambdaEventKind.of(event)) {
            case REST_API -> responses.forRestApi(answer(() -> GatewayRequest.of(
                    restEvents.<APIGatewayProxyRequestEvent>readValue(event))));
            case HTTP_API -> responses.forHttpApi(answer(() -> GatewayRequest.of(
                    httpApiEvents.<APIGatewayV2HTTPEvent>readValue(event))));
            case S3 -> uploads.handle(S3Events.SERIALIZER.fromJson(new ByteArrayInputStream(payload)));
            case UNKNOWN -> throw new IllegalArgumentException("Not an API Gateway proxy or S3 event; this function "
                    + "answers POST /predict and GET /health through API Gateway, and S3 uploads");
        };
    }

    /** A request that cannot even be read (a body marked base64 that is not) is answered, not thrown. */
    private GatewayResponse answer(Supplier<GatewayRequest> request) {
        GatewayRequest read;
        try {
            read = request.get();
        } catch (RequestRefusedException e) {
            return GatewayResponse.of(e.failure());
        }
        return routes.handle(read);
    }

    private static byte[] read(InputStream event) {
        try (event) {
            return event.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event", e);
        }
    }

    /**
     * AWS's own reader for S3 events, whose records have no default constructors and joda-time dates;
     * built on first use, so that API Gateway invocations never pay for it.
     */
    private static final class S3Events {
        static final PojoSerializer<S3Event> SERIALIZER =
                LambdaEventSerializers.serializerFor(S3Event.class, LambdaEventRouter.class.getClassLoader());
    }
}
