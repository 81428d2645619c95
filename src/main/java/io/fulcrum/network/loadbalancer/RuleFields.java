package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.arm.resource.References;
import io.fulcrum.network.NetworkFields;
import io.fulcrum.store.Tx;
import java.util.List;

/**
 * What load-balancing rules, inbound NAT rules and inbound NAT pools read alike: the frontend they listen on, their
 * transport protocol, a frontend port range, and the flow options each of them ends with.
 */
final class RuleFields {

    private static final List<String> PROTOCOLS = List.of("Tcp", "Udp", "All");
    private static final NetworkFields FIELDS = NetworkFields.REQUEST_INVALID;

    private RuleFields() {
    }

    /** A frontend port range, both ends included. */
    record PortRange(int start, int end) {
    }

    /**
     * The start of a rule's stored properties: the required {@code frontendIPConfiguration} (a frontend of the rule's
     * own load balancer) and the required {@code protocol}.
     */
    static ObjectNode frontendAndProtocol(JsonNode properties, ResourceId rule, Tx tx) {
        ObjectNode out = Json.object();
        out.set("frontendIPConfiguration", References.ref(Siblings.require(
                Bodies.field(properties, "frontendIPConfiguration"), "properties.frontendIPConfiguration",
                Frontends.TYPE, rule, tx)));
        out.put("protocol", protocol(properties));
        return out;
    }

    static String protocol(JsonNode properties) {
        return FIELDS.requiredChoice(properties, "protocol", "properties.protocol", PROTOCOLS);
    }

    /** The required {@code frontendPortRangeStart/End} within [min, 65534]; {@code owner} names the rule or pool. */
    static PortRange frontendPortRange(JsonNode properties, int min, String owner) {
        int start = FIELDS.requiredInteger(properties, "frontendPortRangeStart", "properties.frontendPortRangeStart",
                min, 65534);
        int end = FIELDS.requiredInteger(properties, "frontendPortRangeEnd", "properties.frontendPortRangeEnd", min,
                65534);
        if (end < start) {
            throw FIELDS.invalid("properties.frontendPortRangeEnd", "the frontend port range of " + owner + " ends ("
                    + end + ") before it starts (" + start + ").");
        }
        return new PortRange(start, end);
    }

    /**
     * Idle timeout (4 to 30 minutes), floating IP and TCP reset, then two flags real Azure renders, false, on every
     * load-balancing rule, inbound NAT rule and NAT pool (recordings test_network_lb_rules, _nat_rules_v3,
     * test_network_lb), though the 2024-07-01 spec does not list them yet. A request's own value is kept, so
     * GET-modify-PUT clients round-trip them.
     */
    static void putFlowOptions(ObjectNode out, JsonNode properties) {
        out.put("idleTimeoutInMinutes", FIELDS.integer(properties, "idleTimeoutInMinutes",
                "properties.idleTimeoutInMinutes", 4, 30).orElse(4));
        for (String flag : List.of("enableFloatingIP", "enableTcpReset", "enableDestinationServiceEndpoint",
                "allowBackendPortConflict")) {
            out.put(flag, NetworkFields.bool(properties, flag, "properties." + flag).orElse(false));
        }
    }

    /** Whether two transport protocols can carry the same flow ("All" overlaps both). */
    static boolean protocolsOverlap(String a, String b) {
        return a.equalsIgnoreCase(b) || a.equalsIgnoreCase("All") || b.equalsIgnoreCase("All");
    }
}
