package io.fulcrum.store;

import io.fulcrum.arm.id.ResourceId;
import java.util.List;
import java.util.Optional;

/** Resources of every type, keyed by their case-folded id. */
public interface ResourceTable {

    Optional<StoredResource> get(ResourceId id);

    /** Inserts or replaces. */
    void put(StoredResource resource);

    /** Deletes the resource and every resource nested under its id; returns how many rows went. */
    int deleteTree(ResourceId id);

    /** Deletes every resource in a resource group, the group itself included. */
    int deleteResourceGroup(String subscriptionId, String resourceGroup);

    /**
     * One page of resources matching the query, ordered by case-folded id, starting after {@code afterKey}
     * (exclusive, null for the first page), at most {@code limit} rows.
     */
    List<StoredResource> list(ResourceQuery query, String afterKey, int limit);
}
