package io.fulcrum.network.vnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.network.NetworkVersions;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Virtual networks ({@code virtualNetwork.json}): an address space and the subnets carved from it. Subnets are
 * written inline by the VNet PUT or on their own ({@link Subnets}); either way each is its own stored row.
 */
public final class VirtualNetworks implements ResourceFamily {

    public static final ResourceType TYPE = new ResourceType("Microsoft.Network", "virtualNetworks",
            NetworkVersions.ALL);

    private final Subnets subnets;

    public VirtualNetworks(Subnets subnets) {
        this.subnets = subnets;
    }

    @Override
    public ResourceType type() {
        return TYPE;
    }

    /** A VNet is in use through its subnets, and Azure names the subnet problem when deleting it. */
    @Override
    public ErrorCode inUseCode() {
        return ErrorCode.SUBNET_IN_USE;
    }

    @Override
    public Map<String, ResourceFamily> inlineChildren() {
        return Map.of("subnets", subnets);
    }

    @Override
    public ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx) {
        ObjectNode out = Json.object();
        JsonNode space = Bodies.object(properties, "addressSpace", "properties.addressSpace");
        List<IPAddress> prefixes = Prefixes.list(Bodies.field(space, "addressPrefixes"),
                "properties.addressSpace.addressPrefixes");
        if (prefixes.isEmpty()) {
            throw new ArmException(ErrorCode.INVALID_ADDRESS_PREFIX, "Virtual network " + id.name() + " needs at"
                    + " least one address prefix in properties.addressSpace.addressPrefixes.",
                    "properties.addressSpace.addressPrefixes");
        }
        for (int i = 0; i < prefixes.size(); i++) {
            Prefixes.refuseReserved(prefixes.get(i), "properties.addressSpace.addressPrefixes[" + i + "]");
            for (int j = 0; j < i; j++) {
                if (Prefixes.overlap(prefixes.get(i), prefixes.get(j))) {
                    throw new ArmException(ErrorCode.ADDRESS_SPACES_OVERLAP, "The address prefixes "
                            + prefixes.get(j).toCanonicalString() + " and " + prefixes.get(i).toCanonicalString()
                            + " of virtual network " + id.name() + " overlap.",
                            "properties.addressSpace.addressPrefixes[" + i + "]");
                }
            }
        }
        out.putObject("addressSpace").set("addressPrefixes", Prefixes.toJson(prefixes));
        JsonNode dhcp = Bodies.field(properties, "dhcpOptions");
        if (dhcp != null && !dhcp.isNull()) {
            JsonNode servers = Bodies.field(dhcp, "dnsServers");
            var list = out.putObject("dhcpOptions").putArray("dnsServers");
            if (servers != null && !servers.isNull()) {
                if (!servers.isArray()) {
                    throw Bodies.wrongType("properties.dhcpOptions.dnsServers", "a JSON array", servers);
                }
                for (int i = 0; i < servers.size(); i++) {
                    String s = servers.get(i).asText();
                    if (!servers.get(i).isTextual() || new IPAddressString(s).getAddress() == null) {
                        throw new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "The DNS server '" + s + "' at"
                                + " 'properties.dhcpOptions.dnsServers[" + i + "]' is not an IP address.",
                                "properties.dhcpOptions.dnsServers[" + i + "]");
                    }
                    list.add(s);
                }
            }
        }
        out.put("enableDdosProtection", bool(properties, "enableDdosProtection"));
        out.put("enableVmProtection", bool(properties, "enableVmProtection"));
        for (String passThrough : List.of("flowTimeoutInMinutes", "bgpCommunities", "encryption",
                "ddosProtectionPlan", "privateEndpointVNetPolicies")) {
            JsonNode v = Bodies.field(properties, passThrough);
            if (v != null && !v.isNull()) {
                out.set(passThrough, v);
            }
        }
        return out;
    }

    private static boolean bool(JsonNode properties, String name) {
        JsonNode v = Bodies.field(properties, name);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw Bodies.wrongType("properties." + name, "a boolean", v);
        }
        return v.asBoolean();
    }

    /** Subnets kept from before must still fit a changed address space. */
    @Override
    public void validate(StoredResource saved, Tx tx) {
        List<IPAddress> space = addressSpace(saved);
        for (StoredResource subnet : Subnets.siblings(saved.id(), tx)) {
            for (IPAddress p : Subnets.prefixes(subnet)) {
                if (!Prefixes.within(p, space)) {
                    throw new ArmException(ErrorCode.SUBNET_OUTSIDE_VNET, "Subnet '" + subnet.id().name()
                            + "' is not valid because its IP address range is outside the IP address range of"
                            + " virtual network '" + saved.id().name() + "'.", "properties.addressSpace");
                }
            }
        }
    }

    static List<IPAddress> addressSpace(StoredResource vnet) {
        return Prefixes.list(vnet.body().path("properties").path("addressSpace").path("addressPrefixes"),
                "properties.addressSpace.addressPrefixes");
    }

    @Override
    public void derive(StoredResource resource, ObjectNode properties, Tx tx) {
        properties.putArray("virtualNetworkPeerings");
    }
}
