package io.fulcrum.network.nic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.arm.resource.References;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.network.NetworkFields;
import io.fulcrum.network.NetworkVersions;
import io.fulcrum.network.RefKinds;
import io.fulcrum.network.asg.ApplicationSecurityGroups;
import io.fulcrum.network.vnet.Subnets;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A NIC's ip configurations ({@code networkInterfaces/ipConfigurations}): GET and list only, changed through the NIC
 * PUT. Each is its own row, and the references it stores (subnet, public IP, pools, NAT rules, ASGs) are what
 * subnets and pools list as their read-only ipConfigurations / backendIPConfigurations.
 *
 * <p>This checks one configuration on its own. What needs all of them (which is primary, the subnet a secondary
 * inherits, the addresses) is settled by {@link NicConfigurations} once every row of the PUT is written.
 */
public final class IpConfigurations implements ResourceFamily {

    public static final ResourceType TYPE = new ResourceType("Microsoft.Network", "networkInterfaces/ipConfigurations",
            NetworkVersions.ALL);
    private static final NetworkFields FIELDS = NetworkFields.PLAIN;
    private static final String PUBLIC_IP_TYPE = "Microsoft.Network/publicIPAddresses";
    private static final String BACKEND_POOL_TYPE = "Microsoft.Network/loadBalancers/backendAddressPools";
    private static final String INBOUND_NAT_RULE_TYPE = "Microsoft.Network/loadBalancers/inboundNatRules";

    static final String POOLS = "loadBalancerBackendAddressPools";
    static final String NAT_RULES = "loadBalancerInboundNatRules";
    static final String STATIC = "Static";
    static final String DYNAMIC = "Dynamic";
    private static final List<String> METHODS = List.of(STATIC, DYNAMIC);
    private static final List<String> VERSIONS = List.of("IPv4", "IPv6");

    /** A single reference member and the kind it is indexed under. */
    private record One(String property, String type, String kind) {
    }

    /** A list-of-references member; stored only when non-empty, as Azure renders it. */
    private record Many(String property, String type, String kind) {
    }

    private static final List<One> SINGLE = List.of(
            new One("subnet", Subnets.TYPE.qualified(), RefKinds.SUBNET),
            new One("publicIPAddress", PUBLIC_IP_TYPE, RefKinds.PUBLIC_IP));
    private static final List<Many> LISTS = List.of(
            new Many(POOLS, BACKEND_POOL_TYPE, RefKinds.BACKEND_POOL),
            new Many(NAT_RULES, INBOUND_NAT_RULE_TYPE, RefKinds.INBOUND_NAT_RULE),
            new Many("applicationGatewayBackendAddressPools",
                    "Microsoft.Network/applicationGateways/backendAddressPools", RefKinds.APP_GATEWAY_POOL),
            new Many("applicationSecurityGroups", ApplicationSecurityGroups.TYPE.qualified(), RefKinds.ASG));

    @Override
    public ResourceType type() {
        return TYPE;
    }

    @Override
    public boolean writableAsChild() {
        return false;
    }

    /** The JSON path of a member of this configuration in the NIC PUT; configurations are named, not numbered. */
    static String path(ResourceId config, String member) {
        return "properties.ipConfigurations[" + config.name() + "].properties." + member;
    }

