package com.purepost.dfdetect.lambda;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A structured header value such as {@code multipart/form-data; boundary="abc"} or
 * {@code form-data; name="file"; filename="image.jpg"}: the leading token, lower-cased, and its
 * parameters, whose names match case-insensitively and whose values may be quoted (RFC 9110 5.6.6).
 */
record HeaderValue(String token, Map<String, String> parameters) {

    HeaderValue {
        TreeMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(parameters);
        parameters = caseInsensitive;
    }

    static HeaderValue parse(String value) {
        Cursor in = new Cursor(value == null ? "" : value);
        String token = in.until(';').strip().toLowerCase(Locale.ROOT);
        Map<String, String> parameters = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        while (in.skip(';')) {
            String name = in.until('=', ';').strip();
            String parameterValue = in.skip('=') ? in.value() : "";
            if (!name.isEmpty()) {
                parameters.putIfAbsent(name, parameterValue);
            }
        }
        return new HeaderValue(token, parameters);
    }

    Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** Reads the value left to right; quoted strings keep their semicolons and lose their escapes. */
    private static final class Cursor {
        private final String text;
        private int at;

        Cursor(String text) {
            this.text = text;
        }

        boolean skip(char expected) {
            if (at < text.length() && text.charAt(at) == expected) {
                at++;
                return true;
            }
            return false;
        }

        String until(char... stops) {
            int start = at;
            while (at < text.length() && !isStop(text.charAt(at), stops)) {
                at++;
            }
            return text.substring(start, at);
        }

        String value() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            if (at >= text.length() || text.charAt(at) != '"') {
                return until(';').strip();
            }
            StringBuilder unquoted = new StringBuilder();
            at++;
            while (at < text.length() && text.charAt(at) != '"') {
                char c = text.charAt(at++);
                if (c == '\\' && at < text.length()) {
                    c = text.charAt(at++);
                }
                unquoted.append(c);
            }
            if (at < text.length()) {
                at++; // the closing quote; a value whose quote never closes runs to the end
            }
            until(';');
            return unquoted.toString();
        }

        private static boolean isStop(char c, char[] stops) {
            for (char stop : stops) {
                if (c == stop) {
                    return true;
                }
            }
            return false;
        }
    }
}
