package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One deployment's evaluation state: the template with its bound parameters and variables, the group and
 * subscription it targets, and a {@link Scope} per phase. Parameters and variables are computed once, on first
 * use; neither may call reference(), so their values are the same in validation and in the deployment proper.
 */
public final class TemplateContext {

    /** How reference() is answered in a phase. */
    @FunctionalInterface
    public interface References {
        JsonNode resolve(String nameOrId, String apiVersion, boolean full);
    }

    private final Template template;
    private final ObjectNode given;
    private final ObjectNode externalInputs;
    private final ObjectNode resourceGroup;
    private final ObjectNode subscription;
    private final Instant now;
    private final LazyValues parameters;
    private final LazyValues variables;

    /**
     * @param given          the deployment's {@code properties.parameters}: name to {@code {value}} or
     *                       {@code {expression}}
     * @param externalInputs the deployment's {@code properties.externalInputs}
     */
    public TemplateContext(Template template, ObjectNode given, ObjectNode externalInputs, ObjectNode resourceGroup,
                           ObjectNode subscription, Instant now) {
        this.template = template;
        this.given = given;
        this.externalInputs = externalInputs;
        this.resourceGroup = resourceGroup;
        this.subscription = subscription;
        this.now = now;
        this.parameters = new LazyValues("parameter", names(template.parameters()), this::bindParameter);
        List<String> variableNames = new ArrayList<>();
        for (String n : names(template.variables())) {
            if (n.equalsIgnoreCase("copy") && template.variables().get(n).isArray()) {
                template.variables().get(n).forEach(loop -> variableNames.add(Evaluator.loopName(loop)));
            } else {
                variableNames.add(n);
            }
        }
        this.variables = new LazyValues("variable", variableNames, this::computeVariable);
        refuseUnknownParameters();
    }

    public Template template() {
        return template;
    }

    /** An evaluator for resources and outputs; {@code references} answers reference(). */
    public Evaluator evaluator(References references) {
        return new Evaluator(new Phase(references, false));
    }

    /**
     * Every parameter with its canonical type and value, in declaration order, as a deployment renders them
     * ({@code {"p": {"type": "String", "value": "x"}}}); secure values are left out. Binding them all here also
     * reports a missing or invalid parameter even when nothing uses it, as ARM does.
     */
    public ObjectNode renderParameters() {
        ObjectNode out = Json.object();
        for (String name : names(template.parameters())) {
            JsonNode value = parameters.get(name);
            ParameterType type = ParameterType.of(Bodies.string(template.parameters().get(name), "type", name),
                    "template parameter '" + name + "'");
            ObjectNode p = out.putObject(name);
            p.put("type", type.canonical());
            if (!type.secure()) {
                p.set("value", value);
            }
        }
        return out;
    }

    private void refuseUnknownParameters() {
        List<String> unknown = new ArrayList<>();
        for (String name : names(given)) {
            if (!parameters.has(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw TemplateError.of("The template parameters '" + String.join(", ", unknown) + "' in the parameters"
                    + " file are not valid; they are not present in the original template and can therefore not"
                    + " be provided at deployment time. The only supported parameters for this template are '"
                    + String.join(", ", names(template.parameters())) + "'.");
        }
    }

    private JsonNode bindParameter(String name) {
        String what = "template parameter '" + name + "'";
        JsonNode def = template.parameters().get(name);
        if (!def.isObject()) {
            throw TemplateError.of("The " + what + " must be declared as an object with a 'type'.");
        }
        ParameterType type = ParameterType.of(Bodies.string(def, "type", name), what);
        JsonNode value;
        JsonNode supplied = Bodies.field(given, name);
        try {
            if (supplied != null) {
                value = supplied(name, supplied);
            } else if (Bodies.field(def, "defaultValue") != null) {
                value = new Evaluator(new Phase(null, true)).evaluate(Bodies.field(def, "defaultValue"));
            } else {
                throw TemplateError.of("The value for the " + what + " is not provided. Please see"
                        + " https://aka.ms/arm-deploy/#parameter-file for usage details.");
            }
        } catch (ArmException e) {
            throw TemplateError.within(what, e);
        }
        ParameterChecks.check(what, type, (ObjectNode) def, value);
        return value;
    }

    private JsonNode supplied(String name, JsonNode supplied) {
        if (!supplied.isObject()) {
            throw TemplateError.of("The value for the template parameter '" + name + "' must be an object such as"
                    + " {\"value\": ...}.");
        }
        if (Bodies.field(supplied, "reference") != null) {
            throw TemplateError.of("The template parameter '" + name + "' is a Key Vault reference; Fulcrum has no"
                    + " Key Vault, so pass the secret as a 'value' instead.");
        }
        JsonNode expression = Bodies.field(supplied, "expression");
        if (expression != null) {
            return new Evaluator(new Phase(null, false)).evaluate(expression);
        }
        JsonNode value = Bodies.field(supplied, "value");
        if (value == null) {
            throw TemplateError.of("The value for the template parameter '" + name + "' has neither a 'value' nor"
                    + " an 'expression'.");
        }
        return value;
    }

    private JsonNode computeVariable(String name) {
        Evaluator e = new Evaluator(new Phase(null, false));
        try {
            JsonNode loops = Bodies.field(template.variables(), "copy");
            if (loops != null && loops.isArray()) {
                for (JsonNode loop : loops) {
                    if (Evaluator.loopName(loop).equalsIgnoreCase(name)) {
                        return e.expandLoop(loop, Bodies.field(loop, "input"), "input");
                    }
                }
            }
            return e.evaluate(Bodies.field(template.variables(), name));
        } catch (ArmException ex) {
            throw TemplateError.within("template variable '" + name + "'", ex);
        }
    }

    private static List<String> names(ObjectNode o) {
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            out.add(it.next().getKey());
        }
        return out;
    }

    /**
     * The Scope of one phase. {@code references} null means reference() is not allowed there (parameters and
     * variables); {@code parameterDefault} allows utcNow() and forbids variables(), as ARM does.
     */
    private final class Phase implements Scope {
        private final References references;
        private final boolean parameterDefault;

        Phase(References references, boolean parameterDefault) {
            this.references = references;
            this.parameterDefault = parameterDefault;
        }

        @Override
        public JsonNode parameter(String name) {
            return parameters.get(name);
        }

        @Override
        public JsonNode variable(String name) {
            if (parameterDefault) {
                throw notHere("variables", "parameter default values cannot use variables");
            }
            return variables.get(name);
        }

        @Override
        public ObjectNode resourceGroup() {
            return resourceGroup.deepCopy();
        }

        @Override
        public ObjectNode subscription() {
            return subscription.deepCopy();
        }

        @Override
        public JsonNode reference(String nameOrId, String apiVersion, boolean full) {
            if (references == null) {
                throw notHere("reference", "it can only be used in resource properties and outputs");
            }
            return references.resolve(nameOrId, apiVersion, full);
        }

        @Override
        public JsonNode externalInput(String name) {
            JsonNode input = Bodies.field(externalInputs, name);
            if (input == null) {
                throw TemplateError.of("The external input '" + name + "' is not defined in the deployment's"
                        + " 'externalInputs'.");
            }
            JsonNode value = Bodies.field(input, "value");
            return value == null ? input : value;
        }

        @Override
        public Instant utcNow() {
            if (!parameterDefault) {
                throw notHere("utcNow", "it can only be used in the default value of a parameter");
            }
            return now;
        }

        private ArmException notHere(String function, String why) {
            return TemplateError.of("The template function '" + function + "' is not expected at this location: "
                    + why + ".");
        }
    }
}
