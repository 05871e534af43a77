package com.purepost.dfdetect.http;

import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.ServiceClient;
import com.purepost.dfdetect.support.ServiceClient.Answer;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators see: Prometheus metrics, readiness and liveness with the model's details on the
 * management port (only there), request ids, and cache hits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperatorEndpointsTest {

    @DynamicPropertySource
    static void freshModelDirectory(DynamicPropertyRegistry registry) {
        registry.add("dfdetect.model.dir", ModelDirectories.withLabelsOnly()::toString);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void prometheusCountsRequestsByOutcomeStageTimesCacheHitsAndTheStandIn() throws Exception {
        ServiceClient client = new ServiceClient(port);
        byte[] image = TestImages.jpeg(300, 200);
        Map<String, Double> before = scrape();

        assertThat(client.predict(image).succeeded()).isTrue();
        assertThat(client.predict(image).succeeded()).isTrue();
        assertThat(client.predict("not an image".getBytes()).status()).isEqualTo(415);
        Map<String, Double> after = scrape();

        assertThat(delta(before, after, "dfdetect_requests_seconds_count{application=\"dfdetect\",outcome=\"ok\"}")).isEqualTo(2);
        assertThat(delta(before, after, "dfdetect_requests_seconds_count{application=\"dfdetect\",outcome=\"client_error\"}")).isEqualTo(1);
        assertThat(delta(before, after, "dfdetect_cache_total{application=\"dfdetect\",result=\"hit\"}")).isEqualTo(1);
        assertThat(delta(before, after, "dfdetect_stage_seconds_count{application=\"dfdetect\",stage=\"model\"}")).isEqualTo(1);
        assertThat(delta(before, after, "dfdetect_stage_seconds_count{application=\"dfdetect\",stage=\"decode\"}")).isEqualTo(1);
        assertThat(after.get("dfdetect_model_stand_in{application=\"dfdetect\"}")).isEqualTo(1.0);
        assertThat(after).containsKey("dfdetect_queue_depth{application=\"dfdetect\"}");
        assertThat(after.keySet()).anyMatch(k -> k.startsWith("dfdetect_requests_seconds_bucket{"));
    }

    @Test
    void aCacheHitAnswersTheSameJsonWithItsOwnProcessingTime() {
        ServiceClient client = new ServiceClient(port);
        byte[] image = TestImages.png(210, 190);

        Answer first = client.predict(image);
        Answer second = client.predict(image);

        assertThat(second.json().get("predictions")).isEqualTo(first.json().get("predictions"));
        assertThat(second.json().get("model")).isEqualTo(first.json().get("model"));
        assertThat(second.json().get("processing_time").asDouble())
                .isNotEqualTo(first.json().get("processing_time").asDouble());
    }

    @Test
    void readinessAndLivenessAreUpWithTheModelsStateInReadiness() {
        ServiceClient client = new ServiceClient(managementPort);

        Answer readiness = client.get("/actuator/health/readiness");
        Answer liveness = client.get("/actuator/health/liveness");

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
        assertThat(readiness.json().get("components").get("model").get("details").get("stand_in").asBoolean()).isTrue();
        assertThat(liveness.status()).isEqualTo(200);
    }

    @Test
    void servesActuatorOnItsOwnPortAndHealthDetailsOnlyThere() {
        Answer publicHealth = new ServiceClient(port).get("/health");
        Answer details = new ServiceClient(managementPort).get("/actuator/health");

        assertThat(managementPort).isNotEqualTo(port);
        assertThat(publicHealth.json().has("components")).isFalse();
        assertThat(details.json().get("components").get("model").get("details").has("model_file")).isTrue();
        assertThat(new ServiceClient(port).get("/actuator/prometheus").status()).isEqualTo(404);
        assertThat(new ServiceClient(managementPort).get("/predict").status()).as("only Actuator there").isEqualTo(404);
    }

    @Test
    void echoesTheCallersRequestIdOrMakesOne() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> given = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .header("X-Request-Id", "purepost-task-42").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> made = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .header("X-Request-Id", "bad id; with spaces {and braces}").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(given.headers().firstValue("X-Request-Id")).hasValue("purepost-task-42");
        assertThat(made.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f-]{36}"));
    }

    @Test
    void answersNoCorsHeadersByDefault() throws Exception {
        HttpResponse<String> preflight = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/predict"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://example.org").header("Access-Control-Request-Method", "POST").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+\\{[^}]*\\}|[a-z_]+) ([-+0-9.eE]+|NaN)$");

    private Map<String, Double> scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line.strip());
            if (!line.startsWith("#") && sample.matches()) {
                samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
            }
        }
        return samples;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).as("series " + series).containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }
}
