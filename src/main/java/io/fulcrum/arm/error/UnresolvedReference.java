package io.fulcrum.arm.error;

import io.fulcrum.arm.id.ResourceId;

/**
 * InvalidResourceReference for a reference whose target does not exist. It carries the target so that the writer can
 * run ARM's linked access check first: a caller without access to the target's subscription must be refused the
 * same way whether or not the target exists there, or the error would tell them what another subscription holds.
 */
public final class UnresolvedReference extends ArmException {

    private final ResourceId missing;

    public UnresolvedReference(ResourceId missing, ResourceId from, String path) {
        super(ErrorCode.INVALID_RESOURCE_REFERENCE, "Resource " + missing + " referenced by resource " + from
                + " was not found. Please make sure that the referenced resource exists, and that both resources"
                + " are in the same region.", path);
        this.missing = missing;
    }

    public ResourceId missing() {
        return missing;
    }
}
