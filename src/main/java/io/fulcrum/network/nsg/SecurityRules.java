package io.fulcrum.network.nsg;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.ResourceQuery;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Security rules ({@code networkSecurityGroups/securityRules}): written inline by the group's PUT or on their own,
 * each its own stored row. Codes and messages are Azure's, from errors users have posted (see RuleEndpoints).
 */
public final class SecurityRules implements ResourceFamily {

    public static final ResourceType TYPE = new ResourceType("Microsoft.Network",
            "networkSecurityGroups/securityRules", NetworkVersions.ALL);
    private static final NetworkFields FIELDS = NetworkFields.CANNOT_PARSE;

    /** The spec's "Restricted to 140 chars". */
    private static final int MAX_DESCRIPTION = 140;

    @Override
    public ResourceType type() {
        return TYPE;
    }

    @Override
    public ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx) {
        ObjectNode out = Json.object();
        String description = Bodies.string(properties, "description", "properties.description");
        if (description != null) {
            if (description.length() > MAX_DESCRIPTION) {
                throw new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "Cannot parse the request: "
                        + "'properties.description' of security rule " + id.name() + " is " + description.length()
                        + " characters long; at most " + MAX_DESCRIPTION + " are allowed.", "properties.description");
            }
            out.put("description", description);
        }
        out.put("protocol", required(properties, "protocol", id, List.of("Tcp", "Udp", "Icmp", "Esp", "*", "Ah")));
        RuleEndpoints.ports(properties, "source", id, out);
        RuleEndpoints.ports(properties, "destination", id, out);
        RuleEndpoints.addresses(properties, "source", id, out, tx);
        RuleEndpoints.addresses(properties, "destination", id, out, tx);
        out.put("access", required(properties, "access", id, List.of("Allow", "Deny")));
        int priority = FIELDS.integer(properties, "priority", "properties.priority")
                .orElseThrow(() -> missing("Priority", id, "properties.priority"));
        if (priority < 100 || priority > 4096) {
            throw new ArmException(ErrorCode.SECURITY_RULE_INVALID_PRIORITY, "Security rule has invalid Priority."
                    + " Value provided: " + priority + " Allowed range 100-4096.", "properties.priority");
        }
        out.put("priority", priority);
        out.put("direction", required(properties, "direction", id, List.of("Inbound", "Outbound")));
        return out;
    }

    private static String required(JsonNode properties, String name, ResourceId rule, List<String> allowed) {
        return FIELDS.choice(properties, name, "properties." + name, allowed).orElseThrow(() ->
                missing(Character.toUpperCase(name.charAt(0)) + name.substring(1), rule, "properties." + name));
    }

    private static ArmException missing(String parameter, ResourceId rule, String path) {
        return new ArmException(ErrorCode.SECURITY_RULE_PARAMETER_MISSING, "Required security rule parameter "
                + parameter + " is missing for security rule with Id: " + rule + ".", path);
    }

    @Override
    public List<Ref> references(ResourceId id, ObjectNode properties) {
        List<Ref> refs = new ArrayList<>();
        for (String side : List.of("sourceApplicationSecurityGroups", "destinationApplicationSecurityGroups")) {
            properties.path(side).forEach(asg -> ResourceId.parse(asg.path("id").asText())
                    .ifPresent(a -> refs.add(new Ref(id, a, RefKinds.ASG))));
        }
        return refs;
    }

    /**
     * Priorities are unique per direction within a group. Checked once the whole rule set is written (inline rules
     * are checked after all their siblings), so two rules may swap priorities in one PUT.
     */
    @Override
    public void validate(StoredResource saved, Tx tx) {
        JsonNode mine = saved.body().path("properties");
        ResourceId group = saved.id().parent().orElseThrow();
        for (StoredResource other : tx.resources().list(ResourceQuery.inSubscription(group.subscriptionId())
                .ofType(TYPE.qualified()).childrenOf(group), null, Integer.MAX_VALUE)) {
            JsonNode theirs = other.body().path("properties");
            if (!other.id().equals(saved.id()) && theirs.path("priority").asInt() == mine.path("priority").asInt()
                    && theirs.path("direction").asText().equals(mine.path("direction").asText())) {
                throw new ArmException(ErrorCode.SECURITY_RULE_CONFLICT, "Security rule " + other.id().name()
                        + " conflicts with rule " + saved.id().name() + ". Rules cannot have the same Priority ("
                        + mine.path("priority").asInt() + ") and Direction (" + mine.path("direction").asText()
                        + ").", "properties.priority");
            }
        }
    }
}
