package com.purepost.dfdetect.http;

import com.purepost.dfdetect.support.AppJvm;
import com.purepost.dfdetect.support.LoadDriver;
import com.purepost.dfdetect.support.LoadReports;
import com.purepost.dfdetect.support.LoadSummary;
import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.OneShotHttp;
import com.purepost.dfdetect.support.TrafficMix;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PurePost's contract under load: at concurrency 32, on whatever cores the machine has, every good
 * image is scored (200) within the caller's 30 s timeout; the service queues rather than refuses.
 * The app runs in a JVM of its own as compose.yaml runs it, freshly started (no warm-up: a new
 * instance gets traffic at once), with the result cache off so that every request does the whole work.
 * The figures go to {@code target/load-reports/}; the long run is {@code bench.LoadBench}.
 */
class SustainedLoadTest {

    static final int CONCURRENCY = 32;
    static final Duration DURATION = Duration.ofSeconds(40);

    @Test
    void scoresEveryGoodImageWithinTheCallersTimeoutAtConcurrency32() throws Exception {
        TrafficMix uploads = TrafficMix.uploads();
        try (AppJvm app = AppJvm.start(AppJvm.LIKE_COMPOSE, List.of(
                "--dfdetect.model.dir=" + ModelDirectories.withLabelsOnly(), "--dfdetect.cache.enabled=false"))) {

            LoadSummary summary = LoadDriver.run(app.port(), CONCURRENCY, uploads, 0, Long.MAX_VALUE, DURATION);

            LoadReports.record("sustained-load", summary.report("c" + CONCURRENCY + " for " + DURATION.toSeconds()
                    + " s, realistic upload mix, fresh JVM") + "; app " + app.stats());
            assertThat(summary.unexpected().size()).as(summary.firstUnexpected(10)).isZero();
            assertThat(summary.slowestSeconds()).isLessThan(OneShotHttp.CALLER_TIMEOUT.toSeconds());
            assertThat(summary.goodImages()).isGreaterThan(CONCURRENCY);
        }
    }
}
