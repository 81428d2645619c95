package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates template values: every JSON string that is an expression, deeply, and the property loops
 * ({@code "copy": [{"name", "count", "input"}]}) inside objects. An evaluator is immutable; entering a copy loop
 * makes a new one, so copyIndex() always sees the loops around the value being evaluated.
 */
public final class Evaluator {

    /** ARM's limit on the number of iterations of one copy loop. */
    private static final int MAX_COPIES = 800;

    private final Scope scope;
    private final Map<String, Integer> loops;
    private final String innermost;

    public Evaluator(Scope scope) {
        this(scope, Map.of(), null);
    }

    private Evaluator(Scope scope, Map<String, Integer> loops, String innermost) {
        this.scope = scope;
        this.loops = loops;
        this.innermost = innermost;
    }

    Scope scope() {
        return scope;
    }

    /** This evaluator inside iteration {@code index} of the copy loop {@code name}. */
    Evaluator inLoop(String name, int index) {
        Map<String, Integer> l = new HashMap<>(loops);
        String key = name.toLowerCase(Locale.ROOT);
        l.put(key, index);
        return new Evaluator(scope, Map.copyOf(l), key);
    }

    /** This evaluator inside each of {@code loops} in turn, outermost first. */
    Evaluator inLoops(List<Map.Entry<String, Integer>> loops) {
        Evaluator e = this;
        for (Map.Entry<String, Integer> loop : loops) {
            e = e.inLoop(loop.getKey(), loop.getValue());
        }
        return e;
    }

    /** The current iteration of the named loop, or of the innermost one when {@code loop} is null. */
    int copyIndex(String loop) {
        if (loop == null) {
            if (innermost == null) {
                throw TemplateError.of("The template function 'copyIndex' is not expected at this location: it can"
                        + " only be used inside a copy loop.");
            }
            return loops.get(innermost);
        }
        Integer i = loops.get(loop.toLowerCase(Locale.ROOT));
        if (i == null) {
            throw TemplateError.of("The template function 'copyIndex' refers to the copy loop '" + loop
                    + "', which does not enclose this value.");
        }
        return i;
    }

