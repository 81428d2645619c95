package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The template functions Fulcrum evaluates, by name (ARM matches names without regard to case). Each category
 * lives in its own class, the way Azure's function reference is split; {@code if} is the evaluator's own, since
 * only its chosen branch may be evaluated.
 */
final class Functions {

    @FunctionalInterface
    interface Function {
        JsonNode apply(Args args);
    }

    private static final Map<String, Function> ALL = build();

    private Functions() {
    }

    static Function find(String name) {
        return ALL.get(name.toLowerCase(Locale.ROOT));
    }

    private static Map<String, Function> build() {
        Map<String, Function> m = new TreeMap<>();
        StringFunctions.register(m);
        CollectionFunctions.register(m);
        LogicFunctions.register(m);
        NumericFunctions.register(m);
        ScopeFunctions.register(m);
        Map<String, Function> lower = new TreeMap<>();
        m.forEach((k, v) -> {
            if (lower.put(k.toLowerCase(Locale.ROOT), v) != null) {
                throw new IllegalStateException("template function registered twice: " + k);
            }
        });
        return Map.copyOf(lower);
    }
}
