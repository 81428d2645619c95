package io.fulcrum.arm.api;

import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ARM's per-subscription request budget, reported in the x-ms-ratelimit-remaining-subscription-reads/writes
 * headers. Fulcrum counts down honestly within each clock hour (12,000 reads and 1,200 writes, ARM's documented
 * defaults) but does not throttle: the budget exists so clients that log or back off on it see real numbers.
 */
final class RateCounters {

    static final int READS_PER_HOUR = 12_000;
    static final int WRITES_PER_HOUR = 1_200;

    private record Window(long hour, AtomicInteger reads, AtomicInteger writes) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;

    RateCounters(Clock clock) {
        this.clock = clock;
    }

    /** Counts one request and returns how many of its kind remain this hour (never below zero). */
    int take(String subscriptionId, boolean write) {
        long hour = clock.millis() / 3_600_000L;
        Window w = windows.compute(subscriptionId.toLowerCase(Locale.ROOT), (k, old) ->
                old != null && old.hour() == hour ? old : new Window(hour, new AtomicInteger(), new AtomicInteger()));
        int used = write ? w.writes().incrementAndGet() : w.reads().incrementAndGet();
        return Math.max(0, (write ? WRITES_PER_HOUR : READS_PER_HOUR) - used);
    }
}
