package io.fulcrum.store;

import io.fulcrum.arm.id.ResourceId;

/**
 * What to list. Every field is optional (null means "any"); strings compare without regard to case.
 *
 * @param subscriptionId the subscription
 * @param resourceGroup  the resource group name
 * @param type           the exact canonical type, e.g. "Microsoft.Network/loadBalancers"
 * @param excludeType    a type to leave out (generic lists leave out resource groups)
 * @param name           the resource's own name
 * @param parent         only direct children of this resource
 * @param topLevelOnly   only top-level resources (no child resources such as subnets)
 */
public record ResourceQuery(String subscriptionId, String resourceGroup, String type, String excludeType, String name,
                            ResourceId parent, boolean topLevelOnly) {

    public static ResourceQuery inSubscription(String subscriptionId) {
        return new ResourceQuery(subscriptionId, null, null, null, null, null, false);
    }

    public ResourceQuery inGroup(String group) {
        return new ResourceQuery(subscriptionId, group, type, excludeType, name, parent, topLevelOnly);
    }

    public ResourceQuery ofType(String t) {
        return new ResourceQuery(subscriptionId, resourceGroup, t, excludeType, name, parent, topLevelOnly);
    }

    public ResourceQuery excluding(String t) {
        return new ResourceQuery(subscriptionId, resourceGroup, type, t, name, parent, topLevelOnly);
    }

    public ResourceQuery named(String n) {
        return new ResourceQuery(subscriptionId, resourceGroup, type, excludeType, n, parent, topLevelOnly);
    }

    public ResourceQuery childrenOf(ResourceId p) {
        return new ResourceQuery(subscriptionId, resourceGroup, type, excludeType, name, p, topLevelOnly);
    }

    public ResourceQuery topLevel() {
        return new ResourceQuery(subscriptionId, resourceGroup, type, excludeType, name, parent, true);
    }
}
