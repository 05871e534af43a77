package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.lambda.runtime.LambdaEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class LambdaEventKindTest {

    @ParameterizedTest
    @CsvSource({
            "rest-api-predict.json, REST_API",
            "rest-api-health.json, REST_API",
            "http-api-predict.json, HTTP_API",
            "http-api-health.json, HTTP_API",
            "s3-put.json, S3"})
    void tellsEverySampleEventApart(String file, LambdaEventKind kind) {
        assertThat(LambdaEventKind.of(LambdaEvents.read(file))).isEqualTo(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "[]",
            "\"text\"",
            "{\"Records\":[]}",
            "{\"Records\":[{\"eventSource\":\"aws:s3\"},{\"eventSource\":\"aws:sqs\"}]}",
            "{\"version\":\"2.0\",\"routeKey\":\"$default\"}",
            "{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\"}"})
    void callsAnythingElseUnknown(String json) {
        assertThat(LambdaEventKind.of(LambdaEvents.JSON.readTree(json))).isEqualTo(LambdaEventKind.UNKNOWN);
    }

    @Test
    void takesAVersion1PayloadOfAnHttpApiForTheRestShapeItHas() {
        // HTTP APIs can be set to payload format 1.0, which is the REST API shape with "version": "1.0".
        var event = LambdaEvents.read("rest-api-health.json").put("version", "1.0");

        assertThat(LambdaEventKind.of(event)).isEqualTo(LambdaEventKind.REST_API);
    }
}
