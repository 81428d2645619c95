package io.fulcrum.network.nic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.etag.Etags;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.ResourceQuery;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rules over all ip configurations of one NIC. ResourceWriter writes a PUT's children one by one, so no single
 * configuration can see its siblings; these run once every row is written: exactly one primary, the primary names a
 * subnet and a secondary that names none takes the primary's (as the spec example NetworkInterfaceCreate shows), one
 * virtual network, one region, at most one load balancer of each type, then the private addresses. Rows completed
 * here are rewritten with their references in the same transaction, so a refusal still changes nothing.
 */
final class NicConfigurations {

    private final IpConfigurations family;
    private final Clock clock;

    NicConfigurations(IpConfigurations family, Clock clock) {
        this.family = family;
        this.clock = clock;
    }

    /** The NIC's ip configuration rows, in id order. */
    static List<StoredResource> of(ResourceId nic, Tx tx) {
        return tx.resources().list(ResourceQuery.inSubscription(nic.subscriptionId())
                .ofType(IpConfigurations.TYPE.qualified()).childrenOf(nic), null, Integer.MAX_VALUE);
    }

    static ObjectNode props(StoredResource row) {
        return (ObjectNode) row.body().get("properties");
    }

    void settle(StoredResource nic, Tx tx) {
        Map<ResourceId, StoredResource> rows = new LinkedHashMap<>();
        of(nic.id(), tx).forEach(r -> rows.put(r.id(), r));
        if (rows.isEmpty()) {
            throw new ArmException(ErrorCode.NIC_WITHOUT_IP_CONFIGURATION, "Network interface " + nic.id()
                    + " must have at least one IP configuration in properties.ipConfigurations.",
                    "properties.ipConfigurations");
        }
        ResourceId primary = primary(nic.id(), rows);
        JsonNode subnet = props(rows.get(primary)).get("subnet");
        if (subnet == null) {
            throw new ArmException(ErrorCode.SUBNET_REQUIRED, "Subnet reference is required for ipconfiguration "
                    + primary + ".", IpConfigurations.path(primary, "subnet"));
        }
        for (StoredResource row : List.copyOf(rows.values())) {
            ObjectNode p = props(row);
            p.put("primary", row.id().equals(primary));
            if (!p.has("subnet")) {
                p.set("subnet", subnet.deepCopy());
            }
            save(rows, row.id(), p, tx);
        }
        oneVirtualNetwork(nic.id(), primary, rows);
        oneRegion(nic, rows, tx);
        NicLoadBalancers.checkTypes(nic.id(), rows.values(), tx);
        NicAddresses.assign(rows, tx, (id, p) -> save(rows, id, p, tx));
    }

    /**
     * A single configuration is the primary; among several, exactly one must say so, unless exactly one of them
     * names a subnet: the primary needs one, so that one is the only candidate. That is how the spec example
     * NetworkInterfaceCreate (no primary marked, only ipconfig1 naming a subnet) answers ipconfig1 as primary,
     * while two configurations that both name subnets and neither says primary are refused, as Azure does
     * (azure-sdk-for-go issue #259).
     */
    private static ResourceId primary(ResourceId nic, Map<ResourceId, StoredResource> rows) {
        if (rows.size() == 1) {
            return rows.keySet().iterator().next();
        }
        List<ResourceId> marked = rows.values().stream()
                .filter(r -> props(r).path("primary").asBoolean(false)).map(StoredResource::id).toList();
        if (marked.size() == 1) {
            return marked.get(0);
        }
        List<ResourceId> withSubnet = rows.values().stream().filter(r -> props(r).has("subnet"))
                .map(StoredResource::id).toList();
        if (marked.isEmpty() && withSubnet.size() == 1) {
            return withSubnet.get(0);
        }
        String why = marked.isEmpty() ? "but none of the IPConfigurations is specified as Primary"
                : "and more than one of them is specified as Primary: "
                + marked.stream().map(ResourceId::name).collect(Collectors.joining(", "));
        throw new ArmException(ErrorCode.NIC_PRIMARY_IP_CONFIGURATION, "Network Interface " + nic.name()
                + " specifies multiple IPConfigurations " + why + ".", "properties.ipConfigurations");
    }

    private static void oneVirtualNetwork(ResourceId nic, ResourceId primary, Map<ResourceId, StoredResource> rows) {
        ResourceId vnet = virtualNetwork(rows.get(primary));
        for (StoredResource row : rows.values()) {
            ResourceId other = virtualNetwork(row);
            if (!other.equals(vnet)) {
                throw new ArmException(ErrorCode.NIC_IP_CONFIGURATIONS_IN_DIFFERENT_VNETS, "IP configurations of"
                        + " network interface " + nic + " must all be in one virtual network: " + primary.name()
                        + " uses " + vnet + " and " + row.id().name() + " uses " + other + ".",
                        IpConfigurations.path(row.id(), "subnet"));
            }
        }
    }

    private static ResourceId virtualNetwork(StoredResource config) {
        return ResourceId.parse(props(config).path("subnet").path("id").asText()).flatMap(ResourceId::parent)
                .orElseThrow(() -> new IllegalStateException("stored subnet reference does not parse: " + config.id()));
    }

    /**
     * Everything a NIC references must be in its region; Azure words a mismatch exactly like a missing target
     * (References.resolve), so the same code and message are used.
     */
    private void oneRegion(StoredResource nic, Map<ResourceId, StoredResource> rows, Tx tx) {
        String location = nic.body().path("location").asText("");
        List<ResourceId> targets = new ArrayList<>();
        ResourceId.parse(nic.body().path("properties").path("networkSecurityGroup").path("id").asText(null))
                .ifPresent(targets::add);
        for (StoredResource row : rows.values()) {
            family.references(row.id(), props(row)).stream().map(Ref::to).forEach(targets::add);
        }
        for (ResourceId target : targets) {
            ResourceId top = target;
            while (top.parent().isPresent()) {
                top = top.parent().get();
            }
            String theirs = tx.resources().get(top).map(t -> t.body().path("location").asText("")).orElse("");
            if (!theirs.isEmpty() && !theirs.equalsIgnoreCase(location)) {
                throw new ArmException(ErrorCode.INVALID_RESOURCE_REFERENCE, "Resource " + target + " referenced by"
                        + " resource " + nic.id() + " was not found. Please make sure that the referenced resource"
                        + " exists, and that both resources are in the same region.", "location");
            }
        }
    }

    /** Rewrites a configuration row whose properties changed, with a new etag and its references. */
    private void save(Map<ResourceId, StoredResource> rows, ResourceId id, ObjectNode properties, Tx tx) {
        StoredResource row = rows.get(id);
        if (props(row).equals(properties)) {
            return;
        }
        ObjectNode body = row.body();
        body.set("properties", properties);
        StoredResource saved = row.withBody(body, Etags.next(), clock.instant());
        tx.resources().put(saved);
        tx.refs().replaceFrom(id, family.references(id, properties));
        rows.put(id, saved);
    }
}
