package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.NotFound;
import io.fulcrum.arm.api.Method;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.api.Response;
import io.fulcrum.arm.api.Route;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.auth.Caller;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.etag.Etags;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.arm.resource.LinkedAccess;
import io.fulcrum.arm.resource.References;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.network.NetworkVersions;
import io.fulcrum.network.RefKinds;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.Store;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code POST .../loadBalancers/{lb}/migrateToIpBased} (loadBalancer.json {@code LoadBalancers_MigrateToIpBased};
 * azure-docs migrate-nic-to-ip-based-pools.md): turns NIC-based pools into IP-based ones. Each NIC ip configuration
 * in a migrated pool becomes a {@code loadBalancerBackendAddresses} entry holding its private address and its
 * virtual network, and the ip configuration stops naming the pool. The pool keeps its id, so the rules, probes and
 * NAT rules that name it are untouched.
 *
 * <p>Everything happens in one store transaction: a failure anywhere (a pool name that does not exist, a member
 * that cannot be migrated) leaves every pool and every NIC as it was. Synchronous: 200 with
 * {@code {"migratedPools": [...]}}, as the spec's example answers.
 *
 * <p>Decisions where Azure documents nothing: the body's property names match in any case (Azure's own article
 * sends {@code "Pools"}); no body, no {@code pools} or an empty list migrate every pool; a pool that is already
 * IP-based (or empty) is migrated trivially and listed, so a retried call answers the same; a name that is not a
 * pool of this load balancer is a 404 naming the pool, and nothing is migrated.
 */
final class MigrateToIpBased {

