package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.arm.resource.References;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.network.NetworkVersions;
import io.fulcrum.network.RefKinds;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Inbound NAT rules ({@code loadBalancers/inboundNatRules}), writable on their own and inline. Two shapes
 * (azure-behaviour.md, "Inbound NAT rules"): v1 maps one {@code frontendPort} to {@code backendPort} on the one NIC
 * ip configuration that names the rule (read-only {@code backendIPConfiguration}); v2 maps a frontend port range onto
 * the members of {@code backendAddressPool}.
 */
public final class InboundNatRules implements ResourceFamily {

    public static final ResourceType TYPE = new ResourceType("Microsoft.Network", "loadBalancers/inboundNatRules",
            NetworkVersions.ALL);

    @Override
    public ResourceType type() {
        return TYPE;
    }

    @Override
    public ErrorCode inUseCode() {
        return ErrorCode.INBOUND_NAT_RULE_IN_USE;
    }

    @Override
    public ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx) {
        ObjectNode out = Json.object();
        out.set("frontendIPConfiguration", References.ref(Siblings.require(
                Bodies.field(properties, "frontendIPConfiguration"), "properties.frontendIPConfiguration",
                Frontends.TYPE, id, tx)));
        out.put("protocol", Fields.requiredChoice(properties, "protocol", "properties.protocol",
                LoadBalancingRules.PROTOCOLS));
        JsonNode pool = Bodies.field(properties, "backendAddressPool");
        boolean pooled = pool != null && !pool.isNull() || Bodies.field(properties, "frontendPortRangeStart") != null
                || Bodies.field(properties, "frontendPortRangeEnd") != null;
        if (pooled) {
            // Real Azure takes a range starting at 0 (recording test_network_lb_nat_rules_v3.yaml: 0 to 3).
            int start = Fields.required(properties, "frontendPortRangeStart", "properties.frontendPortRangeStart", 0,
                    65534);
            int end = Fields.required(properties, "frontendPortRangeEnd", "properties.frontendPortRangeEnd", 0,
                    65534);
            if (end < start) {
                throw Fields.invalid("properties.frontendPortRangeEnd", "the frontend port range of inbound NAT rule "
                        + id.name() + " ends (" + end + ") before it starts (" + start + ").");
            }
            // A v2 rule's single frontendPort means nothing: Azure renders it as 0, and GET-modify-PUT clients
            // send that back.
            Integer single = Fields.integer(properties, "frontendPort", "properties.frontendPort");
            if (single != null && single != 0) {
                throw Fields.invalid("properties.frontendPort", "inbound NAT rule " + id.name() + " maps a port"
                        + " range onto a backend pool, so it takes frontendPortRangeStart/End, not frontendPort "
                        + single + ".");
            }
            out.put("frontendPort", 0);
            out.put("frontendPortRangeStart", start);
            out.put("frontendPortRangeEnd", end);
            out.set("backendAddressPool", References.ref(Siblings.require(pool, "properties.backendAddressPool",
                    BackendPools.TYPE, id, tx)));
        } else {
            out.put("frontendPort", Fields.required(properties, "frontendPort", "properties.frontendPort", 1, 65534));
        }
        out.put("backendPort", Fields.required(properties, "backendPort", "properties.backendPort", 1, 65535));
        out.put("idleTimeoutInMinutes", Fields.optional(properties, "idleTimeoutInMinutes",
                "properties.idleTimeoutInMinutes", 4, 30, 4));
        out.put("enableFloatingIP", Fields.bool(properties, "enableFloatingIP", "properties.enableFloatingIP",
                false));
        out.put("enableTcpReset", Fields.bool(properties, "enableTcpReset", "properties.enableTcpReset", false));
        Fields.putRuleDefaults(out, properties);
        return out;
    }

    /** A rule written on its own must not clash with the rest of its load balancer. */
    @Override
    public void validate(StoredResource saved, Tx tx) {
        LoadBalancerChecks.check(saved.id().parent().orElseThrow(), tx);
    }

    @Override
    public List<Ref> references(ResourceId id, ObjectNode properties) {
        List<Ref> refs = new ArrayList<>();
        Siblings.idOf(properties, "frontendIPConfiguration").ifPresent(f -> refs.add(new Ref(id, f,
                RefKinds.FRONTEND)));
        Siblings.idOf(properties, "backendAddressPool").ifPresent(p -> refs.add(new Ref(id, p,
                RefKinds.BACKEND_POOL)));
        return refs;
    }

    @Override
    public void derive(StoredResource resource, ObjectNode properties, Tx tx) {
        List<ResourceId> configs = Siblings.ipConfigurations(tx, resource.id(), RefKinds.INBOUND_NAT_RULE);
        if (!configs.isEmpty()) {
            properties.set("backendIPConfiguration", References.ref(configs.get(0)));
        }
    }
}
