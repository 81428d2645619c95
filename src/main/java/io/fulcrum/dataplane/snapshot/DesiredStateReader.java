package io.fulcrum.dataplane.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.dataplane.AdminState;
import io.fulcrum.dataplane.Distribution;
import io.fulcrum.dataplane.ProbeProtocol;
import io.fulcrum.dataplane.snapshot.DesiredState.Balancer;
import io.fulcrum.dataplane.snapshot.DesiredState.Frontend;
import io.fulcrum.dataplane.snapshot.DesiredState.NatRule;
import io.fulcrum.dataplane.snapshot.DesiredState.NatTarget;
import io.fulcrum.dataplane.snapshot.DesiredState.Pool;
import io.fulcrum.dataplane.snapshot.DesiredState.PoolMember;
import io.fulcrum.dataplane.snapshot.DesiredState.Probe;
import io.fulcrum.dataplane.snapshot.DesiredState.Rule;
import io.fulcrum.network.RefKinds;
import io.fulcrum.network.loadbalancer.BackendPools;
import io.fulcrum.network.loadbalancer.Frontends;
import io.fulcrum.network.loadbalancer.InboundNatRules;
import io.fulcrum.network.loadbalancer.LoadBalancingRules;
import io.fulcrum.network.loadbalancer.OutboundRules;
import io.fulcrum.network.loadbalancer.PoolMembers;
import io.fulcrum.network.loadbalancer.Probes;
import io.fulcrum.store.RefTable;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.ResourceQuery;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one load balancer's desired state within the caller's store transaction ({@link DesiredStateCache} reads all
 * it needs in one, so a snapshot never mixes two generations of the store). Only reads and copies: every decision
 * about what runs is {@link SnapshotBuilder}'s.
 */
public final class DesiredStateReader {

    private static final String NIC_IP_CONFIGURATION_SUFFIX = "/networkinterfaces/ipconfigurations";

    private DesiredStateReader() {
    }

    /** One load balancer's desired state (the rule-health action reads just the one it is asked about). */
    public static Balancer balancer(ResourceId lb, Tx tx) {
        return balancer(lb, tx, new HashSet<>());
    }

    /**
     * One load balancer's desired state, adding to {@code reads} every resource outside the load balancer that it
     * was read from (public IPs, NIC ip configurations): a commit that touches none of them, nor the load balancer,
     * nor makes a new reference into it, cannot change what this returns ({@link DesiredStateCache}).
     */
    static Balancer balancer(ResourceId lb, Tx tx, Set<ResourceId> reads) {
        List<Frontend> frontends = children(lb, Frontends.TYPE, tx).stream().map(f -> frontend(f, tx, reads))
                .toList();
        List<StoredResource> storedPools = children(lb, BackendPools.TYPE, tx);
        List<Pool> pools = new ArrayList<>();
        for (StoredResource p : storedPools) {
            pools.add(pool(p, tx, reads));
        }
        List<Probe> probes = children(lb, Probes.TYPE, tx).stream().map(DesiredStateReader::probe).toList();
        List<Rule> rules = children(lb, LoadBalancingRules.TYPE, tx).stream().map(DesiredStateReader::rule)
                .toList();
        List<NatRule> natRules = children(lb, InboundNatRules.TYPE, tx).stream()
                .map(n -> natRule(n, storedPools, pools, tx, reads)).toList();
        List<String> outbound = children(lb, OutboundRules.TYPE, tx).stream().map(o -> o.id().toString()).toList();
        return new Balancer(lb.toString(), frontends, pools, probes, rules, natRules, outbound);
    }

    private static List<StoredResource> children(ResourceId lb, ResourceType type, Tx tx) {
        return tx.resources().list(ResourceQuery.inSubscription(lb.subscriptionId()).ofType(type.qualified())
                .childrenOf(lb), null, Integer.MAX_VALUE);
    }

    private static Frontend frontend(StoredResource f, Tx tx, Set<ResourceId> reads) {
        JsonNode p = f.body().path("properties");
        String id = f.id().toString();
        if (p.hasNonNull("privateIPAddress") && p.has("subnet")) {
            return new Frontend(id, p.path("privateIPAddress").asText(), null);
        }
        Optional<ResourceId> pip = idOf(p, "publicIPAddress");
        if (pip.isPresent()) {
            reads.add(pip.get());
            String address = tx.resources().get(pip.get())
                    .map(r -> r.body().path("properties").path("ipAddress").asText(null)).orElse(null);
            return new Frontend(id, address, address != null ? null
                    : "public IP " + pip.get() + " has no address, so the frontend is not bound");
        }
        if (p.has("publicIPPrefix")) {
            return new Frontend(id, null, "not enforced: a frontend on a public IP prefix has no single address"
                    + " to listen on");
        }
        return new Frontend(id, null, "it has no address");
    }

    private static Pool pool(StoredResource pool, Tx tx, Set<ResourceId> reads) {
        JsonNode p = pool.body().path("properties");
        Integer drain = p.has("drainPeriodInSeconds") ? p.path("drainPeriodInSeconds").asInt() : null;
        List<PoolMember> members = new ArrayList<>();
        // Every NIC member's address in one query: reading each ip configuration's document costs a query and a
        // parse per member, which made a rebuild (and so every write, which waits for it) grow with the pool.
        Map<ResourceId, String> nicAddresses = new HashMap<>();
        for (RefTable.Holding h : tx.refs().toWithProperty(pool.id(), RefKinds.BACKEND_POOL, "privateIPAddress")) {
            nicAddresses.put(h.from(), h.value());
        }
        for (PoolMembers.Entry e : PoolMembers.of(pool, tx)) {
            ResourceId config = e.ipConfiguration();
            if (config != null) {
                reads.add(config);
            }
            members.add(config != null
                    ? new PoolMember(config.toString(), config.toString(), nicAddresses.get(config), AdminState.NONE)
                    : new PoolMember(pool.id() + "/loadBalancerBackendAddresses/" + e.name(), null,
                    e.stored().path("ipAddress").asText(null), adminState(e.stored())));
        }
        return new Pool(pool.id().toString(), drain, members);
    }

