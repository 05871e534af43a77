package com.purepost.dfdetect.http;

import com.purepost.dfdetect.support.AppJvm;
import com.purepost.dfdetect.support.LoadReports;
import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.ProcessStats;
import com.purepost.dfdetect.support.ResourceCurve;
import com.purepost.dfdetect.support.TrafficMix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 2,000 requests, good images and every kind of mistake mixed, against the app in a JVM of its own:
 * its threads and open files come back to where they were after the first quarter, and its resident
 * memory settles. The heap is fixed and touched at start, so that resident memory can grow only
 * outside it: ONNX Runtime tensors or results never closed, native decoder buffers, threads. The
 * long run (20,000 requests) is {@code bench.LeakBench}.
 */
class NoLeaksUnderMixedTrafficTest {

    static final int CONCURRENCY = 8;
    static final long[] QUARTERS = {500, 1000, 1500, 2000};
    /** Generous: a leak of one 224x224 float tensor per request would be 600 MB over 1,000 requests. */
    static final double MAX_GROWTH_MB = 40;

    static final List<String> FIXED_HEAP = List.of("-Xms384m", "-Xmx384m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC");

    @Test
    void returnsToItsThreadsAndFilesAndSettlesInMemoryOverTwoThousandMixedRequests() throws Exception {
        try (AppJvm app = AppJvm.start(FIXED_HEAP, List.of(
                "--dfdetect.model.dir=" + ModelDirectories.withLabelsOnly(), "--dfdetect.cache.enabled=false"))) {

            ResourceCurve curve = ResourceCurve.measure(app, TrafficMix.smallUploadsAndMistakes(), CONCURRENCY, QUARTERS);

            LoadReports.record("no-leaks", curve.report("2,000 mixed requests at c" + CONCURRENCY + ", heap fixed at 384 MB"));
            assertThat(curve.unexpected().size()).as(curve.firstUnexpected(10)).isZero();
            ProcessStats firstQuarter = curve.at(QUARTERS[0]).stats();
            ProcessStats secondQuarter = curve.at(QUARTERS[1]).stats();
            ProcessStats end = curve.last().stats();
            assertThat(end.threads()).as("threads").isLessThanOrEqualTo(firstQuarter.threads());
            assertThat(end.openFiles()).as("open files").isLessThanOrEqualTo(firstQuarter.openFiles());
            assertThat(end.residentMb() - secondQuarter.residentMb()).as("resident memory growth, MB").isLessThan(MAX_GROWTH_MB);
        }
    }
}
