package io.fulcrum.network.nic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddress.IPVersion;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.network.vnet.SubnetAddresses.Want;
import io.fulcrum.network.vnet.SubnetAddresses;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Private addresses for one NIC's ip configurations, decided together so the order of the request does not matter:
 * Static ones first (a NIC's own static address wins over its dynamic ones), then Dynamic ones keep their current
 * address while it is still valid (Azure frees a dynamic address only when the configuration goes), and the rest
 * get the lowest free address of their subnet. A configuration's address is released with its row, so a deleted
 * NIC's addresses are free for the next one.
 */
final class NicAddresses {

    private NicAddresses() {
    }

    /**
     * @param rows the NIC's configuration rows, subnet and primary already settled
     * @param save rewrites one configuration's properties (and keeps {@code rows} current)
     */
    static void assign(Map<ResourceId, StoredResource> rows, Tx tx, BiConsumer<ResourceId, ObjectNode> save) {
        // Primary first, then id order: the primary gets the lowest free address, as in Azure's examples.
        List<StoredResource> ordered = rows.values().stream().sorted(Comparator.comparing(
                (StoredResource r) -> !NicConfigurations.props(r).path("primary").asBoolean(false))).toList();
        Set<ResourceId> undecided = new LinkedHashSet<>();
        List<ResourceId> statics = new ArrayList<>();
        for (StoredResource row : ordered) {
            boolean isStatic = NicConfigurations.props(row).path("privateIPAllocationMethod").asText()
                    .equals(IpConfigurations.STATIC);
            (isStatic ? statics : undecided).add(row.id());
        }
        for (ResourceId id : statics) {
            ObjectNode p = NicConfigurations.props(rows.get(id));
            String address = SubnetAddresses.allocate(tx, subnet(p, tx), want(p, p.path("privateIPAddress").asText()),
                    id, undecided, IpConfigurations.path(id, "privateIPAddress"));
            p.put("privateIPAddress", address);
            save.accept(id, p);
        }
        List<ResourceId> fresh = new ArrayList<>();
        for (ResourceId id : List.copyOf(undecided)) {
            ObjectNode p = NicConfigurations.props(rows.get(id));
            String current = p.path("privateIPAddress").asText(null);
            if (current != null && SubnetAddresses.available(tx, subnet(p, tx), current, want(p, null), id,
                    undecided)) {
                undecided.remove(id);
            } else {
                fresh.add(id);
            }
        }
        for (ResourceId id : fresh) {
            ObjectNode p = NicConfigurations.props(rows.get(id));
            undecided.remove(id);
            p.put("privateIPAddress", SubnetAddresses.allocate(tx, subnet(p, tx), want(p, null), id, undecided,
                    IpConfigurations.path(id, "privateIPAddress")));
            save.accept(id, p);
        }
    }

    private static Want want(ObjectNode p, String address) {
        IPVersion version = p.path("privateIPAddressVersion").asText().equals("IPv6") ? IPVersion.IPV6
                : IPVersion.IPV4;
        Integer length = p.has("privateIPAddressPrefixLength") ? p.get("privateIPAddressPrefixLength").asInt() : null;
        return new Want(address, version, length);
    }

    private static StoredResource subnet(ObjectNode p, Tx tx) {
        ResourceId id = ResourceId.parse(p.path("subnet").path("id").asText()).orElseThrow();
        return tx.resources().get(id).orElseThrow(() -> new IllegalStateException("settled subnet is gone: " + id));
    }
}
