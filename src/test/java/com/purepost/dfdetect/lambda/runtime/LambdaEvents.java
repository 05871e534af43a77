package com.purepost.dfdetect.lambda.runtime;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Events for tests, made from the real event files in {@code events/} with only the request-specific
 * fields changed (method, path, headers, body; bucket and keys), so that every field AWS sends
 * around them stays as AWS sends it.
 */
public final class LambdaEvents {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private LambdaEvents() {
    }

    public static Path directory() {
        return Path.of("events");
    }

    /** Every sample event file, for feeding each one through the handler. */
    public static List<Path> files() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode read(String fileName) {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(directory().resolve(fileName)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A REST API (payload 1.0) request; the body base64-encoded as API Gateway does for binary media types. */
    public static byte[] restApi(String method, String path, Map<String, String> headers, byte[] body) {
        ObjectNode event = read("rest-api-predict.json");
        event.put("httpMethod", method).put("path", path).put("resource", path);
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("httpMethod", method).put("resourcePath", path).put("path", "/Prod" + path);
        ObjectNode singleValued = withoutBodyHeaders(event.get("headers"));
        headers.forEach(singleValued::put);
        ObjectNode multiValued = JSON.createObjectNode();
        singleValued.properties().forEach(header -> multiValued.putArray(header.getKey()).add(header.getValue()));
        event.set("headers", singleValued);
        event.set("multiValueHeaders", multiValued);
        setBody(event, body, true);
        return bytes(event);
    }

    /** An HTTP API (payload 2.0) request on the {@code $default} stage, header names lower-case as AWS sends them. */
    public static byte[] httpApi(String method, String path, Map<String, String> headers, byte[] body) {
        return httpApi(method, path, "$default", headers, body, true);
    }

    public static byte[] httpApi(String method, String path, String stage, Map<String, String> headers, byte[] body,
                                 boolean base64) {
        ObjectNode event = read("http-api-predict.json");
        String rawPath = stage.equals("$default") ? path : "/" + stage + path;
        event.put("routeKey", method + " " + path).put("rawPath", rawPath);
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("routeKey", method + " " + path).put("stage", stage);
        ((ObjectNode) context.get("http")).put("method", method).put("path", rawPath);
        ObjectNode lowerCase = withoutBodyHeaders(event.get("headers"));
        headers.forEach((name, value) -> lowerCase.put(name.toLowerCase(Locale.ROOT), value));
        event.set("headers", lowerCase);
        setBody(event, body, base64);
        return bytes(event);
    }

    /** An S3 notification with one ObjectCreated:Put record per key; keys given URL-encoded, as S3 sends them. */
    public static byte[] s3Put(String bucket, String... encodedKeys) {
        ObjectNode event = read("s3-put.json");
        ArrayNode records = (ArrayNode) event.get("Records");
        ObjectNode template = (ObjectNode) records.get(0);
        records.removeAll();
        for (String key : encodedKeys) {
            ObjectNode record = template.deepCopy();
            ObjectNode s3 = (ObjectNode) record.get("s3");
            ((ObjectNode) s3.get("bucket")).put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
            ((ObjectNode) s3.get("object")).put("key", key);
            records.add(record);
        }
        return bytes(event);
    }

    public static byte[] bytes(JsonNode event) {
        return JSON.writeValueAsBytes(event);
    }

    private static ObjectNode withoutBodyHeaders(JsonNode headers) {
        ObjectNode copy = ((ObjectNode) headers).deepCopy();
        copy.remove(List.of("Content-Type", "Content-Length", "content-type", "content-length"));
        return copy;
    }

    private static void setBody(ObjectNode event, byte[] body, boolean base64) {
        if (body == null) {
            event.putNull("body");
            event.put("isBase64Encoded", false);
        } else if (base64) {
            event.put("body", Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", true);
        } else {
            event.put("body", new String(body, java.nio.charset.StandardCharsets.UTF_8));
            event.put("isBase64Encoded", false);
        }
    }
}
