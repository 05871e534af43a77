package com.purepost.dfdetect.http;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.detect.Failure;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * When {@code dfdetect.api-key} is set, every request but {@code /health} and CORS preflights must
 * carry it in {@code X-Api-Key} (the header API Gateway's API keys use, so PurePost sends the same
 * either way). Checked before anything else reads the request, the upload body included; compared in
 * constant time. Actuator's endpoints are on the loopback management port, which this does not guard.
 */
@ConditionalOnWebApplication
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public final class ApiKeyCheck extends OncePerRequestFilter {

    static final String HEADER = "X-Api-Key";
    private static final Failure MISSING = new Failure(401, "This service requires its API key in header X-Api-Key.");
    private static final Failure WRONG = new Failure(401, "The API key in header X-Api-Key is not this service's.");

    /** The key's digest: comparing digests takes the same time whatever the length of what was sent. */
    private final byte[] keyDigest;

    public ApiKeyCheck(DfdetectProperties properties) {
        this.keyDigest = properties.requiresApiKey() ? sha256(properties.apiKey()) : null;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // Health checks (PurePost's own, Docker's) carry no key; /health tells nothing but the model's state.
        // A CORS preflight carries no custom header by design, and costs nothing: CORS itself decides it.
        return keyDigest == null || request.getRequestURI().equals(request.getContextPath() + "/health")
                || CorsUtils.isPreFlightRequest(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        if (given == null || given.isEmpty()) {
            EarlyRefusal.send(response, MISSING);
        } else if (!MessageDigest.isEqual(keyDigest, sha256(given))) {
            EarlyRefusal.send(response, WRONG);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
