package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.Locations;
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
import io.fulcrum.network.vnet.VirtualNetworks;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Backend address pools ({@code loadBalancers/backendAddressPools}), writable on their own and inline.
 *
 * <p>A pool is NIC-based or IP-based, never both (Azure's backend-pool-management limitations): NIC-based members
 * are the NIC ip configurations that name the pool (read-only {@code backendIPConfigurations}, from the reference
 * index); IP-based members are the {@code loadBalancerBackendAddresses} stored here.
 *
 * <p>Members a PUT leaves out are kept rather than reset ({@code syncMode}, {@code virtualNetwork},
 * {@code drainPeriodInSeconds}, {@code location}, {@code tunnelInterfaces}, the addresses): az's AAZ commands PUT the
 * whole load balancer at 2022-05-01 and drop what their schema lacks (clients.md section 5). An explicit value, an
 * empty list included, replaces.
 */
public final class BackendPools implements ResourceFamily {

    public static final ResourceType TYPE = new ResourceType("Microsoft.Network", "loadBalancers/backendAddressPools",
            NetworkVersions.ALL);
    private static final NetworkFields FIELDS = NetworkFields.REQUEST_INVALID;
    private static final List<String> SYNC_MODES = List.of("Automatic", "Manual");
    /**
     * Azure publishes no maximum for drainPeriodInSeconds (azure-behaviour.md, Drain). An hour: longer than the
     * longest idle timeout a rule may have (30 minutes, in the spec), so no real drain is cut short.
     */
    static final int MAX_DRAIN_SECONDS = 3_600;

    @Override
    public ResourceType type() {
        return TYPE;
    }

    @Override
    public ErrorCode inUseCode() {
        return ErrorCode.POOL_IN_USE;
    }

    @Override
    public ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx) {
        JsonNode was = existing.map(e -> e.body().path("properties")).orElse(Json.object());
        ObjectNode out = Json.object();
        String location = Bodies.string(properties, "location", "properties.location");
        if (location != null) {
            out.put("location", Locations.normalize(location).orElseThrow(() -> FIELDS.invalid(
                    "properties.location", "'" + location + "' is not a location; expected one of "
                    + Locations.names() + ".")));
        }
        JsonNode tunnels = Bodies.field(properties, "tunnelInterfaces");
        if (tunnels != null && !tunnels.isNull()) {
            out.set("tunnelInterfaces", TunnelInterfaces.parse(tunnels, "properties.tunnelInterfaces"));
        }
        FIELDS.integer(properties, "drainPeriodInSeconds", "properties.drainPeriodInSeconds", 0, MAX_DRAIN_SECONDS)
                .ifPresent(drain -> out.put("drainPeriodInSeconds", drain));
        References.resolve(Bodies.field(properties, "virtualNetwork"), "properties.virtualNetwork",
                VirtualNetworks.TYPE.qualified(), id, tx).ifPresent(v -> out.set("virtualNetwork",
                References.ref(v.id())));
        FIELDS.choice(properties, "syncMode", "properties.syncMode", SYNC_MODES)
                .ifPresent(syncMode -> out.put("syncMode", syncMode));
        for (String kept : List.of("location", "tunnelInterfaces", "drainPeriodInSeconds", "virtualNetwork",
                "syncMode")) {
            if (!out.has(kept) && was.has(kept)) {
                out.set(kept, was.get(kept));
            }
        }
        checkSyncMode(id, was, out);
        JsonNode addresses = Bodies.field(properties, "loadBalancerBackendAddresses");
        if (addresses != null && !addresses.isNull()) {
            ArrayNode parsed = PoolAddresses.parse(addresses, "properties.loadBalancerBackendAddresses", id,
                    Siblings.idOf(out, "virtualNetwork"), tx);
            List<ResourceId> nics = Siblings.ipConfigurations(tx, id, RefKinds.BACKEND_POOL);
            if (!parsed.isEmpty() && !nics.isEmpty()) {
                throw new ArmException(ErrorCode.POOL_MIXES_ADDRESSES_AND_NICS, "Backend address pool " + id
                        + " has NIC ip configurations as members (" + nics.get(0) + (nics.size() > 1 ? " and "
                        + (nics.size() - 1) + " more" : "") + "), so it cannot also take IP addresses in"
                        + " properties.loadBalancerBackendAddresses: NIC-based membership goes through the NIC's"
                        + " ipConfigurations[].properties.loadBalancerBackendAddressPools.",
                        "properties.loadBalancerBackendAddresses");
            }
            out.set("loadBalancerBackendAddresses", parsed);
        } else if (was.has("loadBalancerBackendAddresses")) {
            out.set("loadBalancerBackendAddresses", was.get("loadBalancerBackendAddresses"));
        }
        return out;
    }

    /**
     * syncMode is chosen when a pool gets it and then fixed, together with the virtual network it needs
     * (azure-docs load-balancer/cross-subscription-overview.md).
     */
    private static void checkSyncMode(ResourceId id, JsonNode was, ObjectNode out) {
        Optional<ResourceId> network = Siblings.idOf(out, "virtualNetwork");
        if (!out.has("syncMode") && network.isPresent()
                && !network.get().subscriptionId().equalsIgnoreCase(id.subscriptionId())) {
            // Cross-subscription pools need syncMode (azure-docs load-balancer/cross-subscription-overview.md).
            throw FIELDS.invalid("properties.syncMode", "backend address pool " + id.name() + " names virtual network "
                    + network.get() + " in another subscription, which needs properties.syncMode (Automatic or"
                    + " Manual).");
        }
        if (!out.has("syncMode")) {
            return;
        }
        if (!out.has("virtualNetwork")) {
            throw FIELDS.invalid("properties.virtualNetwork", "backend address pool " + id.name() + " has syncMode "
                    + out.path("syncMode").asText() + ", which needs properties.virtualNetwork.");
        }
        if (was.has("syncMode") && !was.path("syncMode").asText().equals(out.path("syncMode").asText())) {
            throw FIELDS.invalid("properties.syncMode", "the syncMode of backend address pool " + id.name()
                    + " is " + was.path("syncMode").asText() + " and cannot change to "
                    + out.path("syncMode").asText() + ".");
        }
        Optional<ResourceId> before = Siblings.idOf(was, "virtualNetwork");
        if (was.has("syncMode") && before.isPresent() && !before.equals(Siblings.idOf(out, "virtualNetwork"))) {
            throw FIELDS.invalid("properties.virtualNetwork", "backend address pool " + id.name() + " has syncMode"
                    + " " + was.path("syncMode").asText() + ", so its virtualNetwork " + before.get()
                    + " cannot change.");
        }
    }

    /** A pool written on its own must still fit its load balancer (which needs a frontend to have pools). */
    @Override
    public void validate(StoredResource saved, Tx tx) {
        LoadBalancerChecks.check(saved.id().parent().orElseThrow(), tx);
        PoolRules.check(saved, tx);
    }

    @Override
    public List<Ref> references(ResourceId id, ObjectNode properties) {
        List<Ref> refs = new ArrayList<>();
        Siblings.idOf(properties, "virtualNetwork").ifPresent(v -> refs.add(new Ref(id, v,
                RefKinds.VIRTUAL_NETWORK)));
        PoolAddresses.references(id, properties.path("loadBalancerBackendAddresses"), refs);
        return refs;
    }

    /**
     * A pool (or one of its addresses) in a virtual network of another subscription needs
     * {@code virtualNetworks/joinLoadBalancer/action} there (azure-docs load-balancer/cross-subscription-overview.md).
     */
    @Override
    public String joinAction(Ref ref) {
        // By the target's type: the check also runs on a reference that names nothing (UnresolvedReference).
        return ref.to().type().equalsIgnoreCase(VirtualNetworks.TYPE.qualified()) ? VirtualNetworks.TYPE.qualified()
                + "/joinLoadBalancer/action" : ResourceFamily.super.joinAction(ref);
    }

    @Override
    public void derive(StoredResource resource, ObjectNode properties, Tx tx) {
        ResourceId id = resource.id();
        PoolAddresses.render(resource, properties, tx);
        Siblings.render(properties, "backendIPConfigurations",
                Siblings.ipConfigurations(tx, id, RefKinds.BACKEND_POOL));
        Siblings.render(properties, "loadBalancingRules",
                Siblings.users(tx, id, RefKinds.BACKEND_POOL, LoadBalancingRules.TYPE));
        Siblings.render(properties, "inboundNatRules",
                Siblings.users(tx, id, RefKinds.BACKEND_POOL, InboundNatRules.TYPE));
        List<ResourceId> outbound = Siblings.users(tx, id, RefKinds.BACKEND_POOL, OutboundRules.TYPE);
        Siblings.render(properties, "outboundRules", outbound);
        // Older api-versions know only the singular member; both are read-only views of the same references.
        if (!outbound.isEmpty()) {
            properties.set("outboundRule", References.ref(outbound.get(0)));
        }
    }
}
