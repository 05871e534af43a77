package com.purepost.dfdetect.http;

import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.PlainRefusal;
import com.purepost.dfdetect.support.ServiceClient;
import com.purepost.dfdetect.support.ServiceClient.Answer;
import com.purepost.dfdetect.support.SlowJpegs;
import com.purepost.dfdetect.support.TestImages;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decode-time limit over real HTTP: a JPEG built to be slow to decode is refused with a 422 once
 * the limit has passed, and the next image is scored while the slow one still decodes in the
 * background, counted in the metrics until it ends. In a context of its own, so that a limit this
 * short applies to nothing else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlowDecodeOverHttpTest {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("dfdetect.model.dir", ModelDirectories.withLabelsOnly()::toString);
        registry.add("dfdetect.cache.enabled", () -> "false");
        // The slow JPEG takes about 0.9 s on a fast core (over 3x this); a small image, microseconds.
        registry.add("dfdetect.limits.max-decode-time", () -> "250ms");
    }

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;
    @Autowired
    PrometheusMeterRegistry prometheus;

    @Test
    void refusesAJpegSlowerToDecodeThanTheLimitWith422AndScoresTheNextWhileItStillDecodes() {
        ServiceClient client = new ServiceClient(port);

        // 100 scans (the most a JPEG may have here), each a pass over 67 megapixels, in a 140 KB file.
        Answer answer = client.predict(SlowJpegs.repeatedScans(8192, 99));

        PlainRefusal.assertRefused(answer.status(), answer.raw(), 422);
        assertThat(answer.json().get("error").asString()).contains("longer than the limit of 250 ms to decode");
        Answer next = client.predict(TestImages.jpeg(64, 40));
        assertThat(next.succeeded()).as(next.raw()).isTrue();
    }

    @Test
    void countsTheDecodeThatRunsOnAfterItsLimitInTheMetrics() throws InterruptedException {
        double before = meters.get("dfdetect.decodes.overrun").functionCounter().count();

        Answer answer = new ServiceClient(port).predict(SlowJpegs.repeatedScans(8192, 99));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(meters.get("dfdetect.decodes.overrun").functionCounter().count()).isEqualTo(before + 1);
        Gauge runningOn = meters.get("dfdetect.decodes.running_on").gauge();
        assertThat(runningOn.value()).as("the slow decode still runs (about 1 s, past a 250 ms limit)").isGreaterThanOrEqualTo(1);
        while (runningOn.value() > 0) {
            Thread.sleep(20);
        }
        assertThat(meters.get("dfdetect.decode.memory").gauge().value()).as("its memory given back").isZero();
        assertThat(prometheus.scrape()).contains("dfdetect_decodes_overrun_total{", "dfdetect_decodes_running_on{",
                "dfdetect_decode_memory_bytes{", "dfdetect_decode_memory_max_bytes{");
    }
}
