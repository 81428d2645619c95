package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.resource.Bodies;
import java.util.ArrayList;
import java.util.List;

/** A parameter value against its declaration: type, allowedValues, minValue/maxValue, minLength/maxLength. */
final class ParameterChecks {

    private ParameterChecks() {
    }

    static void check(String what, ParameterType type, ObjectNode def, JsonNode value) {
        if (Values.isNull(value) || !type.accepts(value)) {
            throw TemplateError.of("The provided value for the " + what + " is not valid: expected a value of type '"
                    + type.canonical() + "' but got '" + Values.typeName(value) + "'.");
        }
        JsonNode allowed = Bodies.field(def, "allowedValues");
        if (allowed != null && allowed.isArray()) {
            List<JsonNode> candidates = type == ParameterType.ARRAY ? elements(value) : List.of(value);
            for (JsonNode v : candidates) {
                if (!isAllowed(allowed, v)) {
                    List<String> texts = new ArrayList<>();
                    allowed.forEach(a -> texts.add(Values.text(a)));
                    throw TemplateError.of("The provided value '" + shown(type, v) + "' for the " + what + " is not"
                            + " valid. The parameter value is not part of the allowed value(s): '"
                            + String.join(",", texts) + "'.");
                }
            }
        }
        if (value.isIntegralNumber()) {
            bound(what, value.longValue(), Bodies.field(def, "minValue"), true, "value");
            bound(what, value.longValue(), Bodies.field(def, "maxValue"), false, "value");
        }
        if (value.isTextual() || value.isArray()) {
            long length = value.isTextual() ? value.asText().length() : value.size();
            bound(what, length, Bodies.field(def, "minLength"), true, "length");
            bound(what, length, Bodies.field(def, "maxLength"), false, "length");
        }
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static boolean isAllowed(JsonNode allowed, JsonNode v) {
        for (JsonNode a : allowed) {
            if (Values.same(a, v)) {
                return true;
            }
        }
        return false;
    }

    private static String shown(ParameterType type, JsonNode v) {
        return type.secure() ? "*****" : Values.text(v);
    }

    private static void bound(String what, long actual, JsonNode limit, boolean min, String measure) {
        if (limit == null || !limit.isIntegralNumber()) {
            return;
        }
        if (min ? actual < limit.longValue() : actual > limit.longValue()) {
            throw TemplateError.of("The provided " + measure + " " + actual + " for the " + what + " is not valid:"
                    + " it must be " + (min ? "at least " : "at most ") + limit.longValue() + ".");
        }
    }
}
