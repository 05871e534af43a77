package com.purepost.dfdetect.http;

import com.purepost.dfdetect.detect.Failure;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A refusal written by a servlet filter, before Spring MVC (and its multipart parser) sees the
 * request: the service's one error shape, and the connection closed after it so that a body the
 * caller may still be sending is not read.
 */
final class EarlyRefusal {

    private EarlyRefusal() {
    }

    /** Writes {@code failure}; its message must be plain words (no quotes or backslashes to escape). */
    static void send(HttpServletResponse response, Failure failure) throws IOException {
        if (failure.error().indexOf('"') >= 0 || failure.error().indexOf('\\') >= 0) {
            throw new IllegalArgumentException("an early refusal's message is plain words: " + failure.error());
        }
        byte[] body = ("{\"success\":false,\"error\":\"" + failure.error() + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(failure.status());
        response.setContentType("application/json");
        response.setHeader("Connection", "close");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
