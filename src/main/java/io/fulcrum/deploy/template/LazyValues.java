package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Named values computed on first use and then kept: template parameters (defaults may use other parameters) and
 * variables (which may use each other). A name asked for while it is being computed is a cycle, reported with its
 * path instead of overflowing the stack.
 */
final class LazyValues {

    private final String kind;
    private final Map<String, String> names = new HashMap<>();
    private final Function<String, JsonNode> compute;
    private final Map<String, JsonNode> done = new HashMap<>();
    private final LinkedHashSet<String> computing = new LinkedHashSet<>();

    /**
     * @param kind    "parameter" or "variable", for messages
     * @param names   the declared names, as spelled
     * @param compute the value of a declared name (called at most once per name)
     */
    LazyValues(String kind, Iterable<String> names, Function<String, JsonNode> compute) {
        this.kind = kind;
        for (String n : names) {
            this.names.put(n.toLowerCase(Locale.ROOT), n);
        }
        this.compute = compute;
    }

    boolean has(String name) {
        return names.containsKey(name.toLowerCase(Locale.ROOT));
    }

    JsonNode get(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        String declared = names.get(key);
        if (declared == null) {
            throw TemplateError.of("The template " + kind + " '" + name + "' is not found.");
        }
        JsonNode v = done.get(key);
        if (v != null) {
            return v;
        }
        if (!computing.add(key)) {
            List<String> path = new ArrayList<>();
            boolean inCycle = false;
            for (String k : computing) {
                inCycle |= k.equals(key);
                if (inCycle) {
                    path.add(names.get(k));
                }
            }
            path.add(declared);
            throw TemplateError.of("The template " + kind + "s have a circular reference: "
                    + String.join(" -> ", path) + ".");
        }
        try {
            v = compute.apply(declared);
        } finally {
            computing.remove(key);
        }
        done.put(key, v);
        return v;
    }
}
