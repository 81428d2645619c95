package io.fulcrum.dataplane.health;

import io.fulcrum.dataplane.Health;
import io.fulcrum.dataplane.Health.State;
import io.fulcrum.dataplane.HealthKey;
import io.fulcrum.dataplane.ProbeTarget;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target's probe schedule and state. Everything but {@link #health()} runs on the probe loop.
 *
 * <p>Probes never overlap: the next one is due one interval after the last one started, and a probe that is still
 * unanswered when the next is due has timed out (its timeout is at most the interval). So a target has at most one
 * connection and one timer at any moment, which is what keeps thousands of targets cheap.
 */
final class TargetProbe {

    private static final Logger log = LoggerFactory.getLogger(TargetProbe.class);

    /** Azure Monitor's DipAvailability: the health probe status per member, 100 when up, 0 otherwise. */
    static final String AVAILABILITY_GAUGE = "fulcrum.lb.dip.availability";

    private final ProbeClient client;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Consumer<HealthKey> changed;

    private ProbeTarget target;
    private volatile ProbeState state;
    /** The state the last flip line (or the restart line) named; a flip to the same state is not logged again. */
    private State reported;
    private Gauge gauge;
    private ProbeClient.Attempt inFlight;
    private ScheduledFuture<?> nextProbe;
    private long lastStartNanos;

    /** @param reported what the log last said of this key: UNKNOWN for a new member, else its state when it left */
    TargetProbe(ProbeTarget target, ProbeClient client, MeterRegistry metrics, Clock clock,
                Consumer<HealthKey> changed, State reported) {
        this.target = target;
        this.reported = reported;
        this.client = client;
        this.metrics = metrics;
        this.clock = clock;
        this.changed = changed;
        this.state = ProbeState.unknown(clock.instant());
        this.gauge = registerGauge();
    }

    Health health() {
        return state.health();
    }

    State reported() {
        return reported;
    }

    /** A new target is probed at once rather than after an interval: its member takes no flows until then. */
    void start() {
        probe();
    }

    /**
     * Takes the settings of the same key in a newer snapshot. Interval and threshold changes keep the state and
     * the count; a different protocol, port or path is a different probe, whose past results say nothing, so the
     * state restarts at UNKNOWN and the new probe goes out at once.
     */
    void update(ProbeTarget next) {
        ProbeTarget before = target;
        target = next;
        if (before.protocol() != next.protocol() || before.port() != next.port()
                || !Objects.equals(before.requestPath(), next.requestPath())) {
            stopProbing();
            if (before.port() != next.port()) {
                metrics.remove(gauge);
                gauge = registerGauge();
            }
            restartUnknown(before);
            probe();
        } else if (!before.interval().equals(next.interval()) && nextProbe != null) {
            nextProbe.cancel(false);
            scheduleNext();
        }
    }

    void stop() {
        stopProbing();
        metrics.remove(gauge);
    }

    private void probe() {
        nextProbe = null;
        lastStartNanos = System.nanoTime();
        inFlight = client.start(target, this::record);
    }

    private void record(ProbeResult result) {
        inFlight = null;
        ProbeState before = state;
        state = before.next(result, target.threshold(), clock.instant());
        if (state.flippedFrom(before)) {
            logFlip();
            changed.accept(target.key());
        }
        scheduleNext();
    }

    private void scheduleNext() {
        long delay = Math.max(0, lastStartNanos + target.interval().toNanos() - System.nanoTime());
        nextProbe = client.loop().schedule(this::probe, delay, TimeUnit.NANOSECONDS);
    }

    private void stopProbing() {
        if (inFlight != null) {
            inFlight.cancel();
            inFlight = null;
        }
        if (nextProbe != null) {
            nextProbe.cancel(false);
            nextProbe = null;
        }
    }

    private void restartUnknown(ProbeTarget before) {
        State was = state.health().state();
        state = ProbeState.unknown(clock.instant());
        reported = State.UNKNOWN;
        if (was != State.UNKNOWN) {
            log.info("Probe {} member {}: health restarts at UNKNOWN, the probe changed from {} {} to {} {}",
                    target.probeId(), ProbeClient.hostAndPort(target), before.protocol(), describe(before),
                    target.protocol(), describe(target));
            changed.accept(target.key());
        }
    }

    private void logFlip() {
        Health h = state.health();
        if (h.state() == reported) {
            return;
        }
        reported = h.state();
        if (h.up()) {
            log.info("Probe {} member {} is UP: {}", target.probeId(), ProbeClient.hostAndPort(target), h.reason());
        } else {
            log.warn("Probe {} member {} is DOWN: {}", target.probeId(), ProbeClient.hostAndPort(target), h.reason());
        }
    }

    private static String describe(ProbeTarget t) {
        return t.requestPath() == null ? ":" + t.port() : ":" + t.port() + t.requestPath();
    }

    private Gauge registerGauge() {
        return Gauge.builder(AVAILABILITY_GAUGE, this, p -> p.health().up() ? 100 : 0)
                .description("Health probe status per member (Azure Monitor DipAvailability): 100 up, 0 otherwise")
                .tag("probe", target.probeId())
                .tag("member", ProbeClient.hostAndPort(target))
                .strongReference(true)
                .register(metrics);
    }
}
