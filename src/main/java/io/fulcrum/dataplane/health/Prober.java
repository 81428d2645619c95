package io.fulcrum.dataplane.health;

import io.fulcrum.dataplane.Health;
import io.fulcrum.dataplane.Health.State;
import io.fulcrum.dataplane.HealthKey;
import io.fulcrum.dataplane.HealthView;
import io.fulcrum.dataplane.ProbeTarget;
import io.fulcrum.dataplane.Snapshot;
import io.fulcrum.dataplane.SnapshotSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every target of the current snapshot and holds the results. Targets are matched across snapshots by
 * {@link HealthKey}, so a member that stays keeps its state while the snapshot around it changes.
 *
 * <p>All probing, reconciling and state changes happen on one event loop of the prober's own; {@link #health} is a
 * lock-free read, cheap enough for the engine to call on every new flow.
 */
public final class Prober implements HealthView, SnapshotSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Prober.class);
    /** How long the last state of a removed target is remembered, for a member that comes back. */
    private static final Duration RECALL = Duration.ofMinutes(10);

    private final MeterRegistry metrics;
    private final Clock clock;
    private final ProbeClient client = new ProbeClient();
    /** Written on the probe loop only; concurrent so the engine can read it from its own threads. */
    private final Map<HealthKey, TargetProbe> targets = new ConcurrentHashMap<>();
    private final List<Consumer<HealthKey>> listeners = new CopyOnWriteArrayList<>();
    /**
     * The state each recently removed target had last logged. A member that leaves a pool and comes back gets a new
     * target, which starts UNKNOWN; without this its first result would be logged as a flip again (a member that was
     * DOWN when it left logged DOWN a second time) although its health never changed. Probe loop only.
     */
    private final Map<HealthKey, Departed> departed = new HashMap<>();
    private final Health unprobed;
    /** See HealthView.version: moved after every flip and every change of the target set. */
    private final AtomicLong version = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    public Prober(MeterRegistry metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
        this.unprobed = ProbeState.unknown(clock.instant()).health();
    }

    /** Returns once every added target has started its first probe and every removed one has stopped. */
    @Override
    public void apply(Snapshot snapshot) {
        onLoop(() -> reconcile(snapshot.probes()));
    }

    @Override
    public Health health(HealthKey key) {
        TargetProbe target = targets.get(key);
        return target == null ? unprobed : target.health();
    }

    @Override
    public long version() {
        return version.get();
    }

    @Override
    public void onChange(Consumer<HealthKey> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onLoop(this::stopAll);
            client.close();
        }
    }

    private void reconcile(List<ProbeTarget> probes) {
        Map<HealthKey, ProbeTarget> wanted = new HashMap<>();
        for (ProbeTarget t : probes) {
            wanted.put(t.key(), t);
        }
        // A removed target's key reads UNKNOWN from now on, but nobody is told: the same snapshot tells the engine
        // that the probe no longer applies there, and a "flip" would make it move flows for nothing.
        Instant now = clock.instant();
        departed.values().removeIf(d -> d.at().isBefore(now.minus(RECALL)));
        targets.entrySet().removeIf(e -> {
            if (wanted.containsKey(e.getKey())) {
                return false;
            }
            e.getValue().stop();
            departed.put(e.getKey(), new Departed(e.getValue().reported(), now));
            return true;
        });
        wanted.forEach((key, t) -> {
            TargetProbe running = targets.get(key);
            if (running != null) {
                running.update(t);
            } else {
                Departed before = departed.remove(key);
                TargetProbe added = new TargetProbe(t, client, metrics, clock, this::notifyChanged,
                        before == null ? State.UNKNOWN : before.reported());
                targets.put(key, added);
                added.start();
            }
        });
        // Removed keys now read UNKNOWN; added ones are UNKNOWN until their first result, which moves it again.
        version.incrementAndGet();
    }

    /** What a removed target had last logged, and when it was removed. */
    private record Departed(State reported, Instant at) {
    }

    private void stopAll() {
        targets.values().forEach(TargetProbe::stop);
        targets.clear();
    }

    private void notifyChanged(HealthKey key) {
        version.incrementAndGet();
        for (Consumer<HealthKey> listener : listeners) {
            try {
                listener.accept(key);
            } catch (RuntimeException e) {
                log.error("A health listener failed on the change of probe {} member {}; the others still run",
                        key.probeId(), key.address().getHostAddress(), e);
            }
        }
    }

    private void onLoop(Runnable task) {
        try {
            client.loop().submit(task).syncUninterruptibly();
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the prober is closed", e);
        }
    }
}
