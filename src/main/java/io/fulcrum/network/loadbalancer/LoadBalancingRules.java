package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Load-balancing rules ({@code loadBalancers/loadBalancingRules}), changed only through the whole load balancer.
 * Frontend port 0 with backend port 0 and protocol All is an HA-ports rule (azure-docs
 * load-balancer-ha-ports-overview.md); otherwise ports are real ports. Conflicts between rules are checked on the
 * whole load balancer ({@link RuleConflicts}).
 */
public final class LoadBalancingRules implements ResourceFamily {

    public static final ResourceType TYPE = new ResourceType("Microsoft.Network", "loadBalancers/loadBalancingRules",
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
        ObjectNode out = RuleFields.frontendAndProtocol(properties, id, tx);
        String protocol = out.get("protocol").asText();
        int frontendPort = FIELDS.requiredInteger(properties, "frontendPort", "properties.frontendPort", 0, 65534);
        int backendPort = FIELDS.integer(properties, "backendPort", "properties.backendPort", 0, 65535)
                .orElse(frontendPort);
        boolean haPorts = frontendPort == 0 && backendPort == 0 && protocol.equals("All");
        if (!haPorts && (frontendPort == 0 || backendPort == 0 || protocol.equals("All"))) {
            throw FIELDS.invalid("properties.frontendPort", "rule " + id.name() + " has protocol " + protocol
                    + ", frontendPort " + frontendPort + " and backendPort " + backendPort + "; port 0 and protocol"
                    + " All go together, as an HA-ports rule (protocol All, frontendPort 0, backendPort 0).");
        }
        out.put("frontendPort", frontendPort);
        out.put("backendPort", backendPort);
        out.put("loadDistribution", FIELDS.choice(properties, "loadDistribution", "properties.loadDistribution",
                List.of("Default", "SourceIP", "SourceIPProtocol")).orElse("Default"));
        RuleFields.putFlowOptions(out, properties);
        out.put("disableOutboundSnat", NetworkFields.bool(properties, "disableOutboundSnat",
                "properties.disableOutboundSnat").orElse(false));
        Siblings.resolve(Bodies.field(properties, "backendAddressPool"), "properties.backendAddressPool",
                BackendPools.TYPE, id, tx).ifPresent(p -> out.set("backendAddressPool", References.ref(p)));
        JsonNode pools = Bodies.field(properties, "backendAddressPools");
        if (pools != null && !pools.isNull()) {
            if (!pools.isArray()) {
                throw Bodies.wrongType("properties.backendAddressPools", "a JSON array", pools);
            }
            ArrayNode list = out.putArray("backendAddressPools");
            for (int i = 0; i < pools.size(); i++) {
                list.add(References.ref(Siblings.require(pools.get(i), "properties.backendAddressPools[" + i + "]",
                        BackendPools.TYPE, id, tx)));
            }
            // Azure answers a rule given only the list with the first pool as backendAddressPool too
            // (recording test_network_lb_rules.yaml), so older clients still see a pool.
            if (!out.has("backendAddressPool") && !list.isEmpty()) {
                out.set("backendAddressPool", list.get(0).deepCopy());
            }
        }
        Siblings.resolve(Bodies.field(properties, "probe"), "properties.probe", Probes.TYPE, id, tx)
                .ifPresent(p -> out.set("probe", References.ref(p)));
        return out;
    }

    /** Every pool a stored rule sends to: {@code backendAddressPool} and {@code backendAddressPools} together. */
    static Set<ResourceId> pools(JsonNode properties) {
        Set<ResourceId> out = new LinkedHashSet<>();
        Siblings.idOf(properties, "backendAddressPool").ifPresent(out::add);
        for (JsonNode p : properties.path("backendAddressPools")) {
            ResourceId.parse(p.path("id").asText()).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public List<Ref> references(ResourceId id, ObjectNode properties) {
        List<Ref> refs = new ArrayList<>();
        Siblings.idOf(properties, "frontendIPConfiguration").ifPresent(f -> refs.add(new Ref(id, f,
                RefKinds.FRONTEND)));
        pools(properties).forEach(p -> refs.add(new Ref(id, p, RefKinds.BACKEND_POOL)));
        Siblings.idOf(properties, "probe").ifPresent(p -> refs.add(new Ref(id, p, RefKinds.PROBE)));
        return refs;
    }
}
