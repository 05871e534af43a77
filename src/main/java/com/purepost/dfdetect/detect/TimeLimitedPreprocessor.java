package com.purepost.dfdetect.detect;

import com.purepost.dfdetect.image.ImagePreprocessor.TimedTensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Turns image bytes into the model's input on a bounded set of decode threads, and gives up on an
 * image that takes longer than the decode-time limit, so that a pathological image cannot hold its
 * request near PurePost's 30 s timeout.
 *
 * <p>A decode cannot be stopped from outside (the native decoders do not look at interrupts), so an
 * image given up on keeps decoding in the background until it ends. Such overtime decodes are bounded:
 * up to {@code threads} of them run on threads of their own, so that the next requests do not wait
 * behind them; past that, an overtime decode keeps its regular slot until it ends. At most
 * {@code 2 * threads} decodes thus ever run at once, however many pathological images arrive.
 * Requests past the regular slots wait their turn rather than fail: PurePost never retries.
 *
 * <p>A decode given up on is interrupted: one that still waits for decode memory then never starts,
 * and one already decoding runs on, counted in {@link #overruns()} and {@link #runningOn()} for the
 * metrics, so that an operator sees the CPU that 422 answers go on costing.
 */
public final class TimeLimitedPreprocessor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TimeLimitedPreprocessor.class);

    private final Function<byte[], TimedTensor> preprocess;
    private final Duration limit;
    /** Decodes whose caller still waits for them, or that were given up on without an overtime place. */
    private final Semaphore slots;
    /** Decodes given up on that still run on a thread of their own. */
    private final Semaphore overtime;
    private final ThreadPoolExecutor threads;
    /** Decodes given up on at their time limit that went on running, since start. */
    private final AtomicLong overruns = new AtomicLong();
    /** Decodes given up on that are running still. */
    private final AtomicInteger runningOn = new AtomicInteger();

    /**
     * @param preprocess what turns the bytes into the tensor ({@code ImagePreprocessor::toTimedTensor})
     * @param limit      longest one image may take
     * @param threads    images decoded at once
     */
    public TimeLimitedPreprocessor(Function<byte[], TimedTensor> preprocess, Duration limit, int threads) {
        if (limit.isNegative() || limit.isZero() || threads < 1) {
            throw new IllegalArgumentException("the decode-time limit and thread count must be positive");
        }
        this.preprocess = preprocess;
        this.limit = limit;
        this.slots = new Semaphore(threads, true);
        this.overtime = new Semaphore(threads);
        // One thread per permit of either kind, so that a job holding a permit never waits for a thread:
        // its time limit counts decoding only, not waiting behind other images.
        this.threads = new ThreadPoolExecutor(2 * threads, 2 * threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DecodeThreads());
        this.threads.allowCoreThreadTimeOut(true);
    }

    /**
     * The tensor of {@code image} with the time its stages took, or what the preprocessor threw;
     * {@link DecodeTimeoutException} when the image took longer than the limit.
     */
    public TimedTensor toTimedTensor(byte[] image) {
        slots.acquireUninterruptibly();
        Job job = new Job(image);
        try {
            threads.execute(job);
        } catch (RejectedExecutionException e) {
            slots.release();
            throw new IllegalStateException("the decode threads are shut down", e);
        }
        boolean slotHeld = true;
        try {
            job.result.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (giveUp(job, image.length)) {
                slotHeld = false;
                throw new DecodeTimeoutException(limit);
            }
            // it finished just now: its outcome stands
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            slotHeld = !giveUp(job, image.length);
            throw new IllegalStateException("interrupted while waiting for an image to decode", e);
        } catch (ExecutionException e) {
            // the outcome, read below
        } finally {
            if (slotHeld) {
                slots.release();
            }
        }
        return outcome(job.result);
    }

    private static TimedTensor outcome(CompletableFuture<TimedTensor> done) {
        try {
            return done.getNow(null);
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("preprocessing failed", cause);
        }
    }

    /**
     * Leaves the job to finish alone. Returns false when it finished meanwhile, and the caller keeps
     * its result and its slot.
     */
    private boolean giveUp(Job job, int bytes) {
        boolean ownThread = overtime.tryAcquire();
        runningOn.incrementAndGet(); // before the job can see itself given up on, and count itself done
        if (!job.state.compareAndSet(State.WAITED_FOR, ownThread ? State.OVERTIME : State.HOLDING_SLOT)) {
            runningOn.decrementAndGet();
            if (ownThread) {
                overtime.release();
            }
            return false;
        }
        if (ownThread) {
            slots.release();
        }
        overruns.incrementAndGet();
        job.abandon();
        log.warn("Gave up on an image of {} bytes after the decode-time limit of {}; it decodes on in the background "
                        + "{}", bytes, DecodeTimeoutException.words(limit),
                ownThread ? "on a thread of its own" : "in its slot (all overtime threads are busy)");
        return true;
    }

    /** Decodes given up on at their time limit (answered 422) that went on running, since start. */
    public long overruns() {
        return overruns.get();
    }

    /** Decodes given up on at their time limit that are running still, using CPU and memory no one will read. */
    public int runningOn() {
        return runningOn.get();
    }

    /** Stops taking images; decodes still running end on their own (their threads are daemons). */
    @Override
    public void close() {
        threads.shutdownNow();
    }

    /** Who is waiting for a job, and which permit it holds once its caller has left. */
    private enum State {
        /** The caller waits; it releases the slot itself. */
        WAITED_FOR,
        /** Given up on, running on an overtime permit, which it releases when done. */
        OVERTIME,
        /** Given up on while every overtime permit was taken: it keeps the caller's slot until done. */
        HOLDING_SLOT,
        /** Done. */
        FINISHED
    }

    /** One image's decode. */
    private final class Job implements Runnable {
        private final byte[] image;
        private final CompletableFuture<TimedTensor> result = new CompletableFuture<>();
        private final AtomicReference<State> state = new AtomicReference<>(State.WAITED_FOR);
        /** The thread decoding, while it runs; null before and after. Guarded by this. */
        private Thread runner;

        Job(byte[] image) {
            this.image = image;
        }

        /**
         * Interrupts the decode: a decode waiting for memory stops there; native and Java decoders do
         * not look at the interrupt and run on.
         */
        synchronized void abandon() {
            if (runner != null) {
                runner.interrupt();
            }
        }

        private synchronized void running(Thread thread) {
            runner = thread;
            if (thread == null) {
                Thread.interrupted(); // an abandon() that came late must not outlive the job
            } else if (state.get() != State.WAITED_FOR) {
                thread.interrupt(); // given up on before it started
            }
        }

        @Override
        public void run() {
            long started = System.nanoTime();
            running(Thread.currentThread());
            try {
                result.complete(preprocess.apply(image));
            } catch (Throwable failure) {
                // Handed to the caller, who decides; a decode error must never kill a pool thread silently.
                result.completeExceptionally(failure);
            } finally {
                running(null);
                State left = state.getAndSet(State.FINISHED);
                if (left != State.WAITED_FOR) {
                    runningOn.decrementAndGet();
                }
                if (left == State.OVERTIME) {
                    overtime.release();
                } else if (left == State.HOLDING_SLOT) {
                    slots.release();
                }
                if (left != State.WAITED_FOR) {
                    log.warn("An image given up on finished decoding after {} ms", (System.nanoTime() - started) / 1_000_000);
                }
            }
        }
    }

    /** Daemon threads, so that a decode still running never keeps the JVM from exiting. */
    private static final class DecodeThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "image-decode-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
