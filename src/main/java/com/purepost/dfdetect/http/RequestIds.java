package com.purepost.dfdetect.http;

import com.purepost.dfdetect.detect.RequestLog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives each HTTP request an id: the caller's {@code X-Request-Id} when it sends a sane one, else a
 * new one. It is on every log line of the request and echoed in the answer's {@code X-Request-Id}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class RequestIds extends OncePerRequestFilter {

    static final String HEADER = "X-Request-Id";
    /** A caller's id is logged as given, so only plain tokens are taken: no log injection. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
        MDC.put(RequestLog.REQUEST_ID, id);
        response.setHeader(HEADER, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(RequestLog.REQUEST_ID);
        }
    }
}
