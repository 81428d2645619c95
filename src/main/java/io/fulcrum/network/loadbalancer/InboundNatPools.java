package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
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
 * Inbound NAT pools ({@code loadBalancers/inboundNatPools}): the scale-set era port ranges. The spec gives them no
 * path of their own, so this family is only ever written and rendered inline in its load balancer and is not
 * registered with the routes (a GET of {@code .../inboundNatPools/x} is an unknown resource type, as in Azure).
 */
public final class InboundNatPools implements ResourceFamily {

    public static final ResourceType TYPE = new ResourceType("Microsoft.Network", "loadBalancers/inboundNatPools",
            NetworkVersions.ALL);

    @Override
    public ResourceType type() {
        return TYPE;
    }

    @Override
    public ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx) {
        ObjectNode out = Json.object();
        out.set("frontendIPConfiguration", References.ref(Siblings.require(
                Bodies.field(properties, "frontendIPConfiguration"), "properties.frontendIPConfiguration",
                Frontends.TYPE, id, tx)));
        out.put("protocol", Fields.requiredChoice(properties, "protocol", "properties.protocol",
                LoadBalancingRules.PROTOCOLS));
        int start = Fields.required(properties, "frontendPortRangeStart", "properties.frontendPortRangeStart", 1,
                65534);
        int end = Fields.required(properties, "frontendPortRangeEnd", "properties.frontendPortRangeEnd", 1, 65534);
        if (end < start) {
            throw Fields.invalid("properties.frontendPortRangeEnd", "the frontend port range of inbound NAT pool "
                    + id.name() + " ends (" + end + ") before it starts (" + start + ").");
        }
        out.put("frontendPortRangeStart", start);
        out.put("frontendPortRangeEnd", end);
        out.put("backendPort", Fields.required(properties, "backendPort", "properties.backendPort", 1, 65535));
        out.put("idleTimeoutInMinutes", Fields.optional(properties, "idleTimeoutInMinutes",
                "properties.idleTimeoutInMinutes", 4, 30, 4));
        out.put("enableFloatingIP", Fields.bool(properties, "enableFloatingIP", "properties.enableFloatingIP",
                false));
        out.put("enableTcpReset", Fields.bool(properties, "enableTcpReset", "properties.enableTcpReset", false));
        Fields.putRuleDefaults(out, properties);
        return out;
    }

    @Override
    public List<Ref> references(ResourceId id, ObjectNode properties) {
        List<Ref> refs = new ArrayList<>();
        Siblings.idOf(properties, "frontendIPConfiguration").ifPresent(f -> refs.add(new Ref(id, f,
                RefKinds.FRONTEND)));
        return refs;
    }
}