    @Override
    public ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx) {
        ResourceId nic = id.parent().orElseThrow();
        ObjectNode out = Json.object();
        Optional<StoredResource> subnet = References.resolve(Bodies.field(properties, "subnet"), path(id, "subnet"),
                Subnets.TYPE.qualified(), nic, tx);
        subnet.ifPresent(s -> out.set("subnet", References.ref(s.id())));
        addresses(id, properties, existing, subnet, out);
        NetworkFields.bool(properties, "primary", path(id, "primary")).ifPresent(p -> out.put("primary", p));
        References.resolve(Bodies.field(properties, "publicIPAddress"), path(id, "publicIPAddress"), PUBLIC_IP_TYPE,
                nic, tx).ifPresent(p -> out.set("publicIPAddress", References.ref(p.id())));
        for (Many m : LISTS) {
            ArrayNode refs = references(properties, m, id, nic, tx);
            if (!refs.isEmpty()) {
                out.set(m.property(), refs);
            }
        }
        return out;
    }

    /**
     * Allocation method, version, prefix length and the address as far as one configuration can tell: a Static
     * request keeps its address as given (checked against the subnet later, with its siblings); a Dynamic one
     * carries its current address as the one to keep if it is still valid. A Dynamic request's privateIPAddress is
     * ignored: GET-modify-PUT clients send the allocated one back.
     */
    private static void addresses(ResourceId id, JsonNode properties, Optional<StoredResource> existing,
                                  Optional<StoredResource> subnet, ObjectNode out) {
        String given = Bodies.string(properties, "privateIPAddress", path(id, "privateIPAddress"));
        if (given != null && given.isBlank()) {
            given = null;
        }
        String method = FIELDS.choice(properties, "privateIPAllocationMethod", path(id, "privateIPAllocationMethod"),
                METHODS).orElse(null);
        if (method == null) {
            // Fulcrum's choice: an address without a method is honoured as Static rather than dropped.
            method = given == null ? DYNAMIC : STATIC;
        }
        String version = FIELDS.choice(properties, "privateIPAddressVersion", path(id, "privateIPAddressVersion"),
                VERSIONS).orElse(null);
        if (version == null) {
            IPAddress ip = given == null || !method.equals(STATIC) ? null : new IPAddressString(given).getAddress();
            version = ip != null && ip.isIPv6() ? "IPv6" : "IPv4";
        }
        out.put("privateIPAllocationMethod", method);
        out.put("privateIPAddressVersion", version);
        Integer length = prefixLength(id, properties, version);
        if (length != null) {
            out.put("privateIPAddressPrefixLength", length);
        }
        if (method.equals(STATIC)) {
            if (given == null) {
                throw new ArmException(ErrorCode.PRIVATE_IP_MISSING, "Private IP address is required when"
                        + " privateIPAllocationMethod is Static in IP configuration " + id + ".",
                        path(id, "privateIPAddress"));
            }
            out.put("privateIPAddress", given.strip());
            return;
        }
        existing.map(e -> e.body().path("properties")).filter(p -> p.path("privateIPAddress").isTextual())
                .filter(p -> subnet.isEmpty() || ResourceId.parse(p.path("subnet").path("id").asText())
                        .map(s -> s.equals(subnet.get().id())).orElse(false))
                .ifPresent(p -> out.put("privateIPAddress", p.path("privateIPAddress").asText()));
    }

    private static Integer prefixLength(ResourceId id, JsonNode properties, String version) {
        JsonNode v = Bodies.field(properties, "privateIPAddressPrefixLength");
        if (v == null || v.isNull()) {
            return null;
        }
        String path = path(id, "privateIPAddressPrefixLength");
        if (!v.isIntegralNumber()) {
            throw Bodies.wrongType(path, "an integer", v);
        }
        int max = version.equals("IPv4") ? 32 : 128;
        if (v.asInt() < 1 || v.asInt() > max) {
            throw new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "The value " + v.asText() + " of '" + path
                    + "' is not a prefix length of an " + version + " address (1 to " + max + ").", path);
        }
        return v.asInt();
    }

    private static ArrayNode references(JsonNode properties, Many m, ResourceId id, ResourceId nic, Tx tx) {
        JsonNode list = Bodies.field(properties, m.property());
        ArrayNode out = Json.array();
        if (list == null || list.isNull()) {
            return out;
        }
        String path = path(id, m.property());
        if (!list.isArray()) {
            throw Bodies.wrongType(path, "a JSON array of reference objects", list);
        }
        for (int i = 0; i < list.size(); i++) {
            References.resolve(list.get(i), path + "[" + i + "]", m.type(), nic, tx)
                    .ifPresent(t -> out.add(References.ref(t.id())));
        }
        return out;
    }

    @Override
    public List<Ref> references(ResourceId id, ObjectNode properties) {
        List<Ref> refs = new ArrayList<>();
        for (One o : SINGLE) {
            ResourceId.parse(properties.path(o.property()).path("id").asText(null))
                    .ifPresent(t -> refs.add(new Ref(id, t, o.kind())));
        }
        for (Many m : LISTS) {
            for (JsonNode r : properties.path(m.property())) {
                ResourceId.parse(r.path("id").asText(null)).ifPresent(t -> refs.add(new Ref(id, t, m.kind())));
            }
        }
        return refs;
    }
}
