package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.arm.json.Json;
import java.util.Comparator;

/** How the template language sees JSON values: type names, string conversion and equality. */
final class Values {

    /** Integers compare by value whatever their JSON representation (int from a body, long from a literal). */
    private static final Comparator<JsonNode> NUMBERS = (a, b) -> {
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
            return a.longValue() == b.longValue() ? 0 : 1;
        }
        return a.equals(b) ? 0 : 1;
    };

    private Values() {
    }

    /** The type name ARM uses in its messages. */
    static String typeName(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "Null";
        }
        if (v.isTextual()) {
            return "String";
        }
        if (v.isIntegralNumber()) {
            return "Integer";
        }
        if (v.isNumber()) {
            return "Float";
        }
        if (v.isBoolean()) {
            return "Boolean";
        }
        return v.isArray() ? "Array" : "Object";
    }

    /** A value as text, the way concat(), format() and string() render it (booleans are .NET's "True"). */
    static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "";
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "True" : "False";
        }
        if (v.isNumber()) {
            return v.asText();
        }
        return Json.write(v);
    }

    static boolean same(JsonNode a, JsonNode b) {
        return a.equals(NUMBERS, b);
    }

    static boolean isNull(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }
}
