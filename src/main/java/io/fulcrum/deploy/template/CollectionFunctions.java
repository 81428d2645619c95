package io.fulcrum.deploy.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import java.util.Iterator;
import java.util.Map;

/** Array, object and string-as-sequence functions (Azure's "template-functions-array" and "-object"). */
final class CollectionFunctions {

    private CollectionFunctions() {
    }

    static void register(Map<String, Functions.Function> m) {
        m.put("length", CollectionFunctions::length);
        m.put("empty", a -> BooleanNode.valueOf(isEmpty(a.count(1, 1).get(0))));
        m.put("contains", CollectionFunctions::contains);
        m.put("union", CollectionFunctions::union);
        m.put("createArray", a -> Json.array().addAll(a.all()));
        m.put("createObject", CollectionFunctions::createObject);
        m.put("first", a -> end(a, true));
        m.put("last", a -> end(a, false));
        m.put("json", CollectionFunctions::json);
    }

    private static JsonNode length(Args a) {
        JsonNode v = a.count(1, 1).get(0);
        if (v.isTextual()) {
            return LongNode.valueOf(v.asText().length());
        }
        if (v.isContainerNode()) {
            return LongNode.valueOf(v.size());
        }
        throw a.wrongType(0, "String, Array or Object");
    }

    static boolean isEmpty(JsonNode v) {
        return Values.isNull(v) || (v.isTextual() && v.asText().isEmpty()) || (v.isContainerNode() && v.isEmpty());
    }

    /** Strings: case-sensitive substring; arrays: an equal element; objects: a key, without regard to case. */
    private static JsonNode contains(Args a) {
        JsonNode container = a.count(2, 2).get(0);
        JsonNode item = a.get(1);
        if (container.isTextual()) {
            return BooleanNode.valueOf(container.asText().contains(Values.text(item)));
        }
        if (container.isArray()) {
            for (JsonNode e : container) {
                if (Values.same(e, item)) {
                    return BooleanNode.TRUE;
                }
            }
            return BooleanNode.FALSE;
        }
        if (container.isObject()) {
            return BooleanNode.valueOf(Bodies.field(container, Values.text(item)) != null);
        }
        throw a.wrongType(0, "String, Array or Object");
    }

    /** Arrays: the distinct elements, in order. Objects: merged, later ones winning, nested objects merged too. */
    private static JsonNode union(Args a) {
        a.count(2, -1);
        if (a.get(0).isArray()) {
            ArrayNode out = Json.array();
            for (int i = 0; i < a.size(); i++) {
                for (JsonNode e : a.array(i)) {
                    boolean seen = false;
                    for (JsonNode o : out) {
                        seen |= Values.same(o, e);
                    }
                    if (!seen) {
                        out.add(e);
                    }
                }
            }
            return out;
        }
        ObjectNode out = Json.object();
        for (int i = 0; i < a.size(); i++) {
            merge(out, a.object(i));
        }
        return out;
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode current = into.get(e.getKey());
            if (current != null && current.isObject() && e.getValue().isObject()) {
                ObjectNode merged = ((ObjectNode) current).deepCopy();
                merge(merged, (ObjectNode) e.getValue());
                into.set(e.getKey(), merged);
            } else {
                into.set(e.getKey(), e.getValue());
            }
        }
    }

    private static JsonNode createObject(Args a) {
        if (a.size() % 2 != 0) {
            throw a.error("it expects key/value pairs, but was given an odd number of arguments (" + a.size() + ")");
        }
        ObjectNode out = Json.object();
        for (int i = 0; i < a.size(); i += 2) {
            out.set(a.string(i), a.get(i + 1));
        }
        return out;
    }

    private static JsonNode end(Args a, boolean first) {
        JsonNode v = a.count(1, 1).get(0);
        if (v.isTextual()) {
            String s = v.asText();
            return s.isEmpty() ? TextNode.valueOf("")
                    : TextNode.valueOf(first ? s.substring(0, 1) : s.substring(s.length() - 1));
        }
        if (v.isArray()) {
            return v.isEmpty() ? NullNode.instance : v.get(first ? 0 : v.size() - 1);
        }
        throw a.wrongType(0, "String or Array");
    }

    private static JsonNode json(Args a) {
        String text = a.count(1, 1).string(0);
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw a.error("the argument is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
