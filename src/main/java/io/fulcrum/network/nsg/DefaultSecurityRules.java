package io.fulcrum.network.nsg;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.NotFound;
import io.fulcrum.arm.api.Method;
import io.fulcrum.arm.api.Paging;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.api.Response;
import io.fulcrum.arm.api.Route;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.network.NetworkVersions;
import io.fulcrum.store.Store;
import io.fulcrum.store.StoredResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The six rules Azure puts in every network security group, below every user rule (priorities 65000-65500, users
 * get 100-4096). They are not stored: they are the same for every group, so they are rendered from this table with
 * the group's id and etag. Wording and values are Azure's ({@code NetworkSecurityGroupCreate.json}).
 */
final class DefaultSecurityRules {

    static final String TYPE = "Microsoft.Network/networkSecurityGroups/defaultSecurityRules";

    private record Rule(String name, String description, String source, String destination, String access,
                        int priority, String direction) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("AllowVnetInBound", "Allow inbound traffic from all VMs in VNET", "VirtualNetwork",
                    "VirtualNetwork", "Allow", 65000, "Inbound"),
            new Rule("AllowAzureLoadBalancerInBound", "Allow inbound traffic from azure load balancer",
                    "AzureLoadBalancer", "*", "Allow", 65001, "Inbound"),
            new Rule("DenyAllInBound", "Deny all inbound traffic", "*", "*", "Deny", 65500, "Inbound"),
            new Rule("AllowVnetOutBound", "Allow outbound traffic from all VMs to all VMs in VNET", "VirtualNetwork",
                    "VirtualNetwork", "Allow", 65000, "Outbound"),
            new Rule("AllowInternetOutBound", "Allow outbound traffic from all VMs to Internet", "*", "Internet",
                    "Allow", 65001, "Outbound"),
            new Rule("DenyAllOutBound", "Deny all outbound traffic", "*", "*", "Deny", 65500, "Outbound"));

    private DefaultSecurityRules() {
    }

    static ArrayNode render(StoredResource nsg) {
        ArrayNode out = Json.array();
        RULES.forEach(r -> out.add(render(nsg, r)));
        return out;
    }

    /** Rendered as real Azure renders them: the plural forms present and empty (azure-powershell#8371). */
    private static ObjectNode render(StoredResource nsg, Rule r) {
        ObjectNode o = Json.object();
        o.put("name", r.name());
        o.put("id", nsg.id().child("defaultSecurityRules", r.name()).toString());
        o.put("etag", nsg.etag());
        o.put("type", TYPE);
        ObjectNode p = o.putObject("properties");
        p.put("provisioningState", "Succeeded");
        p.put("description", r.description());
        p.put("protocol", "*");
        p.put("sourcePortRange", "*");
        p.put("destinationPortRange", "*");
        p.put("sourceAddressPrefix", r.source());
        p.put("destinationAddressPrefix", r.destination());
        p.put("access", r.access());
        p.put("priority", r.priority());
        p.put("direction", r.direction());
        for (String plural : List.of("sourcePortRanges", "destinationPortRanges", "sourceAddressPrefixes",
                "destinationAddressPrefixes")) {
            p.putArray(plural);
        }
        return o;
    }

    /** GET of {@code .../defaultSecurityRules} and {@code .../defaultSecurityRules/{name}}: read-only views. */
    static void register(Router router, Store store) {
        String collection = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/"
                + NetworkSecurityGroups.TYPE.qualified() + "/{name0}/defaultSecurityRules";
        router.add(new Route(collection, Set.of(Method.GET), NetworkVersions.ALL, false, r -> {
            StoredResource nsg = securityGroup(r, store);
            List<ObjectNode> items = new ArrayList<>();
            RULES.forEach(rule -> items.add(render(nsg, rule)));
            return Response.ok(Paging.page(items, null, r));
        }, TYPE));
        router.add(new Route(collection + "/{rule}", Set.of(Method.GET), NetworkVersions.ALL, false, r -> {
            StoredResource nsg = securityGroup(r, store);
            ResourceId id = nsg.id().child("defaultSecurityRules", r.param("rule"));
            return Response.ok(render(nsg, RULES.stream().filter(rule -> rule.name().equalsIgnoreCase(id.name()))
                    .findFirst().orElseThrow(() -> NotFound.resource(id))));
        }, TYPE));
    }

    private static StoredResource securityGroup(Request r, Store store) {
        ResourceId id = ResourceId.resource(r.param("subscriptionId"), r.param("resourceGroupName"),
                NetworkSecurityGroups.TYPE.namespace(), NetworkSecurityGroups.TYPE.type(), r.param("name0"));
        return store.read(tx -> {
            if (tx.resources().get(id.groupId()).isEmpty()) {
                throw NotFound.group(id.groupId());
            }
            return tx.resources().get(id).orElseThrow(() -> NotFound.resource(id));
        });
    }
}
