package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.network.vnet.Prefixes;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks an IP-based pool gets once the whole request is written (so an inline pool sees its load balancer's
 * final SKU): a Standard (or Gateway) load balancer, at most {@link #MAX_MEMBERS} addresses, one virtual network for
 * the whole pool, each address inside that network's address space and no address twice. Each message names the
 * address by its entry name and IP. A pool's NIC members are not counted here: a pool cannot mix the two kinds.
 */
final class PoolRules {

    /** Backend pool size for Standard (azure-behaviour.md, limits; older docs said 1,000). */
    static final int MAX_MEMBERS = 5_000;
    private static final String LIST = "properties.loadBalancerBackendAddresses";

    private PoolRules() {
    }

    static void check(StoredResource pool, Tx tx) {
        JsonNode props = pool.body().path("properties");
        JsonNode addresses = props.path("loadBalancerBackendAddresses");
        List<Integer> byIp = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            if (addresses.get(i).path("properties").path("ipAddress").isTextual()) {
                byIp.add(i);
            }
        }
        if (byIp.isEmpty()) {
            return;
        }
        ResourceId lbId = pool.id().parent().orElseThrow();
        tx.resources().get(lbId).ifPresent(lb -> {
            if (Skus.name(lb).equalsIgnoreCase(Skus.BASIC)) {
                throw new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "Backend address pool " + pool.id()
                        + " has IP-based members (" + describe(addresses, byIp.get(0)) + "), which a Basic load"
                        + " balancer does not support; IP-based backend pools need the Standard SKU.", LIST);
            }
        });
        if (byIp.size() > MAX_MEMBERS) {
            throw new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "Backend address pool " + pool.id() + " has "
                    + byIp.size() + " backend addresses; a Standard load balancer's pool holds at most "
                    + MAX_MEMBERS + " (the first over the limit is " + describe(addresses, byIp.get(MAX_MEMBERS))
                    + ").", LIST);
        }
        Optional<ResourceId> poolNetwork = Siblings.idOf(props, "virtualNetwork");
        ResourceId network = null;
        int networkFrom = -1;
        Map<String, Integer> seen = new HashMap<>();
        List<IPAddress> space = null;
        for (int i : byIp) {
            JsonNode p = addresses.get(i).path("properties");
            String at = LIST + "[" + i + "]";
            Optional<ResourceId> subnetNetwork = Siblings.idOf(p, "subnet").flatMap(ResourceId::parent);
            Optional<ResourceId> named = Siblings.idOf(p, "virtualNetwork");
            if (named.isPresent() && subnetNetwork.isPresent() && !named.equals(subnetNetwork)) {
                throw twoNetworks(pool, addresses, i, named.get(), "its subnet is in " + subnetNetwork.get(), at);
            }
            Optional<ResourceId> own = Siblings.idOf(p, "virtualNetwork")
                    .or(() -> Siblings.idOf(p, "subnet").flatMap(ResourceId::parent)).or(() -> poolNetwork);
            if (own.isEmpty()) {
                continue;
            }
            if (network == null) {
                if (poolNetwork.isPresent() && !poolNetwork.get().equals(own.get())) {
                    throw twoNetworks(pool, addresses, i, own.get(), "the pool's virtualNetwork "
                            + poolNetwork.get(), at);
                }
                network = own.get();
                networkFrom = i;
                space = addressSpace(network, tx);
            } else if (!network.equals(own.get())) {
                throw twoNetworks(pool, addresses, i, own.get(), describe(addresses, networkFrom) + " in "
                        + network, at);
            }
            String ip = p.path("ipAddress").asText();
            IPAddress parsed = new IPAddressString(ip).getAddress();
            if (parsed != null && space != null && !Prefixes.within(parsed, space)) {
                throw new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "The backend address "
                        + describe(addresses, i) + " of pool " + pool.id() + " is outside the address space "
                        + space + " of virtual network " + network + ".", at + ".ipAddress");
            }
            Integer before = seen.putIfAbsent(parsed == null ? ip : parsed.toCanonicalString(), i);
            if (before != null) {
                throw new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "The backend address "
                        + describe(addresses, i) + " of pool " + pool.id() + " repeats the IP address of "
                        + describe(addresses, before) + "; an address can be in a pool only once.",
                        at + ".ipAddress");
            }
        }
    }

    private static ArmException twoNetworks(StoredResource pool, JsonNode addresses, int i, ResourceId own,
                                            String other, String at) {
        return new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "The backend address "
                + describe(addresses, i) + " of pool " + pool.id() + " is in virtual network " + own
                + ", but " + other + "; all addresses of an IP-based pool must be in one virtual network.",
                at + ".virtualNetwork");
    }

    /** The virtual network's prefixes, or null when it is not stored (its reference was checked when written). */
    private static List<IPAddress> addressSpace(ResourceId network, Tx tx) {
        Optional<StoredResource> vnet = tx.resources().get(network);
        if (vnet.isEmpty()) {
            return null;
        }
        List<IPAddress> out = new ArrayList<>();
        for (JsonNode prefix : vnet.get().body().path("properties").path("addressSpace").path("addressPrefixes")) {
            IPAddress a = new IPAddressString(prefix.asText()).getAddress();
            if (a != null) {
                out.add(a.toPrefixBlock());
            }
        }
        return out;
    }

    private static String describe(JsonNode addresses, int i) {
        JsonNode a = addresses.get(i);
        return "'" + a.path("name").asText() + "' (" + a.path("properties").path("ipAddress").asText() + ")";
    }
}
