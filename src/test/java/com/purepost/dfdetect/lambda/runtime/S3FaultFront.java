package com.purepost.dfdetect.lambda.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A front of our own before the S3 test server, on 127.0.0.1: forwards every request byte for byte
 * (so request signatures stay valid) and, when told to, answers GetObject or PutObject of chosen keys
 * with a 500 or another error of its own, holds the request back before forwarding it, or stalls the
 * answer's body part-way. Counts the requests it sees, so a test can tell how often the client tried,
 * and keeps what each asked (its query and the expected bucket owner it named), which S3Proxy ignores
 * and AWS's S3 enforces.
 */
public final class S3FaultFront implements AutoCloseable {

    /** The S3 calls a fault can be aimed at. */
    public enum Operation { GET_OBJECT, PUT_OBJECT, LIST_OBJECTS }

    /** One request as the front saw it: the call, its bucket and key, its query parameters, and the owner it expects. */
    public record Seen(String method, String bucket, String key, Map<String, String> query, String expectedBucketOwner) {
    }

    /** What to do to a matching request. */
    public sealed interface Fault {
        /** Answer {@code 500 InternalError} without forwarding. */
        record InternalError() implements Fault {
        }

        /**
         * Answer {@code status} with S3's error document for {@code code} without forwarding: {@code 403
         * AccessDenied} as S3 answers a key the caller may not list, {@code 503 SlowDown} as it throttles.
         */
        record Refuse(int status, String code) implements Fault {
        }

        /**
         * Answer {@code 200} with {@code body} without forwarding: a GetObject of a version, which S3Proxy
         * does not implement (it answers 501 to a {@code versionId}).
         */
        record Respond(byte[] body) implements Fault {
        }

        /** Forward after {@code delay}. */
        record Delay(Duration delay) implements Fault {
        }

        /** Forward, then stop passing the answer on for {@code stall} after its first {@code afterBytes} bytes. */
        record StallBody(int afterBytes, Duration stall) implements Fault {
        }
    }

    /** CR LF CR LF, as the last four bytes read. */
    private static final int END_OF_HEAD = 0x0D0A0D0A;

    private record Rule(Operation operation, String keyPrefix, Fault fault, AtomicInteger remaining) {
    }

