package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.network.RefKinds;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A pool's members in the one order both the API ({@code loadBalancerBackendAddresses}) and the data plane use:
 * the pool's own addresses as stored, then the NIC ip configurations that name it. Pool-based ("v2") inbound NAT
 * rules hand out their frontend ports in this order, so the port a client sees in {@code inboundNatRulesPortMapping}
 * is the port the data plane listens on.
 */
public final class PoolMembers {

    /**
     * One member.
     *
     * @param name            the entry name under {@code loadBalancerBackendAddresses}
     * @param stored          the stored {@code properties} of an IP-based member; null for a NIC-based one
     * @param ipConfiguration the NIC ip configuration of a NIC-based member; null for an IP-based one
     */
    public record Entry(String name, JsonNode stored, ResourceId ipConfiguration) {
    }

    /** The frontend port one pool-based inbound NAT rule gives one member, and the port it forwards to. */
    public record NatPort(StoredResource rule, int frontendPort, int backendPort) {
    }

    private PoolMembers() {
    }

    public static List<Entry> of(StoredResource pool, Tx tx) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode a : pool.body().path("properties").path("loadBalancerBackendAddresses")) {
            out.add(new Entry(a.path("name").asText(), a.path("properties"), null));
        }
        for (ResourceId config : Siblings.ipConfigurations(tx, pool.id(), RefKinds.BACKEND_POOL)) {
            out.add(new Entry(PoolAddresses.nicEntryName(config), null, config));
        }
        return out;
    }

    /**
     * For each of the first {@code members} member positions, its port under every pool-based inbound NAT rule on
     * {@code pool}: rule by rule, frontendPortRangeStart plus the position, while that stays inside the range
     * (azure-behaviour.md "Inbound NAT rules"; recordings test_network_lb_port_mapping.yaml for an IP-based member,
     * test_vmss_create_with_nat_rule_v2.yaml for NIC-based ones: 50000, 50001, 50002).
     */
    public static List<List<NatPort>> natPorts(ResourceId pool, int members, Tx tx) {
        List<StoredResource> rules = Siblings.users(tx, pool, RefKinds.BACKEND_POOL, InboundNatRules.TYPE)
                .stream().map(tx.resources()::get).flatMap(Optional::stream)
                .filter(r -> r.body().path("properties").has("frontendPortRangeStart")).toList();
        List<List<NatPort>> out = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            List<NatPort> ports = new ArrayList<>();
            for (StoredResource rule : rules) {
                JsonNode p = rule.body().path("properties");
                int port = p.path("frontendPortRangeStart").asInt() + i;
                if (port <= p.path("frontendPortRangeEnd").asInt(port)) {
                    ports.add(new NatPort(rule, port, p.path("backendPort").asInt()));
                }
            }
            out.add(ports);
        }
        return out;
    }
}
