package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.id.ResourceId;
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
        ObjectNode out = RuleFields.frontendAndProtocol(properties, id, tx);
        RuleFields.PortRange range = RuleFields.frontendPortRange(properties, 1, "inbound NAT pool " + id.name());
        out.put("frontendPortRangeStart", range.start());
        out.put("frontendPortRangeEnd", range.end());
        out.put("backendPort", NetworkFields.REQUEST_INVALID.requiredInteger(properties, "backendPort",
                "properties.backendPort", 1, 65535));
        RuleFields.putFlowOptions(out, properties);
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
