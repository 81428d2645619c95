package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
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
 * Outbound rules ({@code loadBalancers/outboundRules}): SNAT for a pool through one or more frontends, changed only
 * through the whole load balancer. Idle timeout 4 to 100 minutes (load-balancer-tcp-reset.md); 1024 ports per
 * instance unless told otherwise, as the example LoadBalancerCreateWithOutboundRules answers.
 */
public final class OutboundRules implements ResourceFamily {

    public static final ResourceType TYPE = new ResourceType("Microsoft.Network", "loadBalancers/outboundRules",
            NetworkVersions.ALL);
    private static final NetworkFields FIELDS = NetworkFields.REQUEST_INVALID;

    @Override
    public ResourceType type() {
        return TYPE;
    }

    @Override
    public boolean writableAsChild() {
        return false;
    }

    @Override
    public ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx) {
        ObjectNode out = Json.object();
        int ports = FIELDS.integer(properties, "allocatedOutboundPorts", "properties.allocatedOutboundPorts", 0,
                64000).orElse(1024);
        if (ports % 8 != 0) {
            throw FIELDS.invalid("properties.allocatedOutboundPorts", "allocatedOutboundPorts " + ports + " of"
                    + " outbound rule " + id.name() + " is not a multiple of 8.");
        }
        out.put("allocatedOutboundPorts", ports);
        out.put("protocol", RuleFields.protocol(properties));
        out.put("enableTcpReset", NetworkFields.bool(properties, "enableTcpReset", "properties.enableTcpReset")
                .orElse(false));
        out.put("idleTimeoutInMinutes", FIELDS.integer(properties, "idleTimeoutInMinutes",
                "properties.idleTimeoutInMinutes", 4, 100).orElse(4));
        out.set("backendAddressPool", References.ref(Siblings.require(Bodies.field(properties, "backendAddressPool"),
                "properties.backendAddressPool", BackendPools.TYPE, id, tx)));
        JsonNode frontends = Bodies.field(properties, "frontendIPConfigurations");
        if (frontends != null && !frontends.isNull() && !frontends.isArray()) {
            throw Bodies.wrongType("properties.frontendIPConfigurations", "a JSON array", frontends);
        }
        if (frontends == null || frontends.isNull() || frontends.isEmpty()) {
            throw FIELDS.invalid("properties.frontendIPConfigurations", "outbound rule " + id.name() + " needs at"
                    + " least one frontend in properties.frontendIPConfigurations.");
        }
        ArrayNode list = out.putArray("frontendIPConfigurations");
        for (int i = 0; i < frontends.size(); i++) {
            list.add(References.ref(Siblings.require(frontends.get(i), "properties.frontendIPConfigurations[" + i
                    + "]", Frontends.TYPE, id, tx)));
        }
        return out;
    }

    @Override
    public List<Ref> references(ResourceId id, ObjectNode properties) {
        List<Ref> refs = new ArrayList<>();
        Siblings.idOf(properties, "backendAddressPool").ifPresent(p -> refs.add(new Ref(id, p,
                RefKinds.BACKEND_POOL)));
        for (JsonNode f : properties.path("frontendIPConfigurations")) {
            ResourceId.parse(f.path("id").asText()).ifPresent(i -> refs.add(new Ref(id, i, RefKinds.FRONTEND)));
        }
        return refs;
    }
}
