package io.fulcrum.network.vnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddress;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.arm.resource.References;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.network.NetworkVersions;
import io.fulcrum.network.RefKinds;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.ResourceQuery;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Subnets ({@code virtualNetworks/subnets}). A subnet lists, read-only, the ip configurations that use it; those
 * come from the reference index (NICs and load-balancer frontends store the subnet they name), never from here.
 */
public final class Subnets implements ResourceFamily {

    public static final ResourceType TYPE = new ResourceType("Microsoft.Network", "virtualNetworks/subnets",
            NetworkVersions.ALL);
    public static final String NSG_TYPE = "Microsoft.Network/networkSecurityGroups";

    private static final Set<String> ENDPOINT_POLICIES = Set.of("Enabled", "Disabled",
            "NetworkSecurityGroupEnabled", "RouteTableEnabled");
    private static final Set<String> LINK_POLICIES = Set.of("Enabled", "Disabled");

    @Override
    public ResourceType type() {
        return TYPE;
    }

    @Override
    public ErrorCode inUseCode() {
        return ErrorCode.SUBNET_IN_USE;
    }

    @Override
    public ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx) {
        ObjectNode out = Json.object();
        String single = Bodies.string(properties, "addressPrefix", "properties.addressPrefix");
        JsonNode many = Bodies.field(properties, "addressPrefixes");
        List<IPAddress> prefixes = new ArrayList<>();
        if (single != null) {
            IPAddress p = Prefixes.parse(single, "properties.addressPrefix");
            prefixes.add(p);
            out.put("addressPrefix", p.toCanonicalString());
        }
        if (many != null && !many.isNull()) {
            List<IPAddress> list = Prefixes.list(many, "properties.addressPrefixes");
            prefixes.addAll(list);
            out.set("addressPrefixes", Prefixes.toJson(list));
        }
        if (prefixes.isEmpty()) {
            throw new ArmException(ErrorCode.INVALID_ADDRESS_PREFIX, "Subnet " + id.name() + " needs an address"
                    + " prefix: properties.addressPrefix or properties.addressPrefixes.", "properties.addressPrefix");
        }
        ResourceId vnetId = id.parent().orElseThrow();
        StoredResource vnet = tx.resources().get(vnetId).orElseThrow();
        List<IPAddress> space = VirtualNetworks.addressSpace(vnet);
        for (IPAddress p : prefixes) {
            if (!Prefixes.within(p, space)) {
                throw new ArmException(ErrorCode.SUBNET_OUTSIDE_VNET, "Subnet '" + id.name() + "' is not valid"
                        + " because its IP address range (" + p.toCanonicalString() + ") is outside the IP address"
                        + " range of virtual network '" + vnetId.name() + "'.", "properties.addressPrefix");
            }
            for (StoredResource sibling : siblings(vnetId, tx)) {
                if (sibling.id().equals(id)) {
                    continue;
                }
                for (IPAddress other : prefixes(sibling)) {
                    if (Prefixes.overlap(p, other)) {
                        throw new ArmException(ErrorCode.SUBNETS_OVERLAP, "Subnet '" + id.name() + "' is not valid"
                                + " because its IP address range (" + p.toCanonicalString() + ") overlaps with that"
                                + " of subnet '" + sibling.id().name() + "' (" + other.toCanonicalString()
                                + ") in virtual network '" + vnetId.name() + "'.", "properties.addressPrefix");
                    }
                }
            }
        }
        References.resolve(Bodies.field(properties, "networkSecurityGroup"), "properties.networkSecurityGroup",
                NSG_TYPE, id, tx).ifPresent(nsg -> out.set("networkSecurityGroup", References.ref(nsg.id())));
        for (String opaque : List.of("routeTable", "natGateway", "serviceEndpoints", "serviceEndpointPolicies",
                "delegations", "ipAllocations", "sharingScope", "defaultOutboundAccess")) {
            JsonNode v = Bodies.field(properties, opaque);
            if (v != null && !v.isNull()) {
                out.set(opaque, v);
            }
        }
        if (!out.has("delegations")) {
            out.putArray("delegations"); // Azure renders every subnet's delegations, empty ones too
        }
        out.put("privateEndpointNetworkPolicies", choice(properties, "privateEndpointNetworkPolicies",
                ENDPOINT_POLICIES, "Disabled"));
        out.put("privateLinkServiceNetworkPolicies", choice(properties, "privateLinkServiceNetworkPolicies",
                LINK_POLICIES, "Enabled"));
        return out;
    }

    private static String choice(JsonNode properties, String name, Set<String> allowed, String dflt) {
        String v = Bodies.string(properties, name, "properties." + name);
        if (v == null) {
            return dflt;
        }
        return allowed.stream().filter(a -> a.equalsIgnoreCase(v)).findFirst().orElseThrow(() -> new ArmException(
                ErrorCode.INVALID_REQUEST_FORMAT, "The value '" + v + "' of 'properties." + name + "' is not one of "
                + allowed + ".", "properties." + name));
    }

    @Override
    public List<Ref> references(ResourceId id, ObjectNode properties) {
        List<Ref> refs = new ArrayList<>();
        JsonNode nsg = properties.path("networkSecurityGroup").path("id");
        if (nsg.isTextual()) {
            ResourceId.parse(nsg.asText()).ifPresent(n -> refs.add(new Ref(id, n, RefKinds.NSG)));
        }
        return refs;
    }

    @Override
    public void derive(StoredResource resource, ObjectNode properties, Tx tx) {
        // Azure renders this on every subnet (recording test_network_lb_address_pool_addresses.yaml, api-version
        // 2024-01-01); allocations come from a network manager's IPAM pools, which Fulcrum does not serve.
        properties.putArray("ipamPoolPrefixAllocations");
        List<Ref> users = tx.refs().to(resource.id(), RefKinds.SUBNET);
        if (!users.isEmpty()) {
            ArrayNode configs = properties.putArray("ipConfigurations");
            users.forEach(u -> configs.add(References.ref(u.from())));
        }
    }

    static List<StoredResource> siblings(ResourceId vnet, Tx tx) {
        return tx.resources().list(ResourceQuery.inSubscription(vnet.subscriptionId()).ofType(TYPE.qualified())
                .childrenOf(vnet), null, Integer.MAX_VALUE);
    }

    /** The prefixes a stored subnet holds, from either spelling. */
    public static List<IPAddress> prefixes(StoredResource subnet) {
        JsonNode p = subnet.body().path("properties");
        List<IPAddress> out = new ArrayList<>();
        if (p.path("addressPrefix").isTextual()) {
            out.add(Prefixes.parse(p.path("addressPrefix").asText(), "properties.addressPrefix"));
        }
        out.addAll(Prefixes.list(p.get("addressPrefixes"), "properties.addressPrefixes"));
        return out;
    }
}
