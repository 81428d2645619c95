package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.arm.resource.ResourceFamily;
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
        String protocol = Fields.requiredChoice(properties, "protocol", "properties.protocol",
                List.of("Http", "Tcp", "Https"));
        out.put("protocol", protocol);
        out.put("port", Fields.required(properties, "port", "properties.port", 1, 65535));
        String path = Bodies.string(properties, "requestPath", "properties.requestPath");
        if (protocol.equals("Tcp") && path != null) {
            throw new ArmException(ErrorCode.PROBE_REQUEST_PATH_NOT_NULL, "Request path for probe " + id
                    + " must be null when its protocol is Tcp; got '" + path + "'.", "properties.requestPath");
        }
        if (!protocol.equals("Tcp")) {
            if (path == null || path.isBlank()) {
                throw Fields.invalid("properties.requestPath", "probe " + id.name() + " uses " + protocol
                        + " and needs properties.requestPath (the URI it asks for).");
            }
            out.put("requestPath", path);
        }
        out.put("intervalInSeconds", Fields.optional(properties, "intervalInSeconds", "properties.intervalInSeconds",
                5, Integer.MAX_VALUE, 15));
        out.put("numberOfProbes", Fields.optional(properties, "numberOfProbes", "properties.numberOfProbes", 1,
                Integer.MAX_VALUE, 2));
        out.put("probeThreshold", Fields.optional(properties, "probeThreshold", "properties.probeThreshold", 1,
                Integer.MAX_VALUE, 1));
        String whenNoneHealthy = Fields.choice(properties, "noHealthyBackendsBehavior",
                "properties.noHealthyBackendsBehavior", List.of("AllProbedDown", "AllProbedUp"), null);
        if (whenNoneHealthy != null) {
            out.put("noHealthyBackendsBehavior", whenNoneHealthy);
        }
        return out;
    }

    @Override
    public void derive(StoredResource resource, ObjectNode properties, Tx tx) {
        Siblings.render(properties, "loadBalancingRules",
                Siblings.users(tx, resource.id(), RefKinds.PROBE, LoadBalancingRules.TYPE));
    }
}
