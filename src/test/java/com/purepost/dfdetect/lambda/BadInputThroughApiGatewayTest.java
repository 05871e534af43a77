package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.lambda.InProcessApiGateway.Answer;
import com.purepost.dfdetect.lambda.InProcessApiGateway.Api;
import com.purepost.dfdetect.support.BadInputs;
import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.MultipartUpload;
import com.purepost.dfdetect.support.PlainRefusal;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.messaging.Message;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad input corpus through API Gateway: real REST API and HTTP API events handed in-process to
 * the function Lambda invokes ({@link InProcessApiGateway}). Each gets the status the HTTP app
 * gives, as a plain JSON refusal, and the next good upload is scored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("lambda")
class BadInputThroughApiGatewayTest {

    private static final AtomicInteger GOOD_IMAGES = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("dfdetect.model.dir", ModelDirectories.withLabelsOnly()::toString);
        registry.add("dfdetect.cache.enabled", () -> "false");
    }

    @Autowired
    @Qualifier("lambdaEvent")
    Function<Message<InputStream>, Object> lambdaEvent;

    InProcessApiGateway gateway;

    @BeforeEach
    void connect() {
        gateway = new InProcessApiGateway(lambdaEvent);
    }

    static Stream<Arguments> refused() {
        return eachApi(BadInputs.refused());
    }

    @ParameterizedTest(name = "{1} through the {0} API")
    @MethodSource("refused")
    void refusesABadUploadSentAsPurePostSendsItAndScoresTheNext(Api api, BadInputs.Upload upload) {
        MultipartUpload form = MultipartUpload.asPurePostSends(upload.bytes());

        Answer answer = gateway.call(api, "POST", form.contentType(), form.body());

        PlainRefusal.assertRefused(answer.status(), answer.body(), upload.status());
        assertTheNextGoodImageIsScored(api);
    }

    @ParameterizedTest(name = "{1} through the {0} API")
    @MethodSource("refused")
    void refusesTheSameUploadSentAsARawBody(Api api, BadInputs.Upload upload) {
        Answer answer = gateway.call(api, "POST", "image/jpeg", upload.bytes());

        PlainRefusal.assertRefused(answer.status(), answer.body(), upload.status());
    }

    static Stream<Arguments> scoredAsPillowScoresThem() {
        return eachApi(BadInputs.scoredAsPillowScoresThem());
    }

    @ParameterizedTest(name = "{1} through the {0} API")
    @MethodSource("scoredAsPillowScoresThem")
    void scoresAnOddFileThatPillowScores(Api api, BadInputs.Upload upload) {
        MultipartUpload form = MultipartUpload.asPurePostSends(upload.bytes());

        Answer answer = gateway.call(api, "POST", form.contentType(), form.body());

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    static Stream<Arguments> badRequests() {
        return eachApi(BadInputs.badRequests());
    }

    @ParameterizedTest(name = "{1} through the {0} API")
    @MethodSource("badRequests")
    void refusesABadlyFormedRequestAndScoresTheNext(Api api, BadInputs.Request request) {
        Answer answer = gateway.call(api, request.method(), request.contentType(), request.body());

        PlainRefusal.assertRefused(answer.status(), answer.body(), request.status());
        assertTheNextGoodImageIsScored(api);
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void refusesA40MegabyteUploadWith413PointingToS3(Api api) {
        MultipartUpload form = MultipartUpload.asPurePostSends(new byte[40 * 1024 * 1024]);

        Answer answer = gateway.call(api, "POST", form.contentType(), form.body());

        PlainRefusal.assertRefused(answer.status(), answer.body(), 413);
        assertThat(answer.body()).contains("S3");
        assertTheNextGoodImageIsScored(api);
    }

    private void assertTheNextGoodImageIsScored(Api api) {
        MultipartUpload form = MultipartUpload.asPurePostSends(TestImages.jpeg(48 + GOOD_IMAGES.incrementAndGet() % 64, 40));
        Answer next = gateway.call(api, "POST", form.contentType(), form.body());
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(JSON.readTree(next.body()).path("success").asBoolean()).isTrue();
    }

    private static Stream<Arguments> eachApi(List<?> cases) {
        return Stream.of(Api.values()).flatMap(api -> cases.stream().map(each -> Arguments.of(api, each)));
    }
}
