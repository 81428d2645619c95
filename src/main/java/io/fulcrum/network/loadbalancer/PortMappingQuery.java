package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fulcrum.arm.NotFound;
import io.fulcrum.arm.api.Method;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.api.Response;
import io.fulcrum.arm.api.Route;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.network.NetworkVersions;
import io.fulcrum.store.Store;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code POST .../loadBalancers/{lb}/backendAddressPools/{pool}/queryInboundNatRulePortMapping}
 * ({@code LoadBalancers_ListInboundNatRulePortMappings}, what {@code az network lb list-mapping} calls): the ports
 * v2 inbound NAT rules give one member of a pool, named by its address ({@code {"ipAddress": ...}}) or by its NIC
 * ip configuration ({@code {"ipConfiguration": {"id": ...}}}). The spec allows a 202, but nothing here is slow: it
 * answers 200 with the mappings, as real Azure did in the recording.
 */
final class PortMappingQuery {

    private static final String PATH = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}"
            + "/providers/Microsoft.Network/loadBalancers/{loadBalancerName}/backendAddressPools/{backendPoolName}"
            + "/queryInboundNatRulePortMapping";

    void register(Router router, Store store) {
        router.add(new Route(PATH, Set.of(Method.POST), NetworkVersions.ALL, false, r -> query(r, store),
                BackendPools.TYPE.qualified()));
    }

    private Response query(Request r, Store store) {
        ResourceId lb = LoadBalancers.fromPath(r);
        ResourceId poolId = lb.child("backendAddressPools", r.param("backendPoolName"));
        Predicate<JsonNode> member = memberFilter(r.json());
        return store.read(tx -> {
            NotFound.unlessFound(lb, tx);
            StoredResource pool = tx.resources().get(poolId).orElseThrow(() -> NotFound.resource(poolId));
            ArrayNode members = withNicAddresses(PoolAddresses.members(pool, tx), tx);
            int index = -1;
            for (int i = 0; i < members.size() && index < 0; i++) {
                if (member.test(members.get(i).path("properties"))) {
                    index = i;
                }
            }
            if (index < 0) {
                throw notAMember(r.json(), pool.id());
            }
            List<List<PortMappings.PortMapping>> all = PortMappings.of(pool.id(), members.size(), tx);
            ArrayNode mappings = Json.array();
            if (!all.isEmpty()) {
                all.get(index).forEach(m -> mappings.add(m.toJson(true)));
            }
            ObjectNode out = Json.object();
            out.set("inboundNatRulePortMappings", mappings);
            return Response.ok(out);
        });
    }

    /**
     * Which member the body names. Exactly one of the two members must be given (the spec: "Either IpConfiguration
     * or IpAddress should be set"); each is checked before the store is read, so a bad body is refused the same
     * way whatever the pool holds.
     */
    private static Predicate<JsonNode> memberFilter(JsonNode body) {
        JsonNode address = Bodies.field(body, "ipAddress");
        JsonNode config = Bodies.field(body, "ipConfiguration");
        boolean hasAddress = address != null && !address.isNull();
        boolean hasConfig = config != null && !config.isNull();
        if (hasAddress == hasConfig) {
            throw new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "The request is invalid: "
                    + (hasAddress ? "it sets both ipAddress and ipConfiguration" : "it sets neither ipAddress nor"
                    + " ipConfiguration") + "; a port mapping query names its backend address by exactly one of"
                    + " them.", hasAddress ? "ipConfiguration" : "ipAddress");
        }
        if (hasAddress) {
            String ip = Bodies.string(body, "ipAddress", "ipAddress");
            IPAddress parsed = new IPAddressString(ip.strip()).getAddress();
            if (parsed == null || parsed.isPrefixed()) {
                throw new ArmException(ErrorCode.INVALID_PRIVATE_IP, "The value '" + ip + "' of 'ipAddress' is"
                        + " not a valid IP address.", "ipAddress");
            }
            String canonical = parsed.toCanonicalString();
            return p -> canonical.equals(canonical(p.path("ipAddress").asText("")));
        }
        if (!config.isObject()) {
            throw Bodies.wrongType("ipConfiguration", "a reference object {\"id\": \"...\"}", config);
        }
        String text = Bodies.string(config, "id", "ipConfiguration.id");
        ResourceId id = Optional.ofNullable(text).flatMap(ResourceId::parse).filter(Siblings::isIpConfiguration)
                .orElseThrow(() -> new ArmException(ErrorCode.LINKED_INVALID_PROPERTY_ID, "Property id '"
                        + (text == null ? "" : text) + "' at path 'ipConfiguration.id' is invalid: expected the"
                        + " fully qualified id of a network interface ip configuration.", "ipConfiguration.id"));
        return p -> Siblings.idOf(p, "networkInterfaceIPConfiguration").map(id::equals).orElse(false);
    }

    /**
     * A NIC-based member is listed by its ip configuration only; its address (the configuration's private IP) is
     * filled in here so that it can be asked for by address as well.
     */
    private static ArrayNode withNicAddresses(ArrayNode members, Tx tx) {
        for (JsonNode m : members) {
            ObjectNode p = (ObjectNode) m.path("properties");
            if (!p.has("ipAddress")) {
                Siblings.idOf(p, "networkInterfaceIPConfiguration").flatMap(c -> tx.resources().get(c))
                        .map(c -> c.body().path("properties").path("privateIPAddress").asText(null))
                        .ifPresent(ip -> p.put("ipAddress", ip));
            }
        }
        return members;
    }

    private static String canonical(String ip) {
        IPAddress a = new IPAddressString(ip).getAddress();
        return a == null ? ip : a.toCanonicalString();
    }

    private static ArmException notAMember(JsonNode body, ResourceId pool) {
        JsonNode address = Bodies.field(body, "ipAddress");
        if (address != null && !address.isNull()) {
            return new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "The request is invalid: backend address pool "
                    + pool + " has no member with the IP address " + address.asText() + " (ipAddress).",
                    "ipAddress");
        }
        return new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "The request is invalid: the ip configuration "
                + Bodies.field(body, "ipConfiguration").path("id").asText() + " (ipConfiguration.id) is not a member"
                + " of backend address pool " + pool + ".", "ipConfiguration.id");
    }
}
