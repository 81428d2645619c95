package io.fulcrum.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The rebuild thread: bursts coalesce, a failed run neither stops later runs nor escapes to the caller, and a waiting
 * request returns only once a run that saw its commit has finished.
 */
class RebuilderTest {

    @Test
    void requestsDuringARunLeadToExactlyOneMoreRun() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Rebuilder r = new Rebuilder("test-rebuild", () -> {
            if (runs.incrementAndGet() == 1) {
                running.countDown();
                hold(release);
            }
        })) {
            r.request();
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 50; i++) {
                r.request();
            }
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2);
            // Nothing else was asked for: a third run would have to come from nowhere.
            r.request();
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 3);
        }
        assertThat(runs).hasValue(3);
    }

    @Test
    void aFailedRunIsLoggedAndTheNextRequestRunsAgain() {
        AtomicInteger runs = new AtomicInteger();
        try (Rebuilder r = new Rebuilder("test-rebuild", () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("the store is gone for a moment");
            }
        })) {
            r.request();
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
            r.request();
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2);
        }
    }

    @Test
    void requestsAfterCloseAreIgnored() {
        AtomicInteger runs = new AtomicInteger();
        Rebuilder r = new Rebuilder("test-rebuild", runs::incrementAndGet);
        r.close();
        r.request();
        assertThat(runs).hasValue(0);
    }

    @Test
    void aWaitingRequestReturnsOnlyAfterARunThatSawItsCommit() throws Exception {
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger seen = new AtomicInteger(-1);
        CountDownLatch firstRunStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        Rebuilder r = new Rebuilder("test-rebuild", () -> {
            int value = committed.get();
            if (runs.incrementAndGet() == 1) {
                firstRunStarted.countDown();
                hold(release);
            }
            seen.set(value);
        });
        r.request();
        assertThat(firstRunStarted.await(10, TimeUnit.SECONDS)).isTrue();
        // A commit lands while the run in progress has already read the state without it.
        committed.set(1);
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(
                () -> r.requestAndAwait(Duration.ofSeconds(10)));

        assertThat(waited).isNotDone();
        release.countDown();
        assertThat(waited.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasValue(1);
        r.close();
    }

    @Test
    void aWaitIsBoundedWhenTheRunTakesTooLong() {
        CountDownLatch release = new CountDownLatch(1);
        Rebuilder r = new Rebuilder("test-rebuild", () -> hold(release));
        assertThat(r.requestAndAwait(Duration.ofMillis(50))).isFalse();
        release.countDown();
        r.close();
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
