package io.fulcrum.dataplane.engine;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One frontend's meters, named after Azure Monitor's load balancer metrics. The hot path adds to plain
 * {@link LongAdder}s that each flow holds from its start; Micrometer reads them only when scraped.
 */
final class FrontendMeters {

    /** Client to member; "in" as Azure counts it, towards the backend. */
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    /** UDP: datagrams. TCP: socket reads, which is the closest a user-space proxy gets to packets. */
    final LongAdder packetsIn = new LongAdder();
    final LongAdder packetsOut = new LongAdder();
    final LongAdder syn = new LongAdder();
    final LongAdder connectFailures = new LongAdder();

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    FrontendMeters(MeterRegistry registry, String frontend, String ruleId, Supplier<Number> activeFlows,
                   Supplier<Number> availability) {
        this.registry = registry;
        Tags tags = Tags.of("frontend", frontend, "rule", ruleId);
        counter("fulcrum.lb.byte.count", tags.and("direction", "in"), bytesIn, "bytes");
        counter("fulcrum.lb.byte.count", tags.and("direction", "out"), bytesOut, "bytes");
        counter("fulcrum.lb.packet.count", tags.and("direction", "in"), packetsIn, "packets");
        counter("fulcrum.lb.packet.count", tags.and("direction", "out"), packetsOut, "packets");
        counter("fulcrum.lb.syn.count", tags, syn, "connections");
        counter("fulcrum.lb.backend.connect.failures", tags, connectFailures, "connections");
        meters.add(Gauge.builder("fulcrum.lb.active.connections", activeFlows).tags(tags).register(registry));
        meters.add(Gauge.builder("fulcrum.lb.vip.availability", availability).tags(tags).baseUnit("percent")
                .register(registry));
    }

    private void counter(String name, Tags tags, LongAdder adder, String unit) {
        meters.add(FunctionCounter.builder(name, adder, LongAdder::sum).tags(tags).baseUnit(unit).register(registry));
    }

    void remove() {
        meters.forEach(registry::remove);
    }
}
