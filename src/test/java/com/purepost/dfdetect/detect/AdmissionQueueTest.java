package com.purepost.dfdetect.detect;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionQueueTest {

    /** A hang guard only: every wait below ends in milliseconds when the queue works. */
    private static final long GUARD_SECONDS = 30;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void admitsAsManyAsItHasSlotsAtOnce() throws Exception {
        AdmissionQueue queue = new AdmissionQueue(2, 0);

        AdmissionQueue.Turn first = queue.enter();
        AdmissionQueue.Turn second = elsewhere(queue::enter);

        assertThat(queue.inProgress()).isEqualTo(2);
        first.close();
        second.close();
        assertThat(queue.inProgress()).isZero();
    }

    @Test
    void letsTheWaitingRequestsInOneAtATimeInTheOrderTheyCame() throws Exception {
        AdmissionQueue queue = new AdmissionQueue(1, 5);
        AdmissionQueue.Turn holder = queue.enter();
        List<Integer> order = new CopyOnWriteArrayList<>();
        BlockingQueue<AdmissionQueue.Turn> admitted = new LinkedBlockingQueue<>();
        for (int i = 0; i < 5; i++) {
            int arrival = i;
            threads.submit(() -> {
                AdmissionQueue.Turn turn = queue.enter();
                order.add(arrival);
                admitted.add(turn);
            });
            awaitTrue(() -> queue.waiting() == arrival + 1);
        }

        holder.close();
        for (int i = 0; i < 5; i++) {
            AdmissionQueue.Turn turn = admitted.poll(GUARD_SECONDS, TimeUnit.SECONDS);
            assertThat(turn).as("request %d admitted", i).isNotNull();
            assertThat(queue.inProgress()).isEqualTo(1);
            turn.close();
        }

        assertThat(order).containsExactly(0, 1, 2, 3, 4);
        assertThat(queue.waiting()).isZero();
    }

    @Test
    void refusesARequestWithRetryAfterOnlyOnceTheQueueIsFull() throws Exception {
        AdmissionQueue queue = new AdmissionQueue(1, 2);
        AdmissionQueue.Turn holder = queue.enter();
        Future<?> firstWaiting = threads.submit(() -> queue.enter().close());
        Future<?> secondWaiting = threads.submit(() -> queue.enter().close());
        awaitTrue(() -> queue.waiting() == 2);

        ServiceBusyException refused = elsewhere(() -> refusal(queue));

        assertThat(refused.retryAfterSeconds()).isBetween(1, 30);
        assertThat(refused.getMessage()).contains("busy").contains("queue of 2 waiting requests is full");

        holder.close();
        firstWaiting.get(GUARD_SECONDS, TimeUnit.SECONDS);
        secondWaiting.get(GUARD_SECONDS, TimeUnit.SECONDS);
        queue.enter().close();
        assertThat(queue.inProgress()).isZero();
    }

    @Test
    void releasesItsSlotOnlyOnceHoweverOftenATurnIsClosed() throws Exception {
        AdmissionQueue queue = new AdmissionQueue(1, 0);
        AdmissionQueue.Turn turn = queue.enter();

        turn.close();
        turn.close();

        AdmissionQueue.Turn next = queue.enter();
        assertThat(elsewhere(() -> refusal(queue))).isNotNull();
        next.close();
    }

    @Test
    void letsTheHolderOfATurnTakeItAgainWithoutQueueingOrFreeingIt() throws Exception {
        AdmissionQueue queue = new AdmissionQueue(1, 0);
        AdmissionQueue.Turn outer = queue.enter();

        AdmissionQueue.Turn inner = queue.enter();
        inner.close();

        assertThat(queue.inProgress()).as("the inner turn freed nothing").isEqualTo(1);
        assertThat(elsewhere(() -> refusal(queue))).isNotNull();
        outer.close();
        assertThat(queue.inProgress()).isZero();
        queue.enter().close();
    }

    @Test
    void estimatesTheWaitFromTheRecentPaceOfTheSlots() {
        AdmissionQueue queue = new AdmissionQueue(2, 100);

        assertThat(queue.retryAfterSeconds(0)).as("no history yet").isEqualTo(1);
        assertThat(queue.retryAfterSeconds(10_000)).isLessThanOrEqualTo(30);
    }

    /** What {@code call} returns on another thread: a thread of its own holds no turn. */
    private <T> T elsewhere(Callable<T> call) throws Exception {
        return threads.submit(call).get(GUARD_SECONDS, TimeUnit.SECONDS);
    }

    private static ServiceBusyException refusal(AdmissionQueue queue) {
        try {
            queue.enter().close();
        } catch (ServiceBusyException busy) {
            return busy;
        }
        throw new AssertionError("the queue let the request in");
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition never held");
            }
            Thread.sleep(1);
        }
    }
}
