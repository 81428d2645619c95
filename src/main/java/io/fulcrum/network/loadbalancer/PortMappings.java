package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.store.Tx;
import java.util.List;

/**
 * The frontend ports pool-based ("v2") inbound NAT rules give a pool's members: each such rule on the pool gives
 * every member a port of its range, in member order from frontendPortRangeStart (azure-behaviour.md "Inbound NAT
 * rules"; recordings test_network_lb_port_mapping.yaml for an IP-based member, test_vmss_create_with_nat_rule_v2.yaml
 * for NIC-based ones: 50000, 50001, 50002), as {@link PoolMembers#natPorts} gives them out, named for the API. The
 * members' read-only {@code inboundNatRulesPortMapping}, {@code POST .../queryInboundNatRulePortMapping} and the data
 * plane's NAT listeners all come from that one computation, so they cannot disagree.
 */
final class PortMappings {

    /** One member's port on one rule. */
    record PortMapping(String inboundNatRuleName, String protocol, int frontendPort, int backendPort) {

        /**
         * @param withProtocol the query answers the protocol; a member's own list leaves it out, as real Azure does
         *                     (recording test_network_lb_port_mapping.yaml)
         */
        ObjectNode toJson(boolean withProtocol) {
            ObjectNode m = Json.object();
            m.put("inboundNatRuleName", inboundNatRuleName);
            if (withProtocol) {
                m.put("protocol", protocol);
            }
            m.put("frontendPort", frontendPort);
            m.put("backendPort", backendPort);
            return m;
        }
    }

    private PortMappings() {
    }

    /**
     * The mappings of each of a pool's {@code memberCount} members, in member order (the order the pool lists them
     * in {@code loadBalancerBackendAddresses}); empty when no v2 rule uses the pool. A member past the end of a
     * rule's range gets no port from that rule.
     */
    static List<List<PortMapping>> of(ResourceId pool, int memberCount, Tx tx) {
        List<List<PoolMembers.NatPort>> ports = PoolMembers.natPorts(pool, memberCount, tx);
        if (ports.stream().allMatch(List::isEmpty)) {
            return List.of();
        }
        return ports.stream().map(member -> member.stream().map(port -> new PortMapping(port.rule().id().name(),
                port.rule().body().path("properties").path("protocol").asText(), port.frontendPort(),
                port.backendPort())).toList()).toList();
    }
}
