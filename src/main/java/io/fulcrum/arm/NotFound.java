package io.fulcrum.arm;

import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;

/** ARM's two 404s, worded as ARM words them. */
public final class NotFound {

    private NotFound() {
    }

    public static ArmException group(ResourceId group) {
        return new ArmException(ErrorCode.RESOURCE_GROUP_NOT_FOUND,
                "Resource group '" + group.resourceGroup() + "' could not be found.");
    }

    /** The stored resource, or ARM's 404 for it: the group's when the group itself is missing. */
    public static StoredResource unlessFound(ResourceId id, Tx tx) {
        if (tx.resources().get(id.groupId()).isEmpty()) {
            throw group(id.groupId());
        }
        return tx.resources().get(id).orElseThrow(() -> resource(id));
    }

    public static ArmException resource(ResourceId id) {
        StringBuilder names = new StringBuilder();
        for (ResourceId.Segment s : id.segments()) {
            names.append(names.length() == 0 ? "" : "/").append(s.name());
        }
        return new ArmException(ErrorCode.RESOURCE_NOT_FOUND, "The Resource '" + id.type() + "/" + names
                + "' under resource group '" + id.resourceGroup() + "' was not found.");
    }
}
