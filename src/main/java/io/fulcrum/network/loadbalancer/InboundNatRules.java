package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.arm.resource.References;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.network.NetworkFields;
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
    private static final NetworkFields FIELDS = NetworkFields.REQUEST_INVALID;

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
        ObjectNode out = RuleFields.frontendAndProtocol(properties, id, tx);
        JsonNode pool = Bodies.field(properties, "backendAddressPool");
        boolean pooled = pool != null && !pool.isNull() || Bodies.field(properties, "frontendPortRangeStart") != null
                || Bodies.field(properties, "frontendPortRangeEnd") != null;
        if (pooled) {
            // Real Azure takes a range starting at 0 (recording test_network_lb_nat_rules_v3.yaml: 0 to 3).
            RuleFields.PortRange range = RuleFields.frontendPortRange(properties, 0, "inbound NAT rule " + id.name());
            // A v2 rule's single frontendPort means nothing: Azure renders it as 0, and GET-modify-PUT clients
            // send that back.
            int single = FIELDS.integer(properties, "frontendPort", "properties.frontendPort").orElse(0);
            if (single != 0) {
                throw FIELDS.invalid("properties.frontendPort", "inbound NAT rule " + id.name() + " maps a port"
                        + " range onto a backend pool, so it takes frontendPortRangeStart/End, not frontendPort "
                        + single + ".");
            }
            out.put("frontendPort", 0);
            out.put("frontendPortRangeStart", range.start());
            out.put("frontendPortRangeEnd", range.end());
            out.set("backendAddressPool", References.ref(Siblings.require(pool, "properties.backendAddressPool",
                    BackendPools.TYPE, id, tx)));
        } else {
            out.put("frontendPort", FIELDS.requiredInteger(properties, "frontendPort", "properties.frontendPort", 1,
                    65534));
        }
        out.put("backendPort", FIELDS.requiredInteger(properties, "backendPort", "properties.backendPort", 1, 65535));
        RuleFields.putFlowOptions(out, properties);
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
