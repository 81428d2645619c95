package io.fulcrum.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rebuild thread: bursts coalesce, and a failed run neither stops later runs nor escapes to the caller. */
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

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
