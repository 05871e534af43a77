package com.purepost.dfdetect.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.purepost.dfdetect.lambda.runtime.LambdaEvents;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API Gateway events of both payload versions, read from the sample files, as one request shape. */
class GatewayRequestTest {

    @Test
    void readsTheRestApiSampleWithItsBase64BodyDecodedAndHeadersMatchedInAnyCase() {
        GatewayRequest request = GatewayRequest.of(read("rest-api-predict.json", APIGatewayProxyRequestEvent.class));

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/predict");
        assertThat(request.header("content-type")).hasValueSatisfying(value -> assertThat(value).startsWith("multipart/form-data"));
        assertThat(request.header("CONTENT-TYPE")).isEqualTo(request.header("Content-Type"));
        assertThat(new String(request.body(), StandardCharsets.ISO_8859_1)).startsWith("--").contains("filename=\"image.jpg\"");
        assertThat(request.body().length).isEqualTo(Integer.parseInt(request.header("Content-Length").orElseThrow()));
    }

    @Test
    void readsTheHttpApiSampleTheSameWay() {
        GatewayRequest rest = GatewayRequest.of(read("rest-api-predict.json", APIGatewayProxyRequestEvent.class));
        GatewayRequest http = GatewayRequest.of(read("http-api-predict.json", APIGatewayV2HTTPEvent.class));

        assertThat(http.method()).isEqualTo("POST");
        assertThat(http.path()).isEqualTo("/predict");
        assertThat(http.header("Content-Type")).isEqualTo(rest.header("Content-Type"));
        assertThat(http.body()).isEqualTo(rest.body());
    }

    @Test
    void joinsRepeatedRestApiHeadersAndPrefersTheSingleValuedOnes() {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/health")
                .withMultiValueHeaders(Map.of("Accept", List.of("a", "b"), "X-Only-Multi", List.of("m")))
                .withHeaders(Map.of("Accept", "b"));

        GatewayRequest request = GatewayRequest.of(event);

        assertThat(request.header("accept")).contains("b");
        assertThat(request.header("x-only-multi")).contains("m");
        assertThat(request.body()).isEmpty();
    }

    @Test
    void dropsANamedStageFromHttpApiPathsButNotFromPathsThatMerelyStartLikeIt() {
        assertThat(httpApiPath("/prod/health", "prod")).isEqualTo("/health");
        assertThat(httpApiPath("/health", "$default")).isEqualTo("/health");
        assertThat(httpApiPath("/production/health", "prod")).isEqualTo("/production/health");
    }

    @Test
    void refusesABodyMarkedBase64ThatIsNot() {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/predict")
                .withBody("not base64 at all!").withIsBase64Encoded(true);

        assertThatThrownBy(() -> GatewayRequest.of(event)).isInstanceOf(RequestRefusedException.class)
                .satisfies(e -> assertThat(((RequestRefusedException) e).failure().status()).isEqualTo(400));
    }

    private static String httpApiPath(String rawPath, String stage) {
        APIGatewayV2HTTPEvent event = read("http-api-health.json", APIGatewayV2HTTPEvent.class);
        event.setRawPath(rawPath);
        event.getRequestContext().setStage(stage);
        return GatewayRequest.of(event).path();
    }

    private static <T> T read(String file, Class<T> type) {
        JsonNode tree = LambdaEvents.read(file);
        return LambdaEvents.JSON.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(tree);
    }
}
