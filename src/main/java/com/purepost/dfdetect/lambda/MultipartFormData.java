package com.purepost.dfdetect.lambda;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A multipart/form-data body (RFC 7578, framing of RFC 2046 5.1) split into its parts. API Gateway
 * hands the whole body over in memory, already limited in size, so the parts are read in one pass
 * over the bytes. Header names match case-insensitively; the boundary may be quoted or not. The
 * limits the HTTP app's parser applies hold here too: parts per form, header bytes per part, and
 * RFC 2046's 70 characters per boundary (which also bounds the work of finding it in the body).
 */
final class MultipartFormData {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};
    private static final byte[] CLOSE = {'-', '-'};

    /** One part: its form field name, the file name and content type the client gave, its bytes. */
    record Part(String name, String fileName, String contentType, byte[] content) {
    }

    private MultipartFormData() {
    }

    /** The longest boundary RFC 2046 allows. */
    static final int MAX_BOUNDARY_LENGTH = 70;

    /**
     * The {@code boundary} parameter of a {@code multipart/form-data} content type, if it is one and
     * its boundary is 1 to 70 characters long.
     */
    static Optional<String> boundaryOf(String contentType) {
        HeaderValue value = HeaderValue.parse(contentType);
        if (!value.token().equals("multipart/form-data")) {
            return Optional.empty();
        }
        return value.parameter("boundary")
                .filter(boundary -> !boundary.isEmpty() && boundary.length() <= MAX_BOUNDARY_LENGTH);
    }

    /**
     * Every part, in order; refuses a body of more than {@code maxParts} parts, or with a part whose
     * headers take more than {@code maxHeaderBytes}.
     */
    static List<Part> parse(byte[] body, String boundary, int maxParts, int maxHeaderBytes) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] innerDelimiter = concat(CRLF, delimiter);
        int at = firstDelimiter(body, delimiter);
        List<Part> parts = new ArrayList<>();
        while (true) {
            at += delimiter.length;
            if (startsWith(body, at, CLOSE)) {
                return parts;
            }
            at = endOfDelimiterLine(body, at);
            if (parts.size() == maxParts) {
                throw new MalformedMultipartException("more than " + maxParts + " parts");
            }
            int headersEnd = startsWith(body, at, CRLF) ? at
                    : indexOf(body, HEADERS_END, at, (long) at + maxHeaderBytes + HEADERS_END.length);
            if (headersEnd < 0) {
                throw new MalformedMultipartException(indexOf(body, HEADERS_END, at, body.length) < 0
                        ? "a part's headers never end" : "a part has more than " + maxHeaderBytes + " bytes of headers");
            }
            Map<String, String> headers = headers(new String(body, at, headersEnd - at, StandardCharsets.UTF_8));
            int contentStart = headersEnd + (headersEnd == at ? CRLF.length : HEADERS_END.length);
            int contentEnd = indexOf(body, innerDelimiter, contentStart, body.length);
            if (contentEnd < 0) {
                throw new MalformedMultipartException("the body ends inside a part (no closing boundary)");
            }
            parts.add(part(headers, Arrays.copyOfRange(body, contentStart, contentEnd)));
            at = contentEnd + CRLF.length;
        }
    }

    private static int firstDelimiter(byte[] body, byte[] delimiter) {
        if (startsWith(body, 0, delimiter)) {
            return 0;
        }
        // Anything before the first delimiter is a preamble, and the delimiter then follows a line break.
        int found = indexOf(body, concat(CRLF, delimiter), 0, body.length);
        if (found < 0) {
            throw new MalformedMultipartException("the boundary given in Content-Type never occurs in the body");
        }
        return found + CRLF.length;
    }

    /** Skips the transport padding RFC 2046 allows after a delimiter, then its line break. */
    private static int endOfDelimiterLine(byte[] body, int at) {
        while (at < body.length && (body[at] == ' ' || body[at] == '\t')) {
            at++;
        }
        if (!startsWith(body, at, CRLF)) {
            throw new MalformedMultipartException("a boundary line is not followed by a line break");
        }
        return at + CRLF.length;
    }

    private static Map<String, String> headers(String block) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    private static Part part(Map<String, String> headers, byte[] content) {
        HeaderValue disposition = HeaderValue.parse(headers.get("Content-Disposition"));
        String contentType = headers.get("Content-Type");
        return new Part(disposition.parameter("name").orElse(null), disposition.parameter("filename").orElse(null),
                contentType, content);
    }

    private static boolean startsWith(byte[] body, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > body.length) {
            return false;
        }
        return Arrays.equals(body, at, at + prefix.length, prefix, 0, prefix.length);
    }

    /** Where {@code target} starts at or after {@code from}, ending by {@code until}; -1 if it does not. */
    private static int indexOf(byte[] body, byte[] target, int from, long until) {
        byte first = target[0];
        int last = (int) Math.min(body.length, until) - target.length;
        for (int i = Math.max(from, 0); i <= last; i++) {
            if (body[i] == first && startsWith(body, i, target)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
