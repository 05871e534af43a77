package com.purepost.dfdetect.http;

import com.purepost.dfdetect.support.AppJvm;
import com.purepost.dfdetect.support.LoadReports;
import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.ProcessStats;
import com.purepost.dfdetect.support.ResourceCurve;
import com.purepost.dfdetect.support.TrafficMix;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The long run of {@link NoLeaksUnderMixedTrafficTest}: 20,000 mixed requests (system property
 * {@code dfdetect.long-run.requests}) against the app as compose.yaml runs it (or with the JVM options
 * of {@code dfdetect.long-run.jvm}, settings added with {@code dfdetect.long-run.settings}), the curve of
 * its memory, files and threads sampled every 2,500.
 * Tagged {@code long-run}, which the build leaves out unless asked.
 */
@Tag("long-run")
class NoLeaksOverTwentyThousandRequestsTest {

    static final int CONCURRENCY = 8;
    static final long STEP = 2_500;
    /** Generous: what is left of heap growth and allocator arenas settling, far below any per-request leak. */
    static final double MAX_GROWTH_AFTER_A_QUARTER_MB = 64;

    @Test
    void settlesInMemoryAndReturnsToItsThreadsAndFilesOverTwentyThousandMixedRequests() throws Exception {
        long requests = Long.getLong("dfdetect.long-run.requests", 20_000);
        String jvmOptions = System.getProperty("dfdetect.long-run.jvm", "");
        List<String> jvm = jvmOptions.isBlank() ? AppJvm.LIKE_COMPOSE : Arrays.asList(jvmOptions.trim().split("\\s+"));
        long[] checkpoints = LongStream.iterate(STEP, n -> n <= requests, n -> n + STEP).toArray();
        try (AppJvm app = AppJvm.start(jvm, AppJvm.withExtraSettings(
                "--dfdetect.model.dir=" + ModelDirectories.withLabelsOnly(), "--dfdetect.cache.enabled=false"))) {

            ResourceCurve curve = ResourceCurve.measure(app, TrafficMix.smallUploadsAndMistakes(), CONCURRENCY, checkpoints);

            LoadReports.record("no-leaks-long", curve.report(requests + " mixed requests at c" + CONCURRENCY + ", JVM " + jvm));
            assertThat(curve.unexpected().size()).as(curve.firstUnexpected(10)).isZero();
            ProcessStats firstStep = curve.at(STEP).stats();
            ProcessStats quarter = curve.at(checkpoints[checkpoints.length / 4]).stats();
            ProcessStats end = curve.last().stats();
            assertThat(end.threads()).as("threads").isLessThanOrEqualTo(firstStep.threads());
            assertThat(end.openFiles()).as("open files").isLessThanOrEqualTo(firstStep.openFiles());
            assertThat(end.residentMb() - quarter.residentMb()).as("resident memory growth after the first quarter, MB")
                    .isLessThan(MAX_GROWTH_AFTER_A_QUARTER_MB);
        }
    }
}
