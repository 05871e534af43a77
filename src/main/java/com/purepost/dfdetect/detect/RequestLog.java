package com.purepost.dfdetect.detect;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * One log line per scoring, with its request id, outcome, size and timings: written out as
 * {@code key=value} in the message for people, and attached as key-value pairs, which Spring Boot's
 * structured (JSON) logging turns into fields of their own. Never the image, never a secret.
 */
public final class RequestLog implements ScoringObserver {

    /** The logging context key of the current request's id, set by each edge for the request's duration. */
    public static final String REQUEST_ID = "request_id";

    private static final Logger log = LoggerFactory.getLogger("dfdetect.requests");
    private static final double NANOS_PER_MILLI = 1e6;

    @Override
    public void observe(ScoringReport report) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(REQUEST_ID, report.requestId());
        fields.put("outcome", report.outcome().tag());
        fields.put("status", report.status());
        fields.put("bytes", report.imageBytes());
        fields.put("total_ms", millis(report.totalNanos()));
        fields.put("decode_ms", millis(report.decodeNanos()));
        fields.put("resize_ms", millis(report.resizeNanos()));
        fields.put("model_ms", millis(report.modelNanos()));
        fields.put("cache", report.cacheHit() ? "hit" : "miss");
        if (report.error() == null) {
            fields.put("top", report.topLabel());
            fields.put("score", Math.round(report.topScore() * 1e4) / 1e4);
        } else {
            fields.put("error", report.error());
        }
        LoggingEventBuilder line = report.outcome() == ScoringReport.Outcome.SERVER_ERROR ? log.atWarn() : log.atInfo();
        StringJoiner message = new StringJoiner(" ", report.error() == null ? "scored " : "refused ", "");
        // The edge's logging context usually carries the id already; structured logging refuses a field twice.
        boolean idInContext = Objects.equals(MDC.get(REQUEST_ID), report.requestId());
        fields.forEach((key, value) -> {
            if (!(idInContext && key.equals(REQUEST_ID))) {
                // Escaped here too: a JSON encoder escapes them again, but a text pattern may print them as they are.
                line.addKeyValue(key, value instanceof String text ? escaped(text) : value);
            }
            message.add(key + "=" + (value instanceof String text ? quoted(text) : value));
        });
        line.log(message.toString());
    }

    /**
     * A text value as it goes into the message: {@link #escaped(String) escaped}, and quoted when it holds
     * a space, an equals sign or anything escaped, so that no value can forge a field of its own.
     */
    static String quoted(String text) {
        String escaped = escaped(text);
        boolean quote = text.isEmpty() || !escaped.equals(text) || text.indexOf(' ') >= 0 || text.indexOf('=') >= 0;
        return quote ? '"' + escaped + '"' : escaped;
    }

    /**
     * Control characters (CR and LF above all, and the Unicode line separators), quotes and
     * backslashes escaped, so that no value can end the log line and forge one of its own.
     */
    static String escaped(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    private static double millis(long nanos) {
        return Math.round(nanos / NANOS_PER_MILLI * 100) / 100.0;
    }
}
