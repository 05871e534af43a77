package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.support.MultipartUpload;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code POST /predict} exactly as PurePost's backend sends it (multipart, field {@code file},
 * {@code image.jpg}, 30 s timeout), on one kept-alive HTTP/1.1 connection per calling thread. Each
 * request is built once per image, bytes and all, and the client does no more than write it and read
 * the answer: on a machine the server shares, the client's own CPU time is taken from the server,
 * so it is kept as small as a load generator's.
 */
final class HttpPredictCall implements LoadDriver.Call, AutoCloseable {

    private static final int TIMEOUT_MILLIS = 30_000;

    private final URI predict;
    private final Map<String, byte[]> requests = new HashMap<>();
    private final ThreadLocal<Connection> connections = new ThreadLocal<>();
    /** Every connection opened, for {@link #close()}: the threads that opened them may be gone. */
    private final Queue<Socket> opened = new ConcurrentLinkedQueue<>();

    /** A connection and its buffered reader. */
    private record Connection(Socket socket, InputStream in, OutputStream out) {
    }

    HttpPredictCall(URI predict, Iterable<String> images) {
        this.predict = predict;
        for (String image : images) {
            MultipartUpload upload = MultipartUpload.asPurePostSends(BenchImages.bytes(image));
            byte[] body = upload.body();
            String head = "POST " + predict.getPath() + " HTTP/1.1\r\nHost: " + predict.getHost() + ":" + predict.getPort()
                    + "\r\nContent-Type: " + upload.contentType() + "\r\nContent-Length: " + body.length
                    + "\r\nAccept: application/json\r\n\r\n";
            ByteArrayOutputStream request = new ByteArrayOutputStream(head.length() + body.length);
            request.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(body);
            requests.put(image, request.toByteArray());
        }
    }

    @Override
    public boolean score(String image) throws IOException {
        Connection connection = connection();
        try {
            connection.out().write(requests.get(image));
            connection.out().flush();
            Answer answer = read(connection.in());
            if (answer.close()) {
                drop();
            }
            return answer.status() == 200 && answer.body().contains("\"success\":true");
        } catch (IOException | RuntimeException e) {
            drop();
            throw e;
        }
    }

    private Connection connection() throws IOException {
        Connection connection = connections.get();
        if (connection == null) {
            Socket socket = new Socket(predict.getHost(), predict.getPort());
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            connection = new Connection(socket, new BufferedInputStream(socket.getInputStream()), socket.getOutputStream());
            connections.set(connection);
            opened.add(socket);
        }
        return connection;
    }

    private void drop() {
        Connection connection = connections.get();
        connections.remove();
        if (connection != null) {
            try {
                connection.socket().close();
            } catch (IOException ignored) {
                // it was going away anyway
            }
        }
    }

    /** Closes every connection this client opened. */
    @Override
    public void close() {
        for (Socket socket = opened.poll(); socket != null; socket = opened.poll()) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that was wanted
            }
        }
    }

    /** What the service answered, and whether it closes the connection after. */
    private record Answer(int status, String body, boolean close) {
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line(in).strip(), 16); size > 0; size = Integer.parseInt(line(in).strip(), 16)) {
                body.writeBytes(in.readNBytes(size));
                line(in);
            }
            line(in);
        } else if (length >= 0) {
            body.writeBytes(in.readNBytes(length));
        } else {
            body.writeBytes(in.readAllBytes());
            close = true;
        }
        return new Answer(status, body.toString(StandardCharsets.UTF_8), close);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new UncheckedIOException(new IOException("the connection closed mid-answer"));
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
