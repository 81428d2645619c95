package io.fulcrum.dataplane.engine;

import io.fulcrum.dataplane.Health;
import io.fulcrum.dataplane.HealthKey;
import io.fulcrum.dataplane.HealthView;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** A health view the test sets by hand; it tells subscribers of each flip, as the prober does. */
final class MapHealth implements HealthView {

    private final Map<HealthKey, Health> states = new ConcurrentHashMap<>();
    private final List<Consumer<HealthKey>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong version = new AtomicLong();

    void set(String probeId, InetAddress address, boolean up) {
        HealthKey key = new HealthKey(probeId, address);
        Health.State state = up ? Health.State.UP : Health.State.DOWN;
        states.put(key, new Health(state, up ? "Up_Probe_Success" : "Down_Probe_Failure: test", Instant.now()));
        version.incrementAndGet();
        listeners.forEach(listener -> listener.accept(key));
    }

    @Override
    public Health health(HealthKey key) {
        return states.getOrDefault(key, new Health(Health.State.UNKNOWN, "Unknown", Instant.EPOCH));
    }

    @Override
    public long version() {
        return version.get();
    }

    @Override
    public void onChange(Consumer<HealthKey> listener) {
        listeners.add(listener);
    }
}
