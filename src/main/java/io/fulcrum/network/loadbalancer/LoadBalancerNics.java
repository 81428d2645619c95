package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.NotFound;
import io.fulcrum.arm.api.Method;
import io.fulcrum.arm.api.Paging;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.api.Response;
import io.fulcrum.arm.api.Route;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.arm.resource.ResourceWriter;
import io.fulcrum.network.NetworkVersions;
import io.fulcrum.network.RefKinds;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.Store;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code GET .../loadBalancers/{lb}/networkInterfaces}: the NICs whose ip configurations use one of the load
 * balancer's pools or inbound NAT rules. The list is read from the reference index (the NICs store those
 * references) and each NIC is rendered by its own family, exactly as a GET of it would answer.
 */
final class LoadBalancerNics {

    private static final String PATH = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}"
            + "/providers/Microsoft.Network/loadBalancers/{loadBalancerName}/networkInterfaces";

    private final Function<String, Optional<ResourceFamily>> families;

    LoadBalancerNics(Function<String, Optional<ResourceFamily>> families) {
        this.families = families;
    }

    void register(Router router, Store store) {
        router.add(new Route(PATH, Set.of(Method.GET), NetworkVersions.ALL, false, r -> list(r, store),
                LoadBalancers.TYPE.qualified()));
    }

    private Response list(Request r, Store store) {
        ResourceId lb = LoadBalancers.fromPath(r);
        return store.read(tx -> {
            NotFound.unlessFound(lb, tx);
            List<ObjectNode> items = new ArrayList<>();
            for (ResourceId nic : nics(lb, tx)) {
                Optional<StoredResource> row = tx.resources().get(nic);
                Optional<ResourceFamily> family = families.apply(nic.type());
                if (row.isPresent() && family.isPresent()) {
                    items.add(ResourceWriter.render(row.get(), family.get(), tx));
                }
            }
            return Response.ok(Paging.page(items, null, r));
        });
    }

    /** The NICs (an ip configuration's parent) using the load balancer, ordered by id. */
    private static List<ResourceId> nics(ResourceId lb, Tx tx) {
        TreeMap<String, ResourceId> byKey = new TreeMap<>();
        for (Ref ref : tx.refs().intoTreeFromOutside(lb)) {
            boolean member = ref.kind().equals(RefKinds.BACKEND_POOL) || ref.kind().equals(RefKinds.INBOUND_NAT_RULE);
            if (member && Siblings.isIpConfiguration(ref.from())) {
                ref.from().parent().ifPresent(nic -> byKey.put(nic.key(), nic));
            }
        }
        return new ArrayList<>(byKey.values());
    }
}