    /** NIC-based members have no admin state: Azure sets it only on IP-based pool addresses (as in pool above). */
    private static PoolMember nicMember(ResourceId config, Tx tx) {
        String address = tx.resources().get(config)
                .map(c -> c.body().path("properties").path("privateIPAddress").asText(null)).orElse(null);
        return new PoolMember(config.toString(), config.toString(), address, AdminState.NONE);
    }

    private static AdminState adminState(JsonNode stored) {
        return switch (stored.path("adminState").asText("None")) {
            case "Up" -> AdminState.UP;
            case "Down" -> AdminState.DOWN;
            default -> AdminState.NONE;
        };
    }

    private static Probe probe(StoredResource probe) {
        JsonNode p = probe.body().path("properties");
        ProbeProtocol protocol = ProbeProtocol.valueOf(p.path("protocol").asText().toUpperCase(Locale.ROOT));
        return new Probe(probe.id().toString(), protocol, p.path("port").asInt(), p.path("requestPath").asText(null),
                p.path("intervalInSeconds").asInt(15), p.path("probeThreshold").asInt(1),
                "AllProbedUp".equals(p.path("noHealthyBackendsBehavior").asText()));
    }

    private static Rule rule(StoredResource rule) {
        JsonNode p = rule.body().path("properties");
        Set<String> pools = new LinkedHashSet<>();
        idOf(p, "backendAddressPool").ifPresent(id -> pools.add(id.toString()));
        for (JsonNode ref : p.path("backendAddressPools")) {
            ResourceId.parse(ref.path("id").asText()).ifPresent(id -> pools.add(id.toString()));
        }
        Distribution distribution = switch (p.path("loadDistribution").asText("Default")) {
            case "SourceIP" -> Distribution.SOURCE_IP;
            case "SourceIPProtocol" -> Distribution.SOURCE_IP_PROTOCOL;
            default -> Distribution.FIVE_TUPLE;
        };
        return new Rule(rule.id().toString(), idOf(p, "frontendIPConfiguration").map(Object::toString).orElse(""),
                List.copyOf(pools), idOf(p, "probe").map(Object::toString).orElse(null), p.path("protocol").asText(),
                p.path("frontendPort").asInt(), p.path("backendPort").asInt(), distribution,
                p.path("idleTimeoutInMinutes").asInt(4), p.path("enableTcpReset").asBoolean(),
                p.path("enableFloatingIP").asBoolean(), p.path("disableOutboundSnat").asBoolean());
    }

    /**
     * v1: the NIC ip configuration that names the rule, on frontendPort. v2: every pool member on the port {@link
     * PoolMembers#natPorts} gives it, the function that renders {@code inboundNatRulesPortMapping}.
     */
    private static NatRule natRule(StoredResource nat, List<StoredResource> storedPools, List<Pool> pools, Tx tx,
                                   Set<ResourceId> reads) {
        JsonNode p = nat.body().path("properties");
        List<NatTarget> targets = new ArrayList<>();
        Optional<ResourceId> poolId = idOf(p, "backendAddressPool");
        if (poolId.isPresent()) {
            for (int i = 0; i < storedPools.size(); i++) {
                if (!storedPools.get(i).id().equals(poolId.get())) {
                    continue;
                }
                List<PoolMember> members = pools.get(i).members();
                List<List<PoolMembers.NatPort>> ports = PoolMembers.natPorts(poolId.get(), members.size(), tx);
                for (int m = 0; m < members.size(); m++) {
                    for (PoolMembers.NatPort port : ports.get(m)) {
                        if (port.rule().id().equals(nat.id())) {
                            targets.add(new NatTarget(port.frontendPort(), members.get(m)));
                        }
                    }
                }
            }
        } else {
            for (Ref r : tx.refs().to(nat.id(), RefKinds.INBOUND_NAT_RULE)) {
                if (r.from().type().toLowerCase(Locale.ROOT).endsWith(NIC_IP_CONFIGURATION_SUFFIX)) {
                    reads.add(r.from());
                    targets.add(new NatTarget(p.path("frontendPort").asInt(), nicMember(r.from(), tx)));
                    break; // a v1 rule maps to one ip configuration (the API shows the first as backendIPConfiguration)
                }
            }
        }
        return new NatRule(nat.id().toString(), idOf(p, "frontendIPConfiguration").map(Object::toString).orElse(""),
                p.path("protocol").asText(), p.path("backendPort").asInt(), p.path("idleTimeoutInMinutes").asInt(4),
                p.path("enableTcpReset").asBoolean(), p.path("enableFloatingIP").asBoolean(), targets);
    }

    private static Optional<ResourceId> idOf(JsonNode properties, String member) {
        JsonNode id = properties.path(member).path("id");
        return id.isTextual() ? ResourceId.parse(id.asText()) : Optional.empty();
    }
}
