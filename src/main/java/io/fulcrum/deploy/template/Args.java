package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.error.ArmException;
import java.util.List;

/** The evaluated arguments of one function call, with type checks that name the function and the argument. */
final class Args {

    private final String function;
    private final List<JsonNode> values;
    private final Evaluator evaluator;

    Args(String function, List<JsonNode> values, Evaluator evaluator) {
        this.function = function;
        this.values = values;
        this.evaluator = evaluator;
    }

    String function() {
        return function;
    }

    Evaluator evaluator() {
        return evaluator;
    }

    Scope scope() {
        return evaluator.scope();
    }

    int size() {
        return values.size();
    }

    List<JsonNode> all() {
        return values;
    }

    JsonNode get(int i) {
        return values.get(i);
    }

    /** Refuses fewer than {@code min} or more than {@code max} arguments ({@code max} -1: no upper bound). */
    Args count(int min, int max) {
        int n = values.size();
        if (n < min || (max >= 0 && n > max)) {
            String expected = min == max ? Integer.toString(min) : max < 0 ? "at least " + min
                    : "from " + min + " to " + max;
            throw error("it expects " + expected + " argument(s) but was given " + n);
        }
        return this;
    }

    String string(int i) {
        JsonNode v = values.get(i);
        if (!v.isTextual()) {
            throw wrongType(i, "String");
        }
        return v.asText();
    }

    long integer(int i) {
        JsonNode v = values.get(i);
        if (!v.isIntegralNumber()) {
            throw wrongType(i, "Integer");
        }
        return v.longValue();
    }

    boolean bool(int i) {
        JsonNode v = values.get(i);
        if (!v.isBoolean()) {
            throw wrongType(i, "Boolean");
        }
        return v.booleanValue();
    }

    ArrayNode array(int i) {
        JsonNode v = values.get(i);
        if (!v.isArray()) {
            throw wrongType(i, "Array");
        }
        return (ArrayNode) v;
    }

    ObjectNode object(int i) {
        JsonNode v = values.get(i);
        if (!v.isObject()) {
            throw wrongType(i, "Object");
        }
        return (ObjectNode) v;
    }

    ArmException wrongType(int i, String expected) {
        return error("argument " + (i + 1) + " must be of type '" + expected + "' but is of type '"
                + Values.typeName(values.get(i)) + "'");
    }

    ArmException error(String problem) {
        return TemplateError.of("Unable to evaluate template language function '" + function + "': " + problem
                + ".");
    }
}
