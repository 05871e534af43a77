package com.purepost.dfdetect.http;

import com.purepost.dfdetect.detect.Failure;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Closes spring-cloud-function-web's generic endpoints ({@code /functions/**}, as
 * {@code spring.cloud.function.web.path} places them): they would take an image as base64 JSON of any
 * size, past the upload limits, the admission queue and the request-id sanitising. Every method and
 * path under them answers a JSON 404 at once, without reading the body. Their MVC mapping is not
 * configured either (application.properties); this holds should it ever come back.
 */
@ConditionalOnWebApplication
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class ClosedFunctionEndpoints extends OncePerRequestFilter {

    static final String PATH = "/functions";
    private static final Failure NOT_SERVED = new Failure(404,
            "No such endpoint. The endpoints are POST /predict and GET /health.");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The path as the container decoded and normalised it (no ;parameters, %-escapes, // or ..).
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return !(path.equals(PATH) || path.startsWith(PATH + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EarlyRefusal.send(response, NOT_SERVED);
    }
}
