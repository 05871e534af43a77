package com.purepost.dfdetect.detect;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the work in the service: at most {@code slots} images are decoded and scored at once (a
 * decoded 12 MP photo alone is 36 MB of pixels), and at most {@code maxWaiting} further requests wait
 * for a slot, first come first served. A request past that is refused at once with
 * {@link ServiceBusyException}, before any work; nothing else is ever refused for load. PurePost never
 * retries, so the queue is sized to hold every request the caller sends at once and to drain well
 * inside its 30 s timeout.
 *
 * <p>A thread that holds a turn is not queued again: an edge may take the turn before it reads the
 * upload into memory (so that waiting requests hold none), and the detector's own turn inside it is
 * then the same one.
 */
public final class AdmissionQueue {

    /** Weight of the newest sample in the running mean of the time a request holds its slot. */
    private static final int MEAN_WINDOW = 16;
    /** The longest Retry-After sent: past the caller's whole timeout the estimate says nothing more. */
    private static final int MAX_RETRY_AFTER_SECONDS = 30;

    private final int slots;
    private final int maxWaiting;
    private final Semaphore turns;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong meanHoldNanos = new AtomicLong();
    private final ThreadLocal<Turn> held = new ThreadLocal<>();

    public AdmissionQueue(int slots, int maxWaiting) {
        if (slots < 1 || maxWaiting < 0) {
            throw new IllegalArgumentException("an admission queue needs at least one slot and no negative queue, got "
                    + slots + " slots and " + maxWaiting + " places");
        }
        this.slots = slots;
        this.maxWaiting = maxWaiting;
        this.turns = new Semaphore(slots, true);
    }

    /**
     * Waits for a slot, queued behind the requests that came first; close the turn when the work is
     * done. Throws {@link ServiceBusyException} at once when the queue is full.
     */
    public Turn enter() {
        if (held.get() != null) {
            return new Turn(System.nanoTime(), false);
        }
        if (!tryTakeSlotAtOnce()) {
            joinQueue();
            try {
                turns.acquireUninterruptibly();
            } finally {
                waiting.decrementAndGet();
            }
        }
        Turn turn = new Turn(System.nanoTime(), true);
        held.set(turn);
        return turn;
    }

    /** Honours the queue's order: a free slot goes to a newcomer only when nobody is waiting for it. */
    private boolean tryTakeSlotAtOnce() {
        try {
            return turns.tryAcquire(0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // Keep the flag for the caller; the wait in the queue does not depend on it.
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void joinQueue() {
        while (true) {
            int ahead = waiting.get();
            if (ahead >= maxWaiting) {
                int retryAfter = retryAfterSeconds(ahead);
                throw new ServiceBusyException("The service is busy: its queue of " + maxWaiting + " waiting requests "
                        + "is full. Try again in " + retryAfter + " s.", retryAfter);
            }
            if (waiting.compareAndSet(ahead, ahead + 1)) {
                return;
            }
        }
    }

    /** How long the requests ahead take to drain at the recent pace, in whole seconds, at least one. */
    int retryAfterSeconds(int ahead) {
        double seconds = (ahead + slots) * (meanHoldNanos.get() / 1e9) / slots;
        return (int) Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, Math.ceil(seconds)));
    }

    /** Requests waiting for a slot now. */
    public int waiting() {
        return waiting.get();
    }

    /** Requests holding a slot now. */
    public int inProgress() {
        return slots - turns.availablePermits();
    }

    public int slots() {
        return slots;
    }

    public int maxWaiting() {
        return maxWaiting;
    }

    private void recordHold(long nanos) {
        meanHoldNanos.accumulateAndGet(nanos, (mean, sample) -> mean == 0 ? sample : mean + (sample - mean) / MEAN_WINDOW);
    }

    /** One request's slot, held until closed; a turn taken again by its holder frees nothing when closed. */
    public final class Turn implements AutoCloseable {

        private final long startedNanos;
        private final boolean holdsSlot;
        private boolean closed;

        private Turn(long startedNanos, boolean holdsSlot) {
            this.startedNanos = startedNanos;
            this.holdsSlot = holdsSlot;
        }

        @Override
        public void close() {
            if (!closed && holdsSlot) {
                held.remove();
                recordHold(System.nanoTime() - startedNanos);
                turns.release();
            }
            closed = true;
        }
    }
}
