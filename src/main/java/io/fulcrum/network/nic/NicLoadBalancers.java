package io.fulcrum.network.nic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.NotFound;
import io.fulcrum.arm.api.Method;
import io.fulcrum.arm.api.Paging;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.api.Response;
import io.fulcrum.arm.api.Route;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.resource.References;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.arm.resource.ResourceWriter;
import io.fulcrum.network.NetworkVersions;
import io.fulcrum.store.ResourceQuery;
import io.fulcrum.store.Store;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The load balancers a NIC's ip configurations reference through pools and inbound NAT rules. Azure lets a NIC use
 * at most one public and one internal load balancer, and {@code GET .../networkInterfaces/{nic}/loadBalancers} lists
 * them. Both read the balancers' stored rows generically, needing nothing of the load-balancer family but its row
 * shapes: a frontendIPConfigurations child row naming a publicIPAddress (or publicIPPrefix) makes a balancer
 * public, one naming a subnet makes it internal; one without frontends has no type yet and is not counted.
 */
final class NicLoadBalancers {

    static final String LOAD_BALANCER_TYPE = "Microsoft.Network/loadBalancers";
    private static final String FRONTEND_TYPE = "Microsoft.Network/loadBalancers/frontendIPConfigurations";

    private final Function<String, Optional<ResourceFamily>> families;

    /** @param families the registered family of a qualified type, to render a balancer as its own GET would */
    NicLoadBalancers(Function<String, Optional<ResourceFamily>> families) {
        this.families = families;
    }

    /** The balancers owning the pools and NAT rules the configurations name, in first-seen order. */
    static Set<ResourceId> referenced(Collection<StoredResource> configs) {
        Set<ResourceId> lbs = new LinkedHashSet<>();
        for (StoredResource c : configs) {
            ObjectNode p = NicConfigurations.props(c);
            for (String member : List.of(IpConfigurations.POOLS, IpConfigurations.NAT_RULES)) {
                for (JsonNode r : p.path(member)) {
                    ResourceId.parse(r.path("id").asText(null)).flatMap(ResourceId::parent).ifPresent(lbs::add);
                }
            }
        }
        return lbs;
    }

    static void checkTypes(ResourceId nic, Collection<StoredResource> configs, Tx tx) {
        Map<String, ResourceId> byKind = new HashMap<>();
        for (ResourceId lb : referenced(configs)) {
            Optional<String> kind = kind(lb, tx);
            if (kind.isEmpty()) {
                continue;
            }
            ResourceId other = byKind.putIfAbsent(kind.get(), lb);
            if (other != null) {
                throw new ArmException(ErrorCode.NIC_LOAD_BALANCERS_OF_SAME_TYPE, "Network interface " + nic
                        + " references more than one load balancer of the same type (internal or public): " + other
                        + ", " + lb + ".", "properties.ipConfigurations");
            }
        }
    }

    private static Optional<String> kind(ResourceId lb, Tx tx) {
        List<StoredResource> frontends = tx.resources().list(ResourceQuery.inSubscription(lb.subscriptionId())
                .ofType(FRONTEND_TYPE).childrenOf(lb), null, Integer.MAX_VALUE);
        List<JsonNode> props = frontends.stream().map(f -> f.body().path("properties")).toList();
        if (props.stream().anyMatch(p -> p.path("publicIPAddress").has("id") || p.path("publicIPPrefix").has("id"))) {
            return Optional.of("public");
        }
        if (props.stream().anyMatch(p -> p.path("subnet").has("id"))) {
            return Optional.of("internal");
        }
        return Optional.empty();
    }

    void register(Router router, Store store) {
        router.add(new Route("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers"
                + "/Microsoft.Network/networkInterfaces/{name0}/loadBalancers", Set.of(Method.GET),
                NetworkVersions.ALL, false, r -> list(r, store), NetworkInterfaces.TYPE.qualified()));
    }

    /**
     * Each balancer as the load-balancer family renders it; while no such family is registered (or a row is gone),
     * an entry is only {@code {"id": ...}}, which is what a client needs to follow it.
     */
    private Response list(Request r, Store store) {
        ResourceId nic = ResourceId.resource(r.param("subscriptionId"), r.param("resourceGroupName"),
                NetworkInterfaces.TYPE.namespace(), NetworkInterfaces.TYPE.type(), r.param("name0"));
        return store.read(tx -> {
            NotFound.unlessFound(nic, tx);
            Optional<ResourceFamily> family = families.apply(LOAD_BALANCER_TYPE);
            List<ObjectNode> items = new ArrayList<>();
            for (ResourceId lb : referenced(NicConfigurations.of(nic, tx))) {
                Optional<StoredResource> row = tx.resources().get(lb);
                items.add(row.isPresent() && family.isPresent() ? ResourceWriter.render(row.get(), family.get(), tx)
                        : References.ref(lb));
            }
            return Response.ok(Paging.page(items, null, r));
        });
    }
}
