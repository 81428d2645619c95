package io.fulcrum.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.SubscriptionTable.Subscription;
import java.time.Instant;

/**
 * Where and when a deployment runs: its group (as stored, so ids keep the group's own spelling), subscription,
 * name, correlation id and start time.
 */
record Target(StoredResource group, Subscription subscription, String name, String correlationId, Instant started) {

    String subscriptionId() {
        return group.id().subscriptionId();
    }

    String groupName() {
        return group.id().resourceGroup();
    }

    /** ARM spells it ".../resourceGroups/{rg}/providers/Microsoft.Resources/deployments/{name}". */
    ResourceId deploymentId() {
        return ResourceId.resource(subscriptionId(), groupName(), DeploymentsApi.NAMESPACE, DeploymentsApi.TYPE_NAME,
                name);
    }

    /** What resourceGroup() returns in a template. */
    ObjectNode resourceGroupObject() {
        ObjectNode body = group.body();
        ObjectNode o = Json.object();
        o.put("id", group.id().toString());
        o.put("name", groupName());
        o.put("type", "Microsoft.Resources/resourceGroups");
        o.set("location", body.get("location"));
        if (body.has("managedBy")) {
            o.set("managedBy", body.get("managedBy"));
        }
        o.set("tags", body.has("tags") ? body.get("tags") : Json.object());
        o.putObject("properties").put("provisioningState", "Succeeded");
        return o;
    }

    /** What subscription() returns in a template. */
    ObjectNode subscriptionObject() {
        ObjectNode o = Json.object();
        o.put("id", "/subscriptions/" + subscription.subscriptionId());
        o.put("subscriptionId", subscription.subscriptionId());
        o.put("tenantId", subscription.tenantId());
        o.put("displayName", subscription.displayName());
        return o;
    }
}
