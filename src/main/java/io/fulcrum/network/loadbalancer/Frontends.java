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
import io.fulcrum.network.vnet.SubnetAddresses;
import io.fulcrum.network.vnet.Subnets;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Frontend IP configurations ({@code loadBalancers/frontendIPConfigurations}): where traffic arrives, either a
 * private address in a subnet (allocated like a NIC's, from the same pool of holders) or a public IP. Azure lets
 * them change only through the whole load balancer, so they answer GET and list only.
 */
public final class Frontends implements ResourceFamily {

    public static final ResourceType TYPE = new ResourceType("Microsoft.Network",
            "loadBalancers/frontendIPConfigurations", NetworkVersions.ALL);
    private static final NetworkFields FIELDS = NetworkFields.REQUEST_INVALID;
    private static final String PUBLIC_IP_TYPE = "Microsoft.Network/publicIPAddresses";
    private static final String PUBLIC_IP_PREFIX_TYPE = "Microsoft.Network/publicIPPrefixes";
    private static final String ADDRESS = "properties.privateIPAddress";

    @Override
    public ResourceType type() {
        return TYPE;
    }

    @Override
    public boolean writableAsChild() {
        return false;
    }

    /** {@code zones} sits beside {@code properties}; zones cannot change in Azure, so an omitted list keeps them. */
    @Override
    public ObjectNode envelope(ResourceId id, JsonNode body, Optional<StoredResource> existing) {
        ObjectNode out = Json.object();
        JsonNode zones = Bodies.field(body, "zones");
        if (zones == null || zones.isNull()) {
            existing.map(e -> e.body().get("zones")).ifPresent(z -> out.set("zones", z));
            return out;
        }
        if (!zones.isArray()) {
            throw Bodies.wrongType("zones", "a JSON array of zone names", zones);
        }
        ArrayNode list = Json.array();
        for (int i = 0; i < zones.size(); i++) {
            String zone = zones.get(i).asText();
            if (!zones.get(i).isTextual() || !zone.matches("[1-3]")) {
                throw FIELDS.invalid("zones[" + i + "]", "the zone '" + zone + "' is not one of 1, 2, 3.");
            }
            list.add(zone);
        }
        if (!list.isEmpty()) {
            out.set("zones", list);
        }
        return out;
    }

    @Override
    public ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx) {
        JsonNode subnetRef = Bodies.field(properties, "subnet");
        JsonNode publicRef = Bodies.field(properties, "publicIPAddress");
        JsonNode prefixRef = Bodies.field(properties, "publicIPPrefix");
        int kinds = (present(subnetRef) ? 1 : 0) + (present(publicRef) ? 1 : 0) + (present(prefixRef) ? 1 : 0);
        if (kinds != 1) {
            throw FIELDS.invalid("properties", "frontend IP configuration " + id.name() + " needs exactly one of"
                    + " properties.subnet (an internal frontend), properties.publicIPAddress or"
                    + " properties.publicIPPrefix; it gives " + kinds + ".");
        }
        String requested = Bodies.string(properties, "privateIPAddress", ADDRESS);
        String method = FIELDS.choice(properties, "privateIPAllocationMethod", "properties.privateIPAllocationMethod",
                List.of("Static", "Dynamic")).orElse(requested != null && present(subnetRef) ? "Static" : "Dynamic");
        String version = FIELDS.choice(properties, "privateIPAddressVersion", "properties.privateIPAddressVersion",
                List.of("IPv4", "IPv6")).orElse("IPv4");
        ObjectNode out = Json.object();
        Optional<StoredResource> subnet = References.resolve(subnetRef, "properties.subnet",
                Subnets.TYPE.qualified(), id, tx);
        if (subnet.isPresent()) {
            out.put("privateIPAddress", privateAddress(id, subnet.get(), method, requested, existing, tx));
            out.set("subnet", References.ref(subnet.get().id()));
        }
        out.put("privateIPAllocationMethod", method);
        out.put("privateIPAddressVersion", version);
        References.resolve(publicRef, "properties.publicIPAddress", PUBLIC_IP_TYPE, id, tx)
                .ifPresent(pip -> out.set("publicIPAddress", References.ref(pip.id())));
        References.resolve(prefixRef, "properties.publicIPPrefix", PUBLIC_IP_PREFIX_TYPE, id, tx)
                .ifPresent(prefix -> out.set("publicIPPrefix", References.ref(prefix.id())));
        References.resolve(Bodies.field(properties, "gatewayLoadBalancer"), "properties.gatewayLoadBalancer",
                TYPE.qualified(), id, tx).ifPresent(g -> out.set("gatewayLoadBalancer", References.ref(g.id())));
        return out;
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull();
    }

    /**
     * Static takes the address asked for. Dynamic keeps the address this frontend already holds in the same subnet
     * (Azure does not renumber a frontend on every PUT, and GET-modify-PUT clients send the address back), else
     * takes the lowest free one.
     */
    private static String privateAddress(ResourceId id, StoredResource subnet, String method, String requested,
                                         Optional<StoredResource> existing, Tx tx) {
        if (method.equals("Static")) {
            if (requested == null) {
                throw FIELDS.invalid(ADDRESS, "a Static frontend needs " + ADDRESS + ".");
            }
            return SubnetAddresses.allocate(tx, subnet, requested, id, ADDRESS);
        }
        String held = existing.map(StoredResource::body).map(b -> b.path("properties"))
                .filter(p -> Siblings.idOf(p, "subnet").map(subnet.id()::equals).orElse(false))
                .map(p -> p.path("privateIPAddress").asText(null)).orElse(null);
        return SubnetAddresses.allocate(tx, subnet, held, id, ADDRESS);
    }

    @Override
    public List<Ref> references(ResourceId id, ObjectNode properties) {
        List<Ref> refs = new ArrayList<>();
        Siblings.idOf(properties, "subnet").ifPresent(s -> refs.add(new Ref(id, s, RefKinds.SUBNET)));
        Siblings.idOf(properties, "publicIPAddress").ifPresent(p -> refs.add(new Ref(id, p, RefKinds.PUBLIC_IP)));
        Siblings.idOf(properties, "gatewayLoadBalancer").ifPresent(g -> refs.add(new Ref(id, g, RefKinds.FRONTEND)));
        return refs;
    }

    @Override
    public void derive(StoredResource resource, ObjectNode properties, Tx tx) {
        ResourceId id = resource.id();
        Siblings.render(properties, "inboundNatRules",
                Siblings.users(tx, id, RefKinds.FRONTEND, InboundNatRules.TYPE));
        Siblings.render(properties, "inboundNatPools",
                Siblings.users(tx, id, RefKinds.FRONTEND, InboundNatPools.TYPE));
        Siblings.render(properties, "outboundRules", Siblings.users(tx, id, RefKinds.FRONTEND, OutboundRules.TYPE));
        Siblings.render(properties, "loadBalancingRules",
                Siblings.users(tx, id, RefKinds.FRONTEND, LoadBalancingRules.TYPE));
    }
}
