package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.arm.resource.References;
import io.fulcrum.arm.resource.ResourceWriter;
import io.fulcrum.network.NetworkFields;
import io.fulcrum.network.RefKinds;
import io.fulcrum.network.vnet.Subnets;
import io.fulcrum.network.vnet.VirtualNetworks;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.ResourceQuery;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A pool's {@code loadBalancerBackendAddresses}: IP-based membership, each entry an address in a virtual network
 * (or, in a cross-region pool, a regional load balancer's frontend). NIC-based membership is not written here: it
 * is stored on the NICs and read back through the reference index.
 */
final class PoolAddresses {

    private static final NetworkFields FIELDS = NetworkFields.REQUEST_INVALID;

    private static final List<String> ADMIN_STATES = List.of("None", "Up", "Down");

    private PoolAddresses() {
    }

    /**
     * The addresses to store. A NIC's membership echoed back by a GET-modify-PUT client is left out, not added as
     * an address: an entry carrying the read-only {@code networkInterfaceIPConfiguration} (az, raw JSON), or one
     * named as {@link #render} names a current NIC member and carrying no address of its own (the Java SDK 2.57.0
     * and Python's azure-mgmt-network 23.0.0b1 drop read-only members when they serialize, so their echo is
     * {@code {"name": ..., "properties": {}}}).
     *
     * @param poolNetwork the pool's own virtualNetwork, which an address may rely on instead of naming one
     */
    static ArrayNode parse(JsonNode list, String path, ResourceId pool, Optional<ResourceId> poolNetwork, Tx tx) {
        if (!list.isArray()) {
            throw Bodies.wrongType(path, "a JSON array", list);
        }
        ArrayNode out = Json.array();
        Set<String> names = new HashSet<>();
        Set<String> nicEntries = new HashSet<>();
        Siblings.ipConfigurations(tx, pool, RefKinds.BACKEND_POOL).forEach(c -> nicEntries.add(nicEntryName(c)));
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String at = path + "[" + i + "]";
            if (!item.isObject()) {
                throw Bodies.wrongType(at, "a JSON object", item);
            }
            JsonNode props = Bodies.object(item, "properties", at + ".properties");
            // An address of its own (ipAddress) is kept even when it echoes the derived link to a NIC holding it.
            boolean nicEcho = Bodies.field(props, "networkInterfaceIPConfiguration") != null
                    && absent(props, "ipAddress") && absent(props, "loadBalancerFrontendIPConfiguration");
            if (nicEcho || isStrippedNicEcho(item, props, nicEntries)) {
                continue;
            }
            String name = Bodies.string(item, "name", at + ".name");
            if (name == null || name.isBlank()) {
                throw FIELDS.invalid(at + ".name", "'" + at + ".name' is required.");
            }
            ResourceWriter.checkName(name, at + ".name");
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw FIELDS.invalid(at + ".name", "two items of '" + path + "' are named '" + name + "'.");
            }
            ObjectNode entry = out.addObject();
            entry.put("name", name);
            entry.set("properties", address(props, at + ".properties", pool, poolNetwork, tx));
        }
        return out;
    }

    private static boolean isStrippedNicEcho(JsonNode item, JsonNode props, Set<String> nicEntries) {
        JsonNode name = item.path("name");
        return name.isTextual() && nicEntries.contains(name.asText().toLowerCase(Locale.ROOT))
                && absent(props, "ipAddress") && absent(props, "loadBalancerFrontendIPConfiguration");
    }

    private static boolean absent(JsonNode props, String member) {
        JsonNode v = Bodies.field(props, member);
        return v == null || v.isNull();
    }

    /**
     * The name of the entry listing a NIC member. Azure names those with a GUID; one derived from the ip
     * configuration keeps it stable between GETs, and lets a PUT recognise it when it comes back.
     */
    static String nicEntryName(ResourceId ipConfiguration) {
        return UUID.nameUUIDFromBytes(ipConfiguration.key().getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static ObjectNode address(JsonNode props, String path, ResourceId pool, Optional<ResourceId> poolNetwork,
                                      Tx tx) {
        ObjectNode out = Json.object();
        JsonNode networkRef = Bodies.field(props, "virtualNetwork");
        if (networkRef != null && networkRef.isObject() && Bodies.field(networkRef, "id") == null) {
            // Azure's exported templates write the reference as {"location": ...} with no id
            // (backend-pool-management.md): it names no network, so the address falls back as if it had none.
            networkRef = null;
        }
        Optional<ResourceId> network = References.resolve(networkRef, path + ".virtualNetwork",
                VirtualNetworks.TYPE.qualified(), pool, tx).map(v -> v.id());
        if (network.isEmpty() && Bodies.field(props, "subnet") == null && poolNetwork.isEmpty()) {
            network = frontendNetwork(pool, tx);
        }
        Optional<ResourceId> subnet = References.resolve(Bodies.field(props, "subnet"), path + ".subnet",
                Subnets.TYPE.qualified(), pool, tx).map(s -> s.id());
        subnet.ifPresent(s -> out.set("subnet", References.ref(s)));
        Optional<ResourceId> frontend = References.resolve(Bodies.field(props, "loadBalancerFrontendIPConfiguration"),
                path + ".loadBalancerFrontendIPConfiguration", Frontends.TYPE.qualified(), pool, tx)
                .map(StoredResource::id);
        String ip = Bodies.string(props, "ipAddress", path + ".ipAddress");
        IPAddress parsed = null;
        if (ip != null) {
            parsed = new IPAddressString(ip.strip()).getAddress();
            if (parsed == null || parsed.isPrefixed()) {
                throw new ArmException(ErrorCode.INVALID_PRIVATE_IP, "The backend address '" + ip + "' at '" + path
                        + ".ipAddress' is not a valid IP address.", path + ".ipAddress");
            }
        }
        if (frontend.isPresent()) {
            // The entry's address is its frontend's, derived when rendered (see members), so an ipAddress sent with
            // it is the read-only value echoed by a GET-modify-PUT client (az's cross-region-lb address-pool
            // update) and is not stored, as ARM ignores read-only members.
            out.set("loadBalancerFrontendIPConfiguration", References.ref(frontend.get()));
        } else if (parsed != null) {
            if (network.isEmpty() && subnet.isEmpty() && poolNetwork.isEmpty()) {
                throw FIELDS.invalid(path, "the backend address " + ip + " needs " + path + ".virtualNetwork or "
                        + path + ".subnet (or a virtualNetwork on the pool) to say which network it is in.");
            }
            out.put("ipAddress", parsed.toCanonicalString());
        } else {
            throw FIELDS.invalid(path, "a backend address needs " + path + ".ipAddress (or, in a cross-region pool,"
                    + " " + path + ".loadBalancerFrontendIPConfiguration).");
        }
        network.ifPresent(n -> out.set("virtualNetwork", References.ref(n)));
        // "None" (follow the probe) is the default and Azure does not echo it (test_network_lb_address_pool_addresses).
        String admin = FIELDS.choice(props, "adminState", path + ".adminState", ADMIN_STATES).orElse("None");
        if (!admin.equals("None")) {
            out.put("adminState", admin);
        }
        return out;
    }

    /**
     * Renders {@code loadBalancerBackendAddresses} the way Azure answers it (recordings
     * test_network_lb_address_pool_addresses.yaml, test_vmss_create_existing_options.yaml): always present, each
     * entry with an id under the pool, NIC-based members listed too (see {@link #members}), and each member's
     * read-only {@code inboundNatRulesPortMapping} when v2 NAT rules use the pool.
     */
    static void render(StoredResource pool, ObjectNode properties, Tx tx) {
        ArrayNode members = members(pool, tx);
        List<List<PortMappings.PortMapping>> mappings = PortMappings.of(pool.id(), members.size(), tx);
        for (int i = 0; i < mappings.size(); i++) {
            ArrayNode list = Json.array();
            mappings.get(i).forEach(m -> list.add(m.toJson(false)));
            ((ObjectNode) members.get(i).path("properties")).set("inboundNatRulesPortMapping", list);
        }
        properties.set("loadBalancerBackendAddresses", members);
    }

    /**
     * A pool's members in the order they are listed (which is the order NAT rule ports are given out in): the
     * stored addresses, each with its derived members (the NIC ip configuration holding it, or the address of the
     * regional frontend it names), then the NIC-based members, as entries holding only the read-only
     * {@code networkInterfaceIPConfiguration}, named by {@link #nicEntryName}.
     */
    static ArrayNode members(StoredResource pool, Tx tx) {
        ArrayNode out = Json.array();
        JsonNode properties = pool.body().path("properties");
        Optional<ResourceId> poolNetwork = Siblings.idOf(properties, "virtualNetwork");
        Map<ResourceId, Map<String, ResourceId>> holders = new HashMap<>();
        for (PoolMembers.Entry member : PoolMembers.of(pool, tx)) {
            if (member.ipConfiguration() != null) {
                ObjectNode p = Json.object();
                p.set("networkInterfaceIPConfiguration", References.ref(member.ipConfiguration()));
                out.add(entry(pool, member.name(), p));
                continue;
            }
            JsonNode p = member.stored();
            ObjectNode e = entry(pool, member.name(), p);
            ObjectNode props = (ObjectNode) e.path("properties");
            IPAddress ip = new IPAddressString(p.path("ipAddress").asText("")).getAddress();
            Optional<ResourceId> network = Siblings.idOf(p, "virtualNetwork")
                    .or(() -> Siblings.idOf(p, "subnet").flatMap(ResourceId::parent)).or(() -> poolNetwork);
            if (ip != null && network.isPresent()) {
                ResourceId holder = holders.computeIfAbsent(network.get(), n -> holders(n, tx))
                        .get(ip.toCanonicalString());
                if (holder != null) {
                    props.set("networkInterfaceIPConfiguration", References.ref(holder));
                }
            }
            Siblings.idOf(p, "loadBalancerFrontendIPConfiguration").flatMap(f -> frontendAddress(f, tx))
                    .ifPresent(address -> props.put("ipAddress", address));
            out.add(e);
        }
        return out;
    }

    /**
     * The public address of a regional load balancer's frontend, which a cross-region pool's entry naming that
     * frontend shows as its read-only {@code ipAddress} (recording
     * test_network_cross_region_lb_address_pool_addresses.yaml); empty while the frontend or its address is gone.
     */
    private static Optional<String> frontendAddress(ResourceId frontend, Tx tx) {
        return tx.resources().get(frontend)
                .flatMap(f -> Siblings.idOf(f.body().path("properties"), "publicIPAddress"))
                .flatMap(pip -> tx.resources().get(pip))
                .map(pip -> pip.body().path("properties").path("ipAddress").asText(null))
                .filter(a -> !a.isEmpty());
    }

    /**
     * The NIC ip configurations in a virtual network, by private address: who holds a pre-allocated pool address.
     * Derived at render time from the index (configurations reference their subnets), never stored on the pool, so
     * the link appears when a NIC takes the address and goes when the NIC goes.
     */
    private static Map<String, ResourceId> holders(ResourceId network, Tx tx) {
        Map<String, ResourceId> out = new HashMap<>();
        for (Ref r : tx.refs().intoTreeFromOutside(network)) {
            if (!r.kind().equals(RefKinds.SUBNET) || !Siblings.isIpConfiguration(r.from())) {
                continue;
            }
            tx.resources().get(r.from()).ifPresent(c -> {
                IPAddress ip = new IPAddressString(c.body().path("properties").path("privateIPAddress").asText(""))
                        .getAddress();
                if (ip != null) {
                    out.putIfAbsent(ip.toCanonicalString(), c.id());
                }
            });
        }
        return out;
    }

    private static ObjectNode entry(StoredResource pool, String name, JsonNode stored) {
        ObjectNode e = Json.object();
        e.put("name", name);
        e.put("id", pool.id() + "/loadBalancerBackendAddresses/" + name);
        e.put("etag", pool.etag());
        e.put("type", BackendPools.TYPE.qualified() + "/loadBalancerBackendAddresses");
        ObjectNode p = e.putObject("properties");
        p.put("provisioningState", "Succeeded");
        stored.fields().forEachRemaining(f -> p.set(f.getKey(), f.getValue()));
        return e;
    }

    /** The references stored addresses make: their networks (a subnet counts as its network) and frontends. */
    static void references(ResourceId pool, JsonNode addresses, List<Ref> refs) {
        for (JsonNode a : addresses) {
            JsonNode p = a.path("properties");
            Siblings.idOf(p, "virtualNetwork").or(() -> Siblings.idOf(p, "subnet").flatMap(ResourceId::parent))
                    .ifPresent(n -> refs.add(new Ref(pool, n, RefKinds.VIRTUAL_NETWORK)));
            Siblings.idOf(p, "loadBalancerFrontendIPConfiguration")
                    .ifPresent(f -> refs.add(new Ref(pool, f, RefKinds.FRONTEND)));
        }
    }

    /**
     * The network of the load balancer's first private frontend: where an internal load balancer's backend addresses
     * live when neither they nor their pool name one.
     */
    private static Optional<ResourceId> frontendNetwork(ResourceId pool, Tx tx) {
        ResourceId lb = pool.parent().orElseThrow();
        return tx.resources().list(ResourceQuery.inSubscription(lb.subscriptionId())
                        .ofType(Frontends.TYPE.qualified()).childrenOf(lb), null, Integer.MAX_VALUE).stream()
                .map(f -> f.body().path("properties").path("subnet").path("id").asText(null))
                .filter(java.util.Objects::nonNull)
                .flatMap(id -> ResourceId.parse(id).flatMap(ResourceId::parent).stream())
                .findFirst();
    }
}
