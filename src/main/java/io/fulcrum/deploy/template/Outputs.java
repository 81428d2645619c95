package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import java.util.Iterator;
import java.util.Map;

/**
 * A template's outputs, rendered as deployments report them: {@code {"x": {"type": "Object", "value": ...}}}
 * with the type in its canonical spelling (az prints it as it comes). A {@code copy} output repeats its
 * {@code input}; a false {@code condition} leaves the output out; secure outputs show their type only.
 */
public final class Outputs {

    private Outputs() {
    }

    /**
     * @param validating true during validation: an output that needs deployed state (reference()) is skipped
     *                   there instead of failing, and checked when the deployment runs
     */
    public static ObjectNode evaluate(Template template, Evaluator evaluator, boolean validating) {
        ObjectNode out = Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.outputs().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String what = "template output '" + e.getKey() + "'";
            try {
                ObjectNode rendered = output(e.getValue(), evaluator, what);
                if (rendered != null) {
                    out.set(e.getKey(), rendered);
                }
            } catch (Scope.Deferred later) {
                if (!validating) {
                    throw later;
                }
            } catch (ArmException ex) {
                throw TemplateError.within(what, ex);
            }
        }
        return out;
    }

    private static ObjectNode output(JsonNode def, Evaluator evaluator, String what) {
        if (!def.isObject()) {
            throw TemplateError.of("An output must be an object with a 'type' and a 'value'.");
        }
        ParameterType type = ParameterType.of(Bodies.string(def, "type", "type"), what);
        JsonNode condition = Bodies.field(def, "condition");
        if (condition != null) {
            JsonNode c = evaluator.evaluate(condition);
            if (!c.isBoolean()) {
                throw TemplateError.of("The 'condition' must evaluate to a boolean, not '" + Values.typeName(c)
                        + "'.");
            }
            if (!c.booleanValue()) {
                return null;
            }
        }
        JsonNode copy = Bodies.field(def, "copy");
        JsonNode value;
        if (copy != null && copy.isObject()) {
            // An output loop has no name of its own; copyIndex() finds it as the innermost loop.
            ObjectNode loop = ((ObjectNode) copy).deepCopy();
            loop.put("name", "output");
            value = evaluator.expandLoop(loop, Bodies.field(copy, "input"), "input");
        } else {
            JsonNode raw = Bodies.field(def, "value");
            if (raw == null) {
                throw TemplateError.of("An output needs a 'value' (or a 'copy').");
            }
            value = evaluator.evaluate(raw);
        }
        if (Values.isNull(value) || !type.accepts(value)) {
            throw TemplateError.of("The output value is of type '" + Values.typeName(value) + "', but the output is"
                    + " declared as '" + type.canonical() + "'.");
        }
        ObjectNode o = Json.object();
        o.put("type", type.canonical());
        if (!type.secure()) {
            o.set("value", value);
        }
        return o;
    }
}