    private static final String PATH = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}"
            + "/providers/Microsoft.Network/loadBalancers/{loadBalancerName}/migrateToIpBased";
    private static final String NIC_IP_CONFIGURATION = "Microsoft.Network/networkInterfaces/ipConfigurations";
    private static final String POOLS = "loadBalancerBackendAddressPools";

    private final BackendPools pools;
    private final Function<String, Optional<ResourceFamily>> families;
    private final Clock clock;

    /**
     * @param pools    the pool family, whose references the rewritten pools are indexed by
     * @param families the registered families by type: a rewritten ip configuration is re-indexed by its own family
     */
    MigrateToIpBased(BackendPools pools, Function<String, Optional<ResourceFamily>> families, Clock clock) {
        this.pools = pools;
        this.families = families;
        this.clock = clock;
    }

    void register(Router router, Store store) {
        router.add(new Route(PATH, Set.of(Method.POST), NetworkVersions.ALL, false, r -> migrate(r, store),
                LoadBalancers.TYPE.qualified()));
    }

    private Response migrate(Request r, Store store) {
        ResourceId lb = LoadBalancers.fromPath(r);
        List<String> requested = requestedPools(r);
        return store.write(tx -> {
            StoredResource balancer = NotFound.unlessFound(lb, tx);
            List<StoredResource> chosen = choose(lb, requested, tx);
            Instant now = clock.instant();
            ArrayNode migrated = Json.array();
            for (StoredResource pool : chosen) {
                migratePool(pool, now, r.caller(), tx);
                migrated.add(pool.id().name());
            }
            tx.resources().put(balancer.withBody(balancer.body(), Etags.next(), now));
            ObjectNode out = Json.object();
            out.set("migratedPools", migrated);
            return Response.ok(out);
        });
    }

    /** The pool names the body asks for; empty means every pool. */
    private static List<String> requestedPools(Request r) {
        List<String> names = new ArrayList<>();
        if (!r.hasBody()) {
            return names;
        }
        JsonNode list = Bodies.field(r.json(), "pools");
        if (list == null || list.isNull()) {
            return names;
        }
        if (!list.isArray()) {
            throw Bodies.wrongType("pools", "a JSON array of backend address pool names", list);
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            if (!n.isTextual() || n.asText().isBlank()) {
                throw Bodies.wrongType("pools[" + i + "]", "a backend address pool name", n);
            }
            names.add(n.asText());
        }
        return names;
    }

    /** The stored pools to migrate, in the order asked (or by name when every pool is), each once. */
    private static List<StoredResource> choose(ResourceId lb, List<String> requested, Tx tx) {
        Map<String, StoredResource> byName = new LinkedHashMap<>();
        for (StoredResource p : Siblings.children(lb, BackendPools.TYPE, tx)) {
            byName.put(p.id().name().toLowerCase(Locale.ROOT), p);
        }
        if (requested.isEmpty()) {
            return new ArrayList<>(byName.values());
        }
        Map<String, StoredResource> chosen = new LinkedHashMap<>();
        for (String name : requested) {
            String key = name.toLowerCase(Locale.ROOT);
            StoredResource p = byName.get(key);
            if (p == null) {
                throw NotFound.resource(lb.child(BackendPools.TYPE.type().substring(
                        BackendPools.TYPE.type().indexOf('/') + 1), name));
            }
            chosen.putIfAbsent(key, p);
        }
        return new ArrayList<>(chosen.values());
    }

    /**
     * Moves one pool's NIC members into its addresses. The entries keep the names the pool already showed its NIC
     * members under ({@link PoolAddresses#nicEntryName}), so a client watching the pool sees the same members before
     * and after, now with {@code ipAddress} and {@code virtualNetwork}.
     */
    private void migratePool(StoredResource pool, Instant now, Caller caller, Tx tx) {
        List<ResourceId> members = Siblings.ipConfigurations(tx, pool.id(), RefKinds.BACKEND_POOL);
        if (members.isEmpty()) {
            return;
        }
        ObjectNode body = pool.body();
        ObjectNode props = body.withObject("properties");
        ArrayNode addresses = props.path("loadBalancerBackendAddresses").isArray()
                ? (ArrayNode) props.get("loadBalancerBackendAddresses") : props.putArray("loadBalancerBackendAddresses");
        for (ResourceId config : members) {
            addresses.add(leave(pool.id(), config, now, tx));
        }
        if (!props.has("virtualNetwork") && addresses.size() > 0) {
            // Every NIC of one pool is in one virtual network (Azure requires it of NIC-based pools too).
            props.set("virtualNetwork", addresses.get(0).path("properties").path("virtualNetwork").deepCopy());
        }
        StoredResource saved = pool.withBody(body, Etags.next(), now);
        tx.resources().put(saved);
        List<Ref> refs = pools.references(saved.id(), (ObjectNode) saved.body().path("properties"));
        // The addresses name their NICs' virtual networks, which may be in another subscription.
        LinkedAccess.check(caller, pools, saved.id(), refs, tx);
        tx.refs().replaceFrom(saved.id(), refs);
    }

    /**
     * Takes the pool out of one ip configuration (its stored document and its index rows) and returns the address
     * entry that replaces it.
     */
    private ObjectNode leave(ResourceId pool, ResourceId config, Instant now, Tx tx) {
        if (!config.type().equalsIgnoreCase(NIC_IP_CONFIGURATION)) {
            // SEAM for the compute family: a scale-set instance's ip configuration is rewritten through the scale
            // set's model (the article's steps), which this tree does not have yet.
            throw new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "Backend address pool " + pool + " has the"
                    + " scale-set member " + config + "; migrating scale-set members to IP-based is not supported"
                    + " yet, so no pool was migrated.", "pools");
        }
        StoredResource row = tx.resources().get(config).orElseThrow(() -> NotFound.resource(config));
        ObjectNode body = row.body();
        ObjectNode props = body.withObject("properties");
        String ip = props.path("privateIPAddress").asText(null);
        Optional<ResourceId> network = Siblings.idOf(props, "subnet").flatMap(ResourceId::parent);
        if (ip == null || network.isEmpty()) {
            throw new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "Ip configuration " + config + " in backend"
                    + " address pool " + pool + " has no private IP address in a subnet, so it cannot become an"
                    + " IP-based member; no pool was migrated.", "pools");
        }
        ArrayNode kept = Json.array();
        for (JsonNode ref : props.path(POOLS)) {
            boolean same = ResourceId.parse(ref.path("id").asText(null)).map(pool::equals).orElse(false);
            if (!same) {
                kept.add(ref);
            }
        }
        if (kept.isEmpty()) {
            props.remove(POOLS);
        } else {
            props.set(POOLS, kept);
        }
        StoredResource saved = row.withBody(body, Etags.next(), now);
        tx.resources().put(saved);
        ResourceFamily family = families.apply(NIC_IP_CONFIGURATION).orElseThrow();
        tx.refs().replaceFrom(config, family.references(config, (ObjectNode) saved.body().path("properties")));
        config.parent().flatMap(nic -> tx.resources().get(nic))
                .ifPresent(nic -> tx.resources().put(nic.withBody(nic.body(), Etags.next(), now)));

        ObjectNode entry = Json.object();
        entry.put("name", PoolAddresses.nicEntryName(config));
        ObjectNode p = entry.putObject("properties");
        p.put("ipAddress", ip);
        p.set("virtualNetwork", References.ref(network.get()));
        return entry;
    }
}
