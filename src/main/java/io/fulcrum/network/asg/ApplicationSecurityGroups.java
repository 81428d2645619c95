package io.fulcrum.network.asg;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.network.NetworkVersions;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.Optional;

/**
 * Application security groups ({@code network/2024-07-01/applicationSecurityGroup.json}): a named group NIC ip
 * configurations join. The resource itself has no writable properties; membership is stored on the NICs.
 */
public final class ApplicationSecurityGroups implements ResourceFamily {

    public static final ResourceType TYPE = new ResourceType("Microsoft.Network", "applicationSecurityGroups",
            NetworkVersions.ALL);

    @Override
    public ResourceType type() {
        return TYPE;
    }

    @Override
    public ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx) {
        // Every member of ApplicationSecurityGroupPropertiesFormat is read-only: nothing a client sends is kept.
        return Json.object();
    }
}