    /** Evaluates a template value deeply. Property names are literal, as in ARM; only values are evaluated. */
    public JsonNode evaluate(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return evaluateString(value.asText());
        }
        if (value.isArray()) {
            ArrayNode out = Json.array();
            for (JsonNode item : value) {
                out.add(evaluate(item));
            }
            return out;
        }
        if (value.isObject()) {
            return evaluateObject((ObjectNode) value);
        }
        return value;
    }

    private ObjectNode evaluateObject(ObjectNode value) {
        ObjectNode out = Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase("copy") && e.getValue().isArray()) {
                for (JsonNode loop : e.getValue()) {
                    out.set(loopName(loop), expandLoop(loop, Bodies.field(loop, "input"), "input"));
                }
            } else {
                out.set(e.getKey(), evaluate(e.getValue()));
            }
        }
        return out;
    }

    /** The name of a property or variable loop ({@code {"name", "count", "input"}}). */
    static String loopName(JsonNode loop) {
        JsonNode name = Bodies.field(loop, "name");
        if (!loop.isObject() || name == null || !name.isTextual() || name.asText().isBlank()) {
            throw TemplateError.of("A copy loop must be an object with a string 'name', a 'count' and an 'input'.");
        }
        return name.asText();
    }

    /**
     * The array a copy loop produces: {@code template} evaluated once per iteration.
     *
     * @param member what the loop repeats, for the error when it is missing ("input")
     */
    ArrayNode expandLoop(JsonNode loop, JsonNode template, String member) {
        String name = loopName(loop);
        if (template == null) {
            throw TemplateError.of("The copy loop '" + name + "' has no '" + member + "'.");
        }
        int count = count(loop, name);
        ArrayNode out = Json.array();
        for (int i = 0; i < count; i++) {
            out.add(inLoop(name, i).evaluate(template));
        }
        return out;
    }

    /** A copy loop's evaluated count: an integer from 0 to {@value #MAX_COPIES}. */
    int count(JsonNode loop, String name) {
        JsonNode raw = Bodies.field(loop, "count");
        JsonNode count = raw == null ? null : evaluate(raw);
        if (count == null || !count.isIntegralNumber()) {
            throw TemplateError.of("The copy loop '" + name + "' needs an integer 'count'; got '"
                    + Values.typeName(count) + "'.");
        }
        if (count.longValue() < 0 || count.longValue() > MAX_COPIES) {
            throw TemplateError.of("The copy loop '" + name + "' has count " + count.longValue()
                    + "; it must be from 0 to " + MAX_COPIES + ".");
        }
        return count.intValue();
    }

    /** One template string: a literal (with "[[" unescaped) or the value of its expression. */
    public JsonNode evaluateString(String s) {
        Expr e = ExpressionParser.parseTemplateString(s);
        return e == null ? TextNode.valueOf(ExpressionParser.literal(s)) : eval(e);
    }

    JsonNode eval(Expr e) {
        if (e instanceof Expr.Literal l) {
            return l.value();
        }
        if (e instanceof Expr.Call c) {
            return call(c);
        }
        if (e instanceof Expr.Member m) {
            return property(eval(m.target()), m.name());
        }
        Expr.Index ix = (Expr.Index) e;
        JsonNode target = eval(ix.target());
        JsonNode index = eval(ix.index());
        if (target.isArray() && index.isIntegralNumber()) {
            long i = index.longValue();
            if (i < 0 || i >= target.size()) {
                throw TemplateError.of("The language expression array index '" + i + "' is out of bounds: the"
                        + " array has " + target.size() + " element(s).");
            }
            return target.get((int) i);
        }
        if (target.isObject() && index.isTextual()) {
            return property(target, index.asText());
        }
        throw TemplateError.of("The language expression cannot index a value of type '" + Values.typeName(target)
                + "' with a value of type '" + Values.typeName(index) + "'.");
    }

    private JsonNode call(Expr.Call c) {
        if (c.name().equalsIgnoreCase("if")) {
            // Only the chosen branch is evaluated, so a branch may hold what is valid only under its condition.
            if (c.args().size() != 3) {
                throw TemplateError.of("Unable to evaluate template language function 'if': it expects 3"
                        + " argument(s) but was given " + c.args().size() + ".");
            }
            JsonNode condition = eval(c.args().get(0));
            if (!condition.isBoolean()) {
                throw TemplateError.of("Unable to evaluate template language function 'if': argument 1 must be of"
                        + " type 'Boolean' but is of type '" + Values.typeName(condition) + "'.");
            }
            return eval(c.args().get(condition.booleanValue() ? 1 : 2));
        }
        Functions.Function f = Functions.find(c.name());
        if (f == null) {
            throw TemplateError.of("The template function '" + c.name() + "' is not found. Please see"
                    + " https://aka.ms/arm-functions for usage details.");
        }
        List<JsonNode> values = new ArrayList<>();
        for (Expr arg : c.args()) {
            values.add(eval(arg));
        }
        return f.apply(new Args(c.name(), values, this));
    }

    private static JsonNode property(JsonNode target, String name) {
        if (!target.isObject()) {
            throw TemplateError.of("The language expression property '" + name + "' can't be evaluated: the value"
                    + " is of type '" + Values.typeName(target) + "', not an object.");
        }
        JsonNode v = Bodies.field(target, name);
        if (v == null) {
            List<String> names = new ArrayList<>();
            target.fieldNames().forEachRemaining(names::add);
            throw TemplateError.of("The language expression property '" + name + "' doesn't exist, available"
                    + " properties are '" + String.join(", ", names) + "'.");
        }
        return v;
    }
}
