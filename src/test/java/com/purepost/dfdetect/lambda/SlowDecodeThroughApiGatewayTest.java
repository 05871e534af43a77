package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.lambda.InProcessApiGateway.Answer;
import com.purepost.dfdetect.lambda.InProcessApiGateway.Api;
import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.MultipartUpload;
import com.purepost.dfdetect.support.PlainRefusal;
import com.purepost.dfdetect.support.SlowJpegs;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.messaging.Message;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.InputStream;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decode-time limit through API Gateway: a JPEG built to be slow to decode is refused with the
 * same 422 as over HTTP, and the next upload is scored. Through one API only, since the limit is the
 * detector's, and in a context of its own, so that a limit this short applies to nothing else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("lambda")
class SlowDecodeThroughApiGatewayTest {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("dfdetect.model.dir", ModelDirectories.withLabelsOnly()::toString);
        registry.add("dfdetect.cache.enabled", () -> "false");
        // The slow JPEG takes about 0.9 s on a fast core (over 3x this); a small image, microseconds.
        registry.add("dfdetect.limits.max-decode-time", () -> "250ms");
    }

    @Autowired
    @Qualifier("lambdaEvent")
    Function<Message<InputStream>, Object> lambdaEvent;

    @Test
    void refusesAJpegSlowerToDecodeThanTheLimitWith422AndScoresTheNext() {
        InProcessApiGateway gateway = new InProcessApiGateway(lambdaEvent);
        MultipartUpload slow = MultipartUpload.asPurePostSends(SlowJpegs.repeatedScans(8192, 99));

        Answer answer = gateway.call(Api.REST, "POST", slow.contentType(), slow.body());

        PlainRefusal.assertRefused(answer.status(), answer.body(), 422);
        assertThat(answer.body()).contains("longer than the limit of 250 ms to decode");
        MultipartUpload good = MultipartUpload.asPurePostSends(TestImages.jpeg(64, 40));
        assertThat(gateway.call(Api.REST, "POST", good.contentType(), good.body()).status()).isEqualTo(200);
    }
}
