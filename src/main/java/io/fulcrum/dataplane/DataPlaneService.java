package io.fulcrum.dataplane;

import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.dataplane.engine.Engine;
import io.fulcrum.dataplane.engine.ListenerState;
import io.fulcrum.dataplane.health.Prober;
import io.fulcrum.dataplane.snapshot.DesiredState;
import io.fulcrum.dataplane.snapshot.DesiredStateCache;
import io.fulcrum.dataplane.snapshot.SnapshotBuilder;
import io.fulcrum.dataplane.underlay.AddressPlan;
import io.fulcrum.store.Store;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running data plane: the engine, the prober, the status board and the metrics registry, kept in step with the
 * store. Every commit asks for a rebuild; rebuilds run on one dedicated thread and coalesce ({@link Rebuilder}), so a
 * burst of writes costs at most two rebuilds. Each rebuild reads, in one transaction, the desired state of the load
 * balancers the commits since the last one can have changed ({@link DesiredStateCache}), builds a whole new
 * snapshot and publishes it to the prober first (so the targets of new members are probing before the engine can
 * pick them) and then to the engine. A rebuild that fails is logged and leaves the previous snapshot running.
 */
public final class DataPlaneService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DataPlaneService.class);
    /** The StatusBoard source of the builder's problems; the engine reports its own (bind errors). */
    static final String SNAPSHOT_SOURCE = "snapshot";

    private static final Duration HONOUR_WAIT = Duration.ofMillis(250);

    private final Store store;
    private final AddressPlan plan;
    private final StatusBoard status = new StatusBoard();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Prober prober;
    private final Engine engine;
    private final Rebuilder rebuilder;
    /** Owned by the rebuild thread. */
    private final DesiredStateCache desired = new DesiredStateCache();
    /** What commits touched since the last rebuild began to read; drained by the rebuild thread. */
    private Set<ResourceId> touchedSinceRebuild = new HashSet<>();
    private long generation;
    private volatile Snapshot current = Snapshot.EMPTY;

    private DataPlaneService(Store store, AddressPlan plan, Clock clock) {
        this.store = store;
        this.plan = plan;
        this.prober = new Prober(metrics, clock);
        this.engine = new Engine(prober, status, metrics);
        this.rebuilder = new Rebuilder("fulcrum-dataplane-snapshot", this::rebuild);
    }

    /** Builds and applies the first snapshot before returning, then follows every commit. */
    public static DataPlaneService start(Store store, AddressPlan plan, Clock clock) {
        DataPlaneService service = new DataPlaneService(store, plan, clock);
        try {
            service.rebuild();
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        store.onCommit(service::honourCommit);
        return service;
    }

    /**
     * The writing request waits (on its own thread, after the store's lock is released) until the data plane runs
     * a snapshot that includes its commit, so its reply comes after the change took effect: a client that removes a
     * member and then connects never reaches it. Bounded: a slow rebuild delays a reply by at most {@link
     * #HONOUR_WAIT}, and the write stands either way.
     */
    private void honourCommit(Set<ResourceId> touched) {
        if (touched.isEmpty()) {
            return; // operations, principals, subscriptions: nothing the data plane reads
        }
        synchronized (this) {
            // Before the request: the run that covers it must find these ids (Rebuilder reads its count first).
            touchedSinceRebuild.addAll(touched);
        }
        if (!rebuilder.requestAndAwait(HONOUR_WAIT)) {
            LOG.warn("data plane: a write was answered before the data plane applied it ({} ms passed)",
                    HONOUR_WAIT.toMillis());
        }
    }

    /** Runs on the rebuild thread only (and once in {@link #start}, before that thread has work). */
    private void rebuild() {
        long began = System.nanoTime();
        Set<ResourceId> touched;
        synchronized (this) {
            touched = touchedSinceRebuild;
            touchedSinceRebuild = new HashSet<>();
        }
        DesiredState state;
        try {
            state = store.read(tx -> desired.refresh(touched, tx));
        } catch (RuntimeException e) {
            desired.invalidate(); // the ids drained above are lost with it, so the next rebuild reads everything
            throw e;
        }
        Snapshot next = SnapshotBuilder.build(state, plan, ++generation);
        prober.apply(next);
        engine.apply(next);
        status.report(SNAPSHOT_SOURCE, next.problems());
        current = next;
        LOG.debug("data plane: snapshot {} applied in {} ms ({} listeners, {} probe targets, {} problems)",
                next.generation(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
                next.listeners().size(), next.probes().size(), next.problems().size());
    }

    /** The snapshot now in force. */
    public Snapshot current() {
        return current;
    }

    public List<ListenerState> listeners() {
        return engine.state();
    }

    public HealthView health() {
        return prober;
    }

    public StatusBoard status() {
        return status;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public AddressPlan plan() {
        return plan;
    }

    /** Stops following the store, then closes every listener and stops probing. */
    @Override
    public void close() {
        try {
            rebuilder.close();
        } finally {
            try {
                engine.close();
            } finally {
                prober.close();
                metrics.close();
            }
        }
    }
}
