package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.error.UnresolvedReference;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.resource.References;
import io.fulcrum.network.NetworkFields;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.ResourceQuery;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The children of one load balancer seen from each other: references between them (a rule naming its frontend,
 * pool and probe) must stay inside the load balancer, and the read-only back-references (a pool's
 * {@code loadBalancingRules}) are the reference index read by kind and by the type of the referrer.
 */
final class Siblings {

    private static final NetworkFields FIELDS = NetworkFields.REQUEST_INVALID;

    private Siblings() {
    }

    /**
     * Resolves a reference a child of a load balancer makes to another child of the same load balancer; a child of
     * another load balancer, or one that does not exist, is InvalidResourceReference naming it.
     *
     * @param from the referring child (its parent is the load balancer)
     */
    static Optional<ResourceId> resolve(JsonNode node, String path, ResourceType target, ResourceId from, Tx tx) {
        Optional<ResourceId> id = References.parse(node, path, target.qualified());
        if (id.isEmpty()) {
            return id;
        }
        ResourceId lb = from.parent().orElseThrow();
        if (!id.get().parent().map(lb::equals).orElse(false)) {
            throw new ArmException(ErrorCode.INVALID_RESOURCE_REFERENCE, "Resource " + id.get() + " referenced by"
                    + " resource " + from + " is not part of load balancer " + lb + "; a load balancer's rules can"
                    + " only name its own frontends, pools and probes.", path + ".id");
        }
        StoredResource found = tx.resources().get(id.get()).orElseThrow(() -> new UnresolvedReference(id.get(),
                from, path + ".id"));
        return Optional.of(found.id());
    }

    /** A required same-load-balancer reference. */
    static ResourceId require(JsonNode node, String path, ResourceType target, ResourceId from, Tx tx) {
        return resolve(node, path, target, from, tx).orElseThrow(() -> FIELDS.invalid(path,
                "'" + path + "' is required: a reference {\"id\": \"...\"} to one of the load balancer's "
                + target.type().substring(target.type().indexOf('/') + 1) + "."));
    }

    /** The stored children of one type of a load balancer. */
    static List<StoredResource> children(ResourceId lb, ResourceType type, Tx tx) {
        return tx.resources().list(ResourceQuery.inSubscription(lb.subscriptionId()).ofType(type.qualified())
                .childrenOf(lb), null, Integer.MAX_VALUE);
    }

    /** Who references {@code target} in role {@code kind}, narrowed to referrers of exactly type {@code from}. */
    static List<ResourceId> users(Tx tx, ResourceId target, String kind, ResourceType from) {
        List<ResourceId> out = new ArrayList<>();
        for (Ref r : tx.refs().to(target, kind)) {
            if (r.from().type().equalsIgnoreCase(from.qualified())) {
                out.add(r.from());
            }
        }
        return out;
    }

    /**
     * NIC ip configurations that reference {@code target} in role {@code kind}: those of standalone NICs and of
     * scale-set instances ({@code Microsoft.Compute/.../virtualMachines/{i}/networkInterfaces/{n}/ipConfigurations})
     * alike, which is what Azure lists in a pool's {@code backendIPConfigurations}.
     */
    static List<ResourceId> ipConfigurations(Tx tx, ResourceId target, String kind) {
        List<ResourceId> out = new ArrayList<>();
        for (Ref r : tx.refs().to(target, kind)) {
            if (isIpConfiguration(r.from())) {
                out.add(r.from());
            }
        }
        return out;
    }

    static boolean isIpConfiguration(ResourceId id) {
        return id.type().toLowerCase(Locale.ROOT).endsWith("/networkinterfaces/ipconfigurations");
    }

    /** Renders {@code [{"id"}...]} under {@code member}; Azure leaves an empty back-reference list out. */
    static void render(ObjectNode properties, String member, List<ResourceId> ids) {
        if (ids.isEmpty()) {
            return;
        }
        ArrayNode list = properties.putArray(member);
        ids.forEach(i -> list.add(References.ref(i)));
    }

    /** The id a stored reference member holds, or empty. */
    static Optional<ResourceId> idOf(JsonNode properties, String member) {
        JsonNode id = properties.path(member).path("id");
        return id.isTextual() ? ResourceId.parse(id.asText()) : Optional.empty();
    }
}
