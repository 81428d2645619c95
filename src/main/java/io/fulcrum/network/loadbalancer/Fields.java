package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.resource.Bodies;
import java.util.List;

/**
 * Typed reads of {@code properties} members for the load-balancer children. A value of the wrong JSON type is
 * InvalidRequestContent (it cannot be deserialized); a well-typed value outside what Azure accepts (a port out of
 * range, an unknown enum member, a missing required member) is InvalidRequestFormat, the code NRP gives a body
 * that does not validate. Messages name the path, the value and what was expected; nothing is clamped.
 */
final class Fields {

    private Fields() {
    }

    static ArmException invalid(String path, String message) {
        return new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "The request is invalid: " + message, path);
    }

    /** An integer member, or null when absent or null. */
    static Integer integer(JsonNode props, String name, String path) {
        JsonNode v = Bodies.field(props, name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw Bodies.wrongType(path, "an integer", v);
        }
        return v.asInt();
    }

    /** A required integer within [min, max]. */
    static int required(JsonNode props, String name, String path, int min, int max) {
        Integer v = integer(props, name, path);
        if (v == null) {
            throw invalid(path, "'" + path + "' is required.");
        }
        return within(v, path, min, max);
    }

    /** An optional integer within [min, max], {@code dflt} when absent. */
    static Integer optional(JsonNode props, String name, String path, int min, int max, Integer dflt) {
        Integer v = integer(props, name, path);
        if (v == null) {
            return dflt;
        }
        return within(v, path, min, max);
    }

    static int within(int v, String path, int min, int max) {
        if (v < min || v > max) {
            throw invalid(path, "the value " + v + " of '" + path + "' is out of range; expected " + min + " to "
                    + max + ".");
        }
        return v;
    }

    static boolean bool(JsonNode props, String name, String path, boolean dflt) {
        JsonNode v = Bodies.field(props, name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw Bodies.wrongType(path, "a boolean", v);
        }
        return v.asBoolean();
    }

    /**
     * Two flags real Azure renders, false, on every load-balancing rule, inbound NAT rule and NAT pool (recordings
     * test_network_lb_rules, _nat_rules_v3, test_network_lb), though the 2024-07-01 spec does not list them yet.
     * A request's own value is kept, so GET-modify-PUT clients round-trip them.
     */
    static void putRuleDefaults(ObjectNode out, JsonNode props) {
        for (String flag : List.of("enableDestinationServiceEndpoint", "allowBackendPortConflict")) {
            out.put(flag, bool(props, flag, "properties." + flag, false));
        }
    }

    /** An enum member, matched without regard to case and returned in Azure's spelling; {@code dflt} when absent. */
    static String choice(JsonNode props, String name, String path, List<String> allowed, String dflt) {
        String v = Bodies.string(props, name, path);
        if (v == null) {
            return dflt;
        }
        return allowed.stream().filter(a -> a.equalsIgnoreCase(v)).findFirst().orElseThrow(() -> invalid(path,
                "the value '" + v + "' of '" + path + "' is not one of " + allowed + "."));
    }

    static String requiredChoice(JsonNode props, String name, String path, List<String> allowed) {
        String v = choice(props, name, path, allowed, null);
        if (v == null) {
            throw invalid(path, "'" + path + "' is required; expected one of " + allowed + ".");
        }
        return v;
    }

    /** Whether two transport protocols can carry the same flow ("All" overlaps both). */
    static boolean protocolsOverlap(String a, String b) {
        return a.equalsIgnoreCase(b) || a.equalsIgnoreCase("All") || b.equalsIgnoreCase("All");
    }
}
