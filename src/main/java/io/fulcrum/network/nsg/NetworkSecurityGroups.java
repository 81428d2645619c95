package io.fulcrum.network.nsg;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.References;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.network.NetworkFields;
import io.fulcrum.network.NetworkVersions;
import io.fulcrum.network.RefKinds;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.Store;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Network security groups ({@code network/2024-07-01/networkSecurityGroup.json}): user rules, written inline or as
 * child resources ({@link SecurityRules}), Azure's six default rules ({@link DefaultSecurityRules}), and, read-only,
 * the NICs and subnets that use the group. Those come from the reference index (NICs and subnets store the group
 * they name), never from here, and while any remains the group cannot be deleted.
 */
public final class NetworkSecurityGroups implements ResourceFamily {

    public static final ResourceType TYPE = new ResourceType("Microsoft.Network", "networkSecurityGroups",
            NetworkVersions.ALL);

    private final SecurityRules rules;

    public NetworkSecurityGroups(SecurityRules rules) {
        this.rules = rules;
    }

    @Override
    public ResourceType type() {
        return TYPE;
    }

    @Override
    public Map<String, ResourceFamily> inlineChildren() {
        return Map.of("securityRules", rules);
    }

    @Override
    public ErrorCode inUseCode() {
        return ErrorCode.NSG_IN_USE;
    }

    @Override
    public void registerExtraRoutes(Router router, Store store) {
        DefaultSecurityRules.register(router, store);
    }

    @Override
    public ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx) {
        ObjectNode out = Json.object();
        out.put("flushConnection", NetworkFields.bool(properties, "flushConnection", "properties.flushConnection")
                .orElse(false));
        return out;
    }

    @Override
    public void derive(StoredResource resource, ObjectNode properties, Tx tx) {
        properties.set("defaultSecurityRules", DefaultSecurityRules.render(resource));
        List<Ref> users = tx.refs().to(resource.id(), RefKinds.NSG);
        // Azure leaves both lists out while they are empty (NetworkSecurityGroupCreate.json).
        for (String kind : List.of("networkInterfaces", "subnets")) {
            List<Ref> ofKind = users.stream().filter(u -> lastType(u.from()).equalsIgnoreCase(kind)).toList();
            if (!ofKind.isEmpty()) {
                ArrayNode list = properties.putArray(kind);
                ofKind.forEach(u -> list.add(References.ref(u.from())));
            }
        }
    }

    /** "subnets" for a subnet, "networkInterfaces" for a NIC (scale-set NICs live under Compute ids). */
    private static String lastType(ResourceId id) {
        return id.segments().get(id.segments().size() - 1).type();
    }
}