    private final ServerSocket server;
    private final int upstreamPort;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final List<Seen> requests = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private S3FaultFront(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "s3-fault-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A front for the S3 server listening on 127.0.0.1:{@code upstreamPort}. */
    public static S3FaultFront before(String upstreamEndpoint) {
        try {
            return new S3FaultFront(Integer.parseInt(upstreamEndpoint.substring(upstreamEndpoint.lastIndexOf(':') + 1)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the fault front", e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Applies {@code fault} to the next {@code times} calls of {@code operation} on keys starting with {@code keyPrefix}. */
    public void inject(Operation operation, String keyPrefix, Fault fault, int times) {
        rules.add(new Rule(operation, keyPrefix, fault, new AtomicInteger(times)));
    }

    /** The calls of {@code operation} on exactly {@code key} seen so far, faulted or not. */
    public int seen(Operation operation, String key) {
        return seen.getOrDefault(operation + " " + key, new AtomicInteger()).get();
    }

    /** Every request seen so far, in order. */
    public List<Seen> requests() {
        return List.copyOf(requests);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread handler = new Thread(() -> serve(client), "s3-fault-front-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                // Closed, or a failed accept: the loop ends when closed.
            }
        }
    }

    /** One client connection: its requests one after the other, each answered before the next is sent. */
    private void serve(Socket client) {
        Socket upstream = null;
        Pump pump = null;
        try (client) {
            InputStream in = client.getInputStream();
            for (byte[] head = readHead(in); head != null; head = readHead(in)) {
                RequestHead request = RequestHead.parse(head);
                Fault fault = match(request);
                requests.add(request.seen());
                if (fault instanceof Fault.Respond respond) {
                    answer(client.getOutputStream(), respond.body());
                    return;
                }
                if (fault instanceof Fault.InternalError || fault instanceof Fault.Refuse) {
                    if (!request.expectsContinue()) {
                        copyBody(request, in, OutputStream.nullOutputStream());
                    }
                    if (fault instanceof Fault.Refuse refuse) {
                        answerError(client.getOutputStream(), refuse.status(), refuse.code(), "Refused by the test's front.");
                    } else {
                        answerError(client.getOutputStream(), 500, "InternalError", "We encountered an internal error. Please try again.");
                    }
                    return;
                }
                if (fault instanceof Fault.Delay delay) {
                    Thread.sleep(delay.delay().toMillis());
                }
                if (upstream == null) {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                    open.add(upstream);
                    pump = new Pump(upstream.getInputStream(), client.getOutputStream());
                    pump.start();
                }
                if (fault instanceof Fault.StallBody stall) {
                    pump.stallAfter(stall.afterBytes(), stall.stall());
                }
                OutputStream out = upstream.getOutputStream();
                out.write(head);
                copyBody(request, in, out);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // The client or the server went away (a timeout, a test stopping S3): nothing more to pass on.
        } finally {
            closeQuietly(upstream);
        }
    }

    private Fault match(RequestHead request) {
        Operation operation = request.operation();
        if (operation == null) {
            return null;
        }
        seen.computeIfAbsent(operation + " " + request.key(), k -> new AtomicInteger()).incrementAndGet();
        for (Rule rule : rules) {
            if (rule.operation() == operation && request.key().startsWith(rule.keyPrefix())
                    && rule.remaining().getAndDecrement() > 0) {
                return rule.fault();
            }
        }
        return null;
    }

    private static void answer(OutputStream out, byte[] body) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static void answerError(OutputStream out, int status, String code, String message) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code>"
                + "<Message>" + message + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " Error\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** The request line and headers, up to and including the blank line; null at the end of the stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            lastFour = lastFour << 8 | b;
            if (lastFour == END_OF_HEAD) {
                return head.toByteArray();
            }
        }
        return null;
    }

    private static void copyBody(RequestHead request, InputStream in, OutputStream out) throws IOException {
        if (request.chunked()) {
            copyChunked(in, out);
        } else {
            copy(in, out, request.contentLength());
        }
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in, out);
            long size = Long.parseLong(sizeLine.split(";")[0].strip(), 16);
            if (size == 0) {
                while (!readLine(in, out).isEmpty()) {
                    // trailers, passed on as they are
                }
                return;
            }
            copy(in, out, size);
            readLine(in, out);
        }
    }

    /** Reads a CRLF-terminated line, passes it on, and returns it without the CRLF. */
    private static String readLine(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            out.write(b);
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        throw new IOException("the stream ended inside a chunked body");
    }

    private static void copy(InputStream in, OutputStream out, long bytes) throws IOException {
        byte[] buffer = new byte[8192];
        for (long left = bytes; left > 0; ) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("the stream ended inside a body");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already gone.
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        open.forEach(S3FaultFront::closeQuietly);
    }

    /** What the front needs to know of a request: which call it is, and how its body is framed. */
    private record RequestHead(String method, String bucket, String key, Map<String, String> query, String owner,
                               long contentLength, boolean chunked, boolean expectsContinue) {

        static RequestHead parse(byte[] head) {
            String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = lines[0].split(" ");
            long length = 0;
            boolean chunked = false;
            boolean expects = false;
            String owner = null;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).strip();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "expect" -> expects = value.equalsIgnoreCase("100-continue");
                    case "x-amz-expected-bucket-owner" -> owner = value;
                    default -> { }
                }
            }
            // Path-style addressing, as the service uses with an endpoint set: /bucket/key?query
            String path = requestLine[1];
            int queryStart = path.indexOf('?');
            String[] parts = (queryStart < 0 ? path : path.substring(0, queryStart)).substring(1).split("/", 2);
            String key = parts.length < 2 ? "" : URLDecoder.decode(parts[1].replace("+", "%2B"), StandardCharsets.UTF_8);
            Map<String, String> query = new LinkedHashMap<>();
            if (queryStart >= 0 && queryStart < path.length() - 1) {
                for (String pair : path.substring(queryStart + 1).split("&")) {
                    String[] nameValue = pair.split("=", 2);
                    query.put(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                            nameValue.length < 2 ? "" : URLDecoder.decode(nameValue[1].replace("+", "%2B"), StandardCharsets.UTF_8));
                }
            }
            return new RequestHead(requestLine[0], parts[0], key, Map.copyOf(query), owner, length, chunked, expects);
        }

        Seen seen() {
            return new Seen(method, bucket, key, query, owner);
        }

        Operation operation() {
            if (key.isEmpty()) {
                return method.equals("GET") && "2".equals(query.get("list-type")) ? Operation.LIST_OBJECTS : null;
            }
            return switch (method) {
                case "GET" -> Operation.GET_OBJECT;
                case "PUT" -> Operation.PUT_OBJECT;
                default -> null;
            };
        }
    }

    /** Passes the server's answers on to the client, stalling once when told to. */
    private static final class Pump extends Thread {
        private final InputStream from;
        private final OutputStream to;
        private volatile long stallAt = -1;
        private volatile Duration stall;
        private long passed;

        Pump(InputStream from, OutputStream to) {
            super("s3-fault-front-answers");
            setDaemon(true);
            this.from = from;
            this.to = to;
        }

        void stallAfter(int bytes, Duration duration) {
            stall = duration;
            stallAt = passed + bytes;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try {
                for (int read = from.read(buffer); read >= 0; read = from.read(buffer)) {
                    int offset = 0;
                    if (stallAt >= 0 && passed + read > stallAt) {
                        int before = (int) (stallAt - passed);
                        to.write(buffer, 0, before);
                        to.flush();
                        passed += before;
                        offset = before;
                        stallAt = -1;
                        Thread.sleep(stall.toMillis());
                    }
                    to.write(buffer, offset, read - offset);
                    to.flush();
                    passed += read - offset;
                }
            } catch (IOException | InterruptedException e) {
                // Either side closed.
            } finally {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // Already closed.
                }
            }
        }
    }
}
