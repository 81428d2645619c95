package io.fulcrum.dataplane.engine;

import io.fulcrum.dataplane.HealthView;
import io.fulcrum.dataplane.Listener;
import io.fulcrum.dataplane.Problem;
import io.fulcrum.dataplane.Snapshot;
import io.fulcrum.dataplane.SnapshotSink;
import io.fulcrum.dataplane.StatusBoard;
import io.fulcrum.dataplane.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Forwards TCP and UDP from each snapshot's frontends to their eligible members. {@link #apply} reconciles: a
 * frontend whose key survives keeps its socket and flows and gets the new settings and members in one swap; a
 * frontend whose key is gone is closed and its flows reset; a new one is bound, and a bind that fails is reported to
 * the {@link StatusBoard} and retried on the next apply.
 */
public final class Engine implements SnapshotSink, AutoCloseable {

    /** The status board source whose problem set each apply replaces. */
    static final String SOURCE = "engine";

    private final HealthView health;
    private final StatusBoard status;
    private final MeterRegistry metrics;
    private final Transports transports;
    private final Map<Listener.Key, Frontend> frontends = new ConcurrentHashMap<>();

    public Engine(HealthView health, StatusBoard status, MeterRegistry metrics) {
        this.health = health;
        this.status = status;
        this.metrics = metrics;
        this.transports = Transports.create();
        health.onChange(changed -> frontends.values().forEach(Frontend::healthChanged));
    }

    @Override
    public synchronized void apply(Snapshot snapshot) {
        Map<Listener.Key, Listener> wanted = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Listener listener : snapshot.listeners()) {
            Listener first = wanted.putIfAbsent(listener.key(), listener);
            if (first != null) {
                problems.add(new Problem(listener.ruleId(), "frontend " + Frontend.describe(listener.key()),
                        "rule " + first.ruleId() + " already uses this frontend"));
            }
        }
        frontends.entrySet().removeIf(running -> {
            if (wanted.containsKey(running.getKey())) {
                return false;
            }
            running.getValue().close();
            return true;
        });
        wanted.forEach((key, listener) -> {
            Frontend running = frontends.get(key);
            if (running != null) {
                running.update(listener);
            } else {
                // Published only once it has a plan, so that state() and health callbacks never see it half made.
                Frontend opened = open(key);
                opened.update(listener);
                frontends.put(key, opened);
            }
        });
        frontends.values().stream().map(Frontend::problem).flatMap(Optional::stream).forEach(problems::add);
        status.report(SOURCE, problems);
    }

    private Frontend open(Listener.Key key) {
        return key.transport() == Transport.TCP
                ? new TcpFrontend(key, transports, health, metrics)
                : new UdpFrontend(key, transports, health, metrics);
    }

    /** Every frontend of the last snapshot: whether it is bound (or why not) and its active flows per member. */
    public List<ListenerState> state() {
        return frontends.values().stream()
                .map(Frontend::state)
                .sorted(Comparator.comparing(state -> Frontend.describe(state.key())))
                .toList();
    }

    @Override
    public synchronized void close() {
        frontends.values().forEach(Frontend::close);
        frontends.clear();
        status.report(SOURCE, List.of());
        transports.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
