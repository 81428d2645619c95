package io.fulcrum.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.id.ResourceId;
import java.time.Instant;

/**
 * A resource as persisted: its id, its canonical type ("Microsoft.Network/loadBalancers/backendAddressPools"),
 * the stored JSON document (what the client asked for, after validation and defaults; never derived
 * back-references), the etag and the ARM timestamps.
 */
public record StoredResource(ResourceId id, String type, ObjectNode body, String etag, Instant createdTime,
                             Instant changedTime) {

    public StoredResource {
        body = body.deepCopy();
    }

    @Override
    public ObjectNode body() {
        return body.deepCopy();
    }

    public StoredResource withBody(ObjectNode newBody, String newEtag, Instant now) {
        return new StoredResource(id, type, newBody, newEtag, createdTime, now);
    }
}
