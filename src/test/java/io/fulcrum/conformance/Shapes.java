package io.fulcrum.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Compares an answer with a documented response body.
 *
 * <ul>
 *   <li><b>Shape</b>: every key path of the documented body ({@code properties.subnets[].properties.addressPrefix},
 *   array items folded together, as {@link io.fulcrum.testkit.KeyPaths} names them) must be in the answer with the
 *   same JSON types. The answer may carry more members than the example shows (Azure's own answers do too).</li>
 *   <li><b>Values</b>, only where they are deterministic inputs or derived from them: names, ids (after rewriting
 *   to the test's subscription and groups), types, prefixes, protocols, ports and the like ({@link #DETERMINISTIC}).
 *   Items of arrays are paired by {@code name}, else {@code id}, else position; a documented item with no partner
 *   is reported.</li>
 * </ul>
 * What an example gets wrong by itself is cut from the documented body first ({@link KnownExceptions}).
 */
final class Shapes {

    /** Members whose documented value must come back as documented. */
    static final Set<String> DETERMINISTIC = Set.of("name", "id", "type", "location", "tags", "zones",
            "addressPrefix", "addressPrefixes", "protocol", "frontendPort", "backendPort", "port", "requestPath",
            "intervalInSeconds", "numberOfProbes", "probeThreshold", "idleTimeoutInMinutes", "enableFloatingIP",
            "enableTcpReset", "loadDistribution", "disableOutboundSnat", "allocatedOutboundPorts",
            "frontendPortRangeStart", "frontendPortRangeEnd", "priority", "access", "direction", "description",
            "sourceAddressPrefix", "destinationAddressPrefix", "sourcePortRange", "destinationPortRange",
            "publicIPAllocationMethod", "publicIPAddressVersion", "privateIPAllocationMethod",
            "privateIPAddressVersion", "privateIPAddressPrefixLength", "tier", "syncMode", "provisioningState",
            "enableAcceleratedNetworking", "enableIPForwarding", "disableTcpStateTracking", "flushConnection",
            "drainPeriodInSeconds", "adminState", "ipTagType", "tag", "protectionMode");

    private Shapes() {
    }

    /** Shape differences, one line each; empty when the answer has the documented shape. */
    static List<String> shape(JsonNode documented, JsonNode actual) {
        Map<String, Set<String>> want = types(documented);
        Map<String, Set<String>> got = actual == null ? Map.of() : types(actual);
        List<String> problems = new ArrayList<>();
        Set<String> missing = new TreeSet<>();
        for (Map.Entry<String, Set<String>> e : want.entrySet()) {
            String path = e.getKey();
            if (underAny(path, missing)) {
                continue;
            }
            Set<String> w = new TreeSet<>(e.getValue());
            w.remove("null");
            Set<String> g = got.get(path);
            if (g == null) {
                missing.add(path);
                problems.add("missing " + path + " (" + String.join("|", e.getValue()) + ")");
            } else if (!w.isEmpty() && !w.equals(g)) {
                problems.add("type of " + path + ": documented " + String.join("|", w) + ", answered "
                        + String.join("|", g));
            }
        }
        return problems;
    }

    /** Value differences at deterministic members. */
    static List<String> values(JsonNode documented, JsonNode actual) {
        List<String> problems = new ArrayList<>();
        if (actual != null) {
            walk("", null, documented, actual, problems);
        }
        return problems;
    }

    private static void walk(String path, String key, JsonNode want, JsonNode got, List<String> problems) {
        if (got == null || got.isMissingNode()) {
            return; // reported by shape()
        }
        if ("tags".equals(key)) {
            if (!want.equals(got)) {
                problems.add("value of " + path + ": documented " + want + ", answered " + got);
            }
            return;
        }
        if (want.isObject()) {
            if (!got.isObject()) {
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                walk(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getKey(), f.getValue(),
                        got.get(f.getKey()), problems);
            }
        } else if (want.isArray()) {
            if (!got.isArray()) {
                return;
            }
            boolean scalars = true;
            for (JsonNode w : want) {
                scalars &= w.isValueNode();
            }
            if (scalars) {
                if (DETERMINISTIC.contains(key)) {
                    List<String> w = new ArrayList<>();
                    want.forEach(n -> w.add(n.asText().toLowerCase(Locale.ROOT)));
                    List<String> g = new ArrayList<>();
                    got.forEach(n -> g.add(n.asText().toLowerCase(Locale.ROOT)));
                    if (!new TreeSet<>(w).equals(new TreeSet<>(g))) {
                        problems.add("value of " + path + ": documented " + want + ", answered " + got);
                    }
                }
                return;
            }
            for (int i = 0; i < want.size(); i++) {
                JsonNode w = want.get(i);
                JsonNode partner = partner(w, i, (ArrayNode) got);
                if (partner == null) {
                    problems.add("no item of " + path + " answers the documented " + label(w, i));
                } else {
                    walk(path + "[]", key, w, partner, problems);
                }
            }
        } else if (key != null && DETERMINISTIC.contains(key) && !want.isNull() && !same(key, want, got)) {
            problems.add("value of " + path + ": documented " + want + ", answered " + got);
        }
    }

    private static boolean same(String key, JsonNode want, JsonNode got) {
        if (want.isNumber() && got.isNumber()) {
            return want.decimalValue().compareTo(got.decimalValue()) == 0;
        }
        if (want.isTextual() && got.isTextual() && key.equals("id")) {
            return want.asText().equalsIgnoreCase(got.asText());
        }
        return want.equals(got);
    }

    private static JsonNode partner(JsonNode want, int index, ArrayNode got) {
        for (String by : List.of("name", "id")) {
            if (want.isObject() && want.path(by).isTextual()) {
                for (JsonNode g : got) {
                    if (g.path(by).asText().equalsIgnoreCase(want.path(by).asText())) {
                        return g;
                    }
                }
                return null;
            }
        }
        return index < got.size() ? got.get(index) : null;
    }

    private static String label(JsonNode item, int index) {
        if (item.path("name").isTextual()) {
            return "item named " + item.path("name").asText();
        }
        if (item.path("id").isTextual()) {
            return "item with id " + item.path("id").asText();
        }
        return "item " + index;
    }

    /** Key path to the JSON types found there (object, array, string, number, boolean, null). */
    static Map<String, Set<String>> types(JsonNode node) {
        Map<String, Set<String>> out = new TreeMap<>();
        collect(node, "", out);
        return out;
    }

    private static void collect(JsonNode node, String prefix, Map<String, Set<String>> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                out.computeIfAbsent(path, k -> new TreeSet<>()).add(kind(e.getValue()));
                collect(e.getValue(), path, out);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isValueNode()) {
                    out.computeIfAbsent(prefix + "[]", k -> new TreeSet<>()).add(kind(item));
                }
                collect(item, prefix + "[]", out);
            }
        }
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case STRING, BINARY -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            default -> "null";
        };
    }

    private static boolean underAny(String path, Set<String> parents) {
        for (String p : parents) {
            if (path.startsWith(p + ".") || path.startsWith(p + "[]")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A copy without the references {@code drop} matches: an object whose {@code id} it matches goes (as an array
     * item or a member), and an array left empty by that goes too. Used for references a replay cannot make
     * (resource types Fulcrum does not serve) and for those made only after the documented answer was given.
     */
    static JsonNode withoutReferences(JsonNode node, Predicate<String> drop) {
        JsonNode copy = node.deepCopy();
        prune(copy, drop);
        return copy;
    }

    private static void prune(JsonNode node, Predicate<String> drop) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<String> remove = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isObject() && v.path("id").isTextual() && drop.test(v.path("id").asText())) {
                    remove.add(e.getKey());
                } else if (v.isArray()) {
                    int before = v.size();
                    prune(v, drop);
                    if (before > 0 && v.isEmpty()) {
                        remove.add(e.getKey());
                    }
                } else {
                    prune(v, drop);
                }
            }
            o.remove(remove);
        } else if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            for (int i = a.size() - 1; i >= 0; i--) {
                JsonNode v = a.get(i);
                if (v.isObject() && v.path("id").isTextual() && drop.test(v.path("id").asText())) {
                    a.remove(i);
                } else {
                    prune(v, drop);
                }
            }
        }
    }
}
