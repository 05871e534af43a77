package com.purepost.dfdetect.http;

import com.purepost.dfdetect.support.ModelDirectories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code dfdetect.cors.allowed-origins} set, browsers from those origins may call the service, and no others. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CorsAllowedTest {

    @DynamicPropertySource
    static void allowOneOrigin(DynamicPropertyRegistry registry) {
        registry.add("dfdetect.model.dir", ModelDirectories.withLabelsOnly()::toString);
        registry.add("dfdetect.cors.allowed-origins", () -> "https://admin.purepost.example");
    }

    @LocalServerPort
    int port;

    @Test
    void allowsTheConfiguredOriginOnly() throws Exception {
        assertThat(allowedOriginFor("https://admin.purepost.example")).isEqualTo("https://admin.purepost.example");
        assertThat(allowedOriginFor("https://elsewhere.example")).isEmpty();
    }

    private String allowedOriginFor(String origin) throws Exception {
        HttpResponse<String> preflight = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/predict"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST").build(),
                HttpResponse.BodyHandlers.ofString());
        return preflight.headers().firstValue("Access-Control-Allow-Origin").orElse("");
    }
}
