package com.purepost.dfdetect.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request on a connection of its own, closed after the answer, with one deadline on the
 * whole exchange: how PurePost's backend calls the service ({@code requests.post} without a session,
 * a 30 s timeout). A fresh connection per request also makes a leaked socket show in the server's
 * open files.
 */
public final class OneShotHttp {

    /** The caller's timeout. */
    public static final Duration CALLER_TIMEOUT = Duration.ofSeconds(30);

    /** A request ready to send again and again; {@code headers} beyond Host, Connection and the body's. */
    public record Request(String method, String path, String contentType, byte[] body, Map<String, String> headers) {

        public Request {
            headers = Map.copyOf(headers);
        }

        public Request(String method, String path, String contentType, byte[] body) {
            this(method, path, contentType, body, Map.of());
        }

        public Request withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Request(method, path, contentType, body, more);
        }

        public static Request post(MultipartUpload upload) {
            return new Request("POST", "/predict", upload.contentType(), upload.body());
        }

        public static Request get(String path) {
            return new Request("GET", path, null, null);
        }
    }

    /** The status, the headers (names in lower case) and the body as text. */
    public record Reply(int status, Map<String, String> headers, String body) {
    }

    private OneShotHttp() {
    }

    /**
     * Sends {@code request} to 127.0.0.1:{@code port}.
     *
     * @throws SocketTimeoutException when no complete answer came within {@code timeout}
     * @throws IOException            when the connection is refused or broken
     */
    public static Reply send(int port, Request request, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) Math.max(1, timeout.toMillis()));
            OutputStream out = socket.getOutputStream();
            out.write(head(request, port));
            if (request.body() != null) {
                out.write(request.body());
            }
            out.flush();
            return parse(readUntilClosed(socket, deadline));
        }
    }

    private static byte[] head(Request request, int port) {
        StringBuilder head = new StringBuilder()
                .append(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Connection: close\r\n");
        if (request.contentType() != null) {
            head.append("Content-Type: ").append(request.contentType()).append("\r\n");
        }
        if (request.body() != null) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        request.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] readUntilClosed(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (left <= 0) {
                throw new SocketTimeoutException("no complete answer within the deadline");
            }
            socket.setSoTimeout((int) left);
            int read = in.read(buffer);
            if (read < 0) {
                return answer.toByteArray();
            }
            answer.write(buffer, 0, read);
        }
    }

    private static Reply parse(byte[] raw) throws IOException {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            throw new IOException("the connection closed before a complete answer (" + raw.length + " bytes)");
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOf(chunked, new byte[]{'\r', '\n'}, at);
            if (lineEnd < 0) {
                throw new IOException("truncated chunked body");
            }
            String sizeField = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(sizeField.split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
