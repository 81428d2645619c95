package io.fulcrum.arm.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.json.Json;
import java.util.Iterator;
import java.util.Map;

/**
 * Reading request bodies the way ARM does: property names match without regard to case ("Location", "Tags",
 * "Properties" are all seen from real clients), and a member of the wrong JSON type is refused with its path.
 */
public final class Bodies {

    private Bodies() {
    }

    /** The member named {@code name} in any case, or null. */
    public static JsonNode field(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** An object member (absent or null reads as an empty object). */
    public static ObjectNode object(JsonNode parent, String name, String path) {
        JsonNode v = field(parent, name);
        if (v == null || v.isNull()) {
            return Json.object();
        }
        if (!v.isObject()) {
            throw wrongType(path, "a JSON object", v);
        }
        return (ObjectNode) v.deepCopy();
    }

    /** A string member, or null when absent or null. */
    public static String string(JsonNode parent, String name, String path) {
        JsonNode v = field(parent, name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(path, "a string", v);
        }
        return v.asText();
    }

    public static ArmException wrongType(String path, String expected, JsonNode actual) {
        return new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, "The request content was invalid and could not be"
                + " deserialized: the value at '" + path + "' has the wrong type; expected " + expected + ", got "
                + actual.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ".", path);
    }
}
