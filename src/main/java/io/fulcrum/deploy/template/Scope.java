package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * What template functions can ask of the deployment around them. Each phase answers differently: parameter
 * defaults may call utcNow() but not reference(); validation cannot know what reference() will return yet, and
 * says so by throwing {@link Deferred}.
 */
public interface Scope {

    JsonNode parameter(String name);

    JsonNode variable(String name);

    /** {@code {id, name, type, location, tags, properties}}, as resourceGroup() returns it. */
    ObjectNode resourceGroup();

    /** {@code {id, subscriptionId, tenantId, displayName}}, as subscription() returns it. */
    ObjectNode subscription();

    /**
     * The runtime state of a resource: its rendered properties, or (full) the whole resource.
     *
     * @param nameOrId   a resource id, or the name of a resource declared in this template
     * @param apiVersion the version asked for, or null
     */
    JsonNode reference(String nameOrId, String apiVersion, boolean full);

    /** A value from the deployment's {@code externalInputs}, for parameters given as {@code expression}s. */
    JsonNode externalInput(String name);

    /** The deployment's start time; ARM allows utcNow() only in parameter default values. */
    Instant utcNow();

    /** Thrown where a value only exists once resources are deployed (reference() during validation). */
    final class Deferred extends RuntimeException {
        public Deferred() {
            super(null, null, false, false);
        }
    }
}
