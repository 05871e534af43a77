package com.purepost.dfdetect.http;

import com.purepost.dfdetect.support.BadInputs;
import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.MultipartUpload;
import com.purepost.dfdetect.support.PlainRefusal;
import com.purepost.dfdetect.support.ServiceClient;
import com.purepost.dfdetect.support.ServiceClient.Answer;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad upload and badly formed request over real HTTP: each gets its 4xx with a plain JSON
 * refusal, and the next good upload is scored. Odd files that Pillow scores are scored too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BadInputOverHttpTest {

    private static final AtomicInteger GOOD_IMAGES = new AtomicInteger();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("dfdetect.model.dir", ModelDirectories.withLabelsOnly()::toString);
        // Each next good image must really be decoded and scored, not answered from the cache.
        registry.add("dfdetect.cache.enabled", () -> "false");
    }

    @LocalServerPort
    int port;
    ServiceClient client;

    @BeforeEach
    void connect() {
        client = new ServiceClient(port);
    }

    static List<BadInputs.Upload> refused() {
        return BadInputs.refused();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesABadUploadSentAsPurePostSendsItAndScoresTheNext(BadInputs.Upload upload) {
        Answer answer = client.predict(upload.bytes());

        PlainRefusal.assertRefused(answer.status(), answer.raw(), upload.status());
        assertTheNextGoodImageIsScored();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesTheSameUploadSentAsARawBody(BadInputs.Upload upload) {
        Answer answer = client.post("/predict", "image/jpeg", upload.bytes());

        PlainRefusal.assertRefused(answer.status(), answer.raw(), upload.status());
    }

    static List<BadInputs.Upload> scoredAsPillowScoresThem() {
        return BadInputs.scoredAsPillowScoresThem();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scoredAsPillowScoresThem")
    void scoresAnOddFileThatPillowScores(BadInputs.Upload upload) {
        Answer answer = client.predict(upload.bytes());

        assertThat(answer.succeeded()).as(answer.raw()).isTrue();
    }

    static List<BadInputs.Request> badRequests() {
        return BadInputs.badRequests();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void refusesABadlyFormedRequestAndScoresTheNext(BadInputs.Request request) {
        Answer answer = request.method().equals("GET") ? client.get("/predict")
                : client.post("/predict", request.contentType(), request.body());

        PlainRefusal.assertRefused(answer.status(), answer.raw(), request.status());
        assertTheNextGoodImageIsScored();
    }

    @Test
    void refusesA40MegabyteUploadFromItsDeclaredLengthBeforeReadingIt() {
        Answer answer = client.announceUploadOf(40L * 1024 * 1024);

        PlainRefusal.assertRefused(answer.status(), answer.raw(), 413);
        assertThat(answer.json().get("error").asString()).contains("32 MB");
        assertTheNextGoodImageIsScored();
    }

    @Test
    void refusesAnUploadJustOverTheLimitStreamedWithoutADeclaredLength() {
        MultipartUpload form = MultipartUpload.asPurePostSends(new byte[33 * 1024 * 1024]);

        Answer answer = client.postWithoutLength(form.contentType(), form.body());

        PlainRefusal.assertRefused(answer.status(), answer.raw(), 413);
        assertTheNextGoodImageIsScored();
    }

    @Test
    void refusesARawBodyJustOverTheLimitStreamedWithoutADeclaredLength() {
        Answer answer = client.postWithoutLength("image/jpeg", new byte[33 * 1024 * 1024]);

        PlainRefusal.assertRefused(answer.status(), answer.raw(), 413);
        assertThat(answer.json().get("error").asString()).contains("32 MB");
        assertTheNextGoodImageIsScored();
    }

    /**
     * Past the limit the server reads at most {@code server.tomcat.max-swallow-size} more, then closes the
     * connection. A client still sending may then lose the 413 to the connection reset (TCP discards
     * what it had not read): PurePost's client always declares the length, and is refused before
     * sending (above). Either way the server reads no further and keeps serving.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"multipart/form-data", "image/jpeg"})
    void stopsReadingA40MegabyteBodyStreamedWithoutADeclaredLength(String kind) {
        MultipartUpload form = MultipartUpload.asPurePostSends(new byte[40 * 1024 * 1024]);
        boolean multipart = kind.startsWith("multipart");

        Optional<Answer> answer = answerOrReset(() -> multipart
                ? client.postWithoutLength(form.contentType(), form.body())
                : client.postWithoutLength(kind, new byte[40 * 1024 * 1024]));

        answer.ifPresent(refused -> PlainRefusal.assertRefused(refused.status(), refused.raw(), 413));
        assertTheNextGoodImageIsScored();
    }

    private static Optional<Answer> answerOrReset(Supplier<Answer> call) {
        try {
            return Optional.of(call.get());
        } catch (UncheckedIOException reset) {
            return Optional.empty();
        }
    }

    private void assertTheNextGoodImageIsScored() {
        Answer next = client.predict(TestImages.jpeg(48 + GOOD_IMAGES.incrementAndGet() % 64, 40));
        assertThat(next.succeeded()).as(next.raw()).isTrue();
    }
}
