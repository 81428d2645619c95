package io.fulcrum.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The member paths of a JSON document ("properties.defaultSecurityRules[].properties.priority"), for checking that
 * an answer carries every member an Azure example's response does, whatever the values.
 */
public final class KeyPaths {

    private KeyPaths() {
    }

    public static Set<String> of(JsonNode node) {
        Set<String> out = new TreeSet<>();
        collect(node, "", out);
        return out;
    }

    private static void collect(JsonNode node, String prefix, Set<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                out.add(path);
                collect(e.getValue(), path, out);
            }
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, prefix + "[]", out));
        }
    }
}
