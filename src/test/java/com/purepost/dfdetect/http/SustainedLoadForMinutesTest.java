package com.purepost.dfdetect.http;

import com.purepost.dfdetect.support.AppJvm;
import com.purepost.dfdetect.support.LoadDriver;
import com.purepost.dfdetect.support.LoadReports;
import com.purepost.dfdetect.support.LoadSummary;
import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.OneShotHttp;
import com.purepost.dfdetect.support.TrafficMix;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The long run of {@link SustainedLoadTest}: concurrency 32 for ten minutes (system property
 * {@code dfdetect.long-run.seconds}), a report line per minute; app settings may be added with
 * {@code dfdetect.long-run.settings} ({@code "--name=value ..."}), and {@code dfdetect.long-run.mix=large}
 * sends nothing but 12 MP photos, the slowest pace at which a full queue drains. Tagged {@code long-run}, which the
 * build leaves out unless asked (docs/testing.md#long-runs).
 */
@Tag("long-run")
class SustainedLoadForMinutesTest {

    static final int CONCURRENCY = 32;
    static final Duration WINDOW = Duration.ofSeconds(60);

    @Test
    void scoresEveryGoodImageWithinTheCallersTimeoutForMinutesAtConcurrency32() throws Exception {
        Duration total = Duration.ofSeconds(Long.getLong("dfdetect.long-run.seconds", 600));
        boolean large = "large".equals(System.getProperty("dfdetect.long-run.mix"));
        TrafficMix uploads = large ? TrafficMix.largePhotos() : TrafficMix.uploads();
        try (AppJvm app = AppJvm.start(AppJvm.LIKE_COMPOSE, AppJvm.withExtraSettings(
                "--dfdetect.model.dir=" + ModelDirectories.withLabelsOnly(), "--dfdetect.cache.enabled=false"))) {
            List<LoadDriver.Outcome> all = new ArrayList<>();
            long started = System.nanoTime();
            // Each window ends once its time is up and its requests in flight are answered; a last
            // sliver shorter than a second is not worth a window of its own.
            for (long left = total.toNanos(); left >= Duration.ofSeconds(1).toNanos();
                 left = total.toNanos() - (System.nanoTime() - started)) {
                LoadSummary window = LoadDriver.run(app.port(), CONCURRENCY, uploads, all.size(), Long.MAX_VALUE,
                        Duration.ofNanos(Math.min(WINDOW.toNanos(), left)));
                all.addAll(window.outcomes());
                LoadReports.record("sustained-load-minutes", window.report(String.format(java.util.Locale.ROOT,
                        "window ending at %.0f s", (System.nanoTime() - started) / 1e9)) + "; app " + app.stats());
            }
            LoadSummary whole = new LoadSummary(CONCURRENCY, all, System.nanoTime() - started);
            LoadReports.record("sustained-load-minutes", whole.report("WHOLE RUN, c" + CONCURRENCY + " for "
                    + total.toSeconds() + " s, " + (large ? "12 MP photos only" : "realistic upload mix")));

            assertThat(whole.unexpected().size()).as(whole.firstUnexpected(10)).isZero();
            assertThat(whole.slowestSeconds()).isLessThan(OneShotHttp.CALLER_TIMEOUT.toSeconds());
        }
    }
}
