package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.network.NetworkFields;
import io.fulcrum.network.NetworkVersions;
import io.fulcrum.network.RefKinds;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.List;
import java.util.Optional;

/**
 * Health probes ({@code loadBalancers/probes}), changed only through the whole load balancer. Defaults are what
 * real Azure answers to a bare probe (recording test_network_lb_probes.yaml): interval 15 s (at least 5), 2 probes,
 * threshold 1. A request path belongs to Http and Https probes only.
 */
public final class Probes implements ResourceFamily {

    public static final ResourceType TYPE = new ResourceType("Microsoft.Network", "loadBalancers/probes",
            NetworkVersions.ALL);
    private static final NetworkFields FIELDS = NetworkFields.REQUEST_INVALID;

    @Override
    public ResourceType type() {
        return TYPE;
    }

    @Override
    public boolean writableAsChild() {
        return false;
    }

    @Override
    public ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx) {
        ObjectNode out = Json.object();
        String protocol = FIELDS.requiredChoice(properties, "protocol", "properties.protocol",
                List.of("Http", "Tcp", "Https"));
        out.put("protocol", protocol);
        out.put("port", FIELDS.requiredInteger(properties, "port", "properties.port", 1, 65535));
        String path = Bodies.string(properties, "requestPath", "properties.requestPath");
        if (protocol.equals("Tcp") && path != null) {
            throw new ArmException(ErrorCode.PROBE_REQUEST_PATH_NOT_NULL, "Request path for probe " + id
                    + " must be null when its protocol is Tcp; got '" + path + "'.", "properties.requestPath");
        }
        if (!protocol.equals("Tcp")) {
            if (path == null || path.isBlank()) {
                throw FIELDS.invalid("properties.requestPath", "probe " + id.name() + " uses " + protocol
                        + " and needs properties.requestPath (the URI it asks for).");
            }
            out.put("requestPath", path);
        }
        out.put("intervalInSeconds", FIELDS.integer(properties, "intervalInSeconds", "properties.intervalInSeconds",
                5, Integer.MAX_VALUE).orElse(15));
        out.put("numberOfProbes", FIELDS.integer(properties, "numberOfProbes", "properties.numberOfProbes", 1,
                Integer.MAX_VALUE).orElse(2));
        out.put("probeThreshold", FIELDS.integer(properties, "probeThreshold", "properties.probeThreshold", 1,
                Integer.MAX_VALUE).orElse(1));
        FIELDS.choice(properties, "noHealthyBackendsBehavior", "properties.noHealthyBackendsBehavior",
                List.of("AllProbedDown", "AllProbedUp")).ifPresent(b -> out.put("noHealthyBackendsBehavior", b));
        return out;
    }

    @Override
    public void derive(StoredResource resource, ObjectNode properties, Tx tx) {
        Siblings.render(properties, "loadBalancingRules",
                Siblings.users(tx, resource.id(), RefKinds.PROBE, LoadBalancingRules.TYPE));
    }
}
