package com.purepost.dfdetect.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every refusal must look like to a client: the expected status, a JSON body
 * {@code {"success": false, "error": "..."}} whose message is words for a person, and nothing internal:
 * no stack trace, no class name, no path on the server.
 */
public final class PlainRefusal {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A package-qualified class name such as {@code java.lang.IllegalStateException}. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*");
    /** A stack frame, {@code at x.y(File.java:12)}. */
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w.$]+\\(|\\.java:\\d+");
    /** An absolute path of two or more segments ({@code /tmp/x/model.onnx}); {@code POST /predict} is fine. */
    private static final Pattern SERVER_PATH = Pattern.compile("(?<![\\w.*])/[\\w.-]+/[\\w.-]+");

    private PlainRefusal() {
    }

    /** Asserts that {@code body}, answered with {@code status}, is a plain refusal with {@code expectedStatus}. */
    public static void assertRefused(int status, String body, int expectedStatus) {
        assertThat(status).as(body).isEqualTo(expectedStatus);
        JsonNode json = JSON.readTree(body);
        assertThat(json.path("success").isBoolean() && !json.path("success").asBoolean()).as(body).isTrue();
        String error = json.path("error").asString("");
        assertThat(error).as(body).isNotBlank().hasSizeGreaterThan(15);
        assertThat(error).as("no exception named in " + body).doesNotContain("Exception").doesNotContain("Throwable");
        assertThat(CLASS_NAME.matcher(error).find()).as("no class name in " + body).isFalse();
        assertThat(STACK_FRAME.matcher(error).find()).as("no stack frame in " + body).isFalse();
        assertThat(SERVER_PATH.matcher(error).find()).as("no server path in " + body).isFalse();
        assertThat(json.properties()).as("only success and error in " + body).hasSize(2);
    }

    /** The same for a message alone, as a refused S3 upload's result carries it. */
    public static void assertPlainMessage(String message) {
        assertThat(message).isNotBlank().doesNotContain("Exception");
        assertThat(CLASS_NAME.matcher(message).find()).as("no class name in " + message).isFalse();
        assertThat(STACK_FRAME.matcher(message).find()).as("no stack frame in " + message).isFalse();
        assertThat(SERVER_PATH.matcher(message).find()).as("no server path in " + message).isFalse();
    }
}
