package io.fulcrum.dataplane.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.dataplane.Health;
import io.fulcrum.dataplane.HealthKey;
import io.fulcrum.dataplane.Eligibility;
import io.fulcrum.dataplane.HealthView;
import io.fulcrum.dataplane.snapshot.DesiredState.Balancer;
import io.fulcrum.dataplane.snapshot.DesiredState.Pool;
import io.fulcrum.dataplane.snapshot.DesiredState.PoolMember;
import io.fulcrum.dataplane.snapshot.DesiredState.Rule;
import io.fulcrum.dataplane.snapshot.DesiredStateReader;
import io.fulcrum.dataplane.snapshot.SnapshotBuilder;
import io.fulcrum.dataplane.underlay.AddressPlan;
import io.fulcrum.network.loadbalancer.RuleHealth;
import io.fulcrum.store.Tx;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A rule's members as the rule-health action shows them: every member of the rule's pools, in pool order, with its
 * overlay address. A member the data plane refuses to dial is Down with the refusal as its reason; otherwise its state
 * is {@link Eligibility}'s, the rule the engine applies to new flows.
 */
public final class RuleHealthReport implements RuleHealth {

    private final AddressPlan plan;
    private final HealthView health;

    public RuleHealthReport(AddressPlan plan, HealthView health) {
        this.plan = plan;
        this.health = health;
    }

    /** For {@code serve --no-dataplane}: nothing is probed, so a member that probes would decide is not up. */
    public static RuleHealthReport withoutDataPlane(AddressPlan plan) {
        Health off = new Health(Health.State.UNKNOWN, "Unknown_Data_Plane_Off: the server runs with --no-dataplane",
                Instant.EPOCH);
        return new RuleHealthReport(plan, new HealthView() {
            @Override
            public Health health(HealthKey key) {
                return off;
            }

            @Override
            public long version() {
                return 0;
            }

            @Override
            public void onChange(Consumer<HealthKey> listener) {
                // Nothing is probed, so nothing ever changes.
            }
        });
    }

    @Override
    public ObjectNode report(ResourceId ruleId, Tx tx) {
        Balancer lb = DesiredStateReader.balancer(ruleId.parent().orElseThrow(), tx);
        Rule rule = lb.rules().stream().filter(r -> ResourceId.parse(r.id()).orElseThrow().equals(ruleId))
                .findFirst().orElseThrow(() -> new IllegalStateException("rule " + ruleId + " vanished in its read"));
        boolean probed = rule.probeId() != null && lb.probes().stream()
                .anyMatch(p -> p.id().equalsIgnoreCase(rule.probeId()));
        Map<String, PoolMember> members = new LinkedHashMap<>();
        for (String poolId : rule.poolIds()) {
            lb.pools().stream().filter(p -> p.id().equalsIgnoreCase(poolId)).map(Pool::members)
                    .flatMap(List::stream)
                    .forEach(m -> members.putIfAbsent(SnapshotBuilder.fold(m.id()), m));
        }
        int up = 0;
        ArrayNode list = Json.array();
        for (PoolMember m : members.values()) {
            ObjectNode entry = list.addObject();
            if (m.address() != null) {
                entry.put("ipAddress", m.address());
            }
            if (m.ipConfigurationId() != null) {
                entry.put("networkInterfaceIPConfigurationId", m.ipConfigurationId());
            }
            Health h = state(m, probed ? SnapshotBuilder.fold(rule.probeId()) : null);
            entry.put("state", h.up() ? "Up" : "Down");
            entry.put("reason", h.reason());
            up += h.up() ? 1 : 0;
        }
        ObjectNode out = Json.object();
        out.put("up", up);
        out.put("down", list.size() - up);
        out.set("loadBalancerBackendAddresses", list);
        return out;
    }

    private Health state(PoolMember m, String probeId) {
        if (m.address() == null) {
            return down("Down_No_Address: the member has no IP address");
        }
        AddressPlan.Placement p = plan.dial(m.address());
        if (!p.allowed()) {
            return down("Down_Refused: " + p.refusal());
        }
        return Eligibility.of(m.adminState(), probeId, p.address(), health);
    }

    private static Health down(String reason) {
        return new Health(Health.State.DOWN, reason, null);
    }
}
