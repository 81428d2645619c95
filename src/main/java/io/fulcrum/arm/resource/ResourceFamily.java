package io.fulcrum.arm.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.Optional;

/**
 * What one provider resource type supplies to the generic lifecycle ({@link ProviderResourcesApi}): its identity,
 * how a request body becomes the stored document, and what is derived when it is rendered. The lifecycle owns
 * everything common: routing, names, the resource group and parent checks, etags and conditional headers, the
 * envelope (location, tags), provisioning state, LRO answers and lists.
 */
public interface ResourceFamily {

    ResourceType type();

    /** Top-level resources carry location and tags; child resources (subnets, pools) do not. */
    default boolean tracked() {
        return type().type().indexOf('/') < 0;
    }

    /**
     * Validates a PUT and returns the {@code properties} to store (read-only members already dropped by the
     * caller's shape). Throw an ArmException naming the field to refuse; the transaction then changes nothing.
     *
     * @param properties the request's {@code properties} object (never null; empty when absent)
     * @param existing   the stored resource when this PUT replaces one
     */
    ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx);

    /** Adds read-only, derived members (back-references) to the rendered {@code properties}. */
    default void derive(StoredResource resource, ObjectNode properties, Tx tx) {
    }

    /** Refuses a DELETE while something still references the resource. */
    default void beforeDelete(StoredResource resource, Tx tx) {
    }
}
