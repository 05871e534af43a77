package com.purepost.dfdetect.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * A closed-loop load: {@code concurrency} callers, each sending its next request as soon as the last
 * one is answered, for a warm-up and then a measured window. Requests answered inside the window
 * count; their latencies give the percentiles.
 */
final class LoadDriver {

    /** One scoring call, over HTTP or in process; true when it succeeded. */
    @FunctionalInterface
    interface Call {
        boolean score(String image) throws Exception;
    }

    /**
     * Throughput (answers per second), latency percentiles in milliseconds, and the CPU time the
     * serving process spent per answer in the same window (NaN when not measured): on a machine other
     * work shares, CPU per answer says what throughput a dedicated machine would reach far more
     * steadily than the answers per second do.
     */
    record Result(int concurrency, long answered, long failed, double perSecond, double p50, double p90, double p99,
                  double cpuMillisPerAnswer) {
    }

    /** No CPU figure. */
    static final DoubleSupplier NO_CPU = () -> Double.NaN;

    private LoadDriver() {
    }

    static Result run(Call call, ImageMix mix, int concurrency, double warmupSeconds, double measureSeconds) {
        return run(call, mix, concurrency, warmupSeconds, measureSeconds, NO_CPU);
    }

    /** The same, with the serving process's CPU seconds read from {@code cpuSeconds} as the window opens and closes. */
    static Result run(Call call, ImageMix mix, int concurrency, double warmupSeconds, double measureSeconds,
                      DoubleSupplier cpuSeconds) {
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        long windowStart = start + (long) (warmupSeconds * 1e9);
        long windowEnd = windowStart + (long) (measureSeconds * 1e9);
        ExecutorService callers = Executors.newFixedThreadPool(concurrency + 1);
        try {
            Future<Double> cpu = callers.submit(() -> {
                sleepUntil(windowStart);
                double first = cpuSeconds.getAsDouble();
                sleepUntil(windowEnd);
                return cpuSeconds.getAsDouble() - first;
            });
            List<Future<List<Double>>> futures = new ArrayList<>();
            AtomicLong failed = new AtomicLong();
            for (int i = 0; i < concurrency; i++) {
                futures.add(callers.submit(() -> {
                    List<Double> millis = new ArrayList<>();
                    while (System.nanoTime() < windowEnd) {
                        String image = mix.image(next.getAndIncrement());
                        long sent = System.nanoTime();
                        boolean ok;
                        try {
                            ok = call.score(image);
                        } catch (Exception e) {
                            ok = false;
                        }
                        long answered = System.nanoTime();
                        if (answered >= windowStart && answered < windowEnd) {
                            if (ok) {
                                millis.add((answered - sent) / 1e6);
                            } else {
                                failed.incrementAndGet();
                            }
                        }
                    }
                    return millis;
                }));
            }
            List<Double> all = new ArrayList<>();
            for (Future<List<Double>> future : futures) {
                all.addAll(future.get());
            }
            double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Result(concurrency, sorted.length, failed.get(), sorted.length / measureSeconds,
                    Stats.percentile(sorted, 50), Stats.percentile(sorted, 90), Stats.percentile(sorted, 99),
                    cpu.get() * 1000 / sorted.length);
        } catch (Exception e) {
            throw new IllegalStateException("the load run failed", e);
        } finally {
            callers.shutdownNow();
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
