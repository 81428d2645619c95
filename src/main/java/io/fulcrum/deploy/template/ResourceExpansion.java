package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.resource.Bodies;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Expands a template's {@code resources} into instances: copy loops become one instance per iteration, a false
 * {@code condition} drops the instance (and what is nested in it), and nested {@code resources} become child
 * instances whose type and name extend their parent's. Names, types, api-versions, conditions, counts and
 * dependsOn are evaluated here, where ARM evaluates them: before anything is deployed, so reference() is refused.
 */
public final class ResourceExpansion {

    /** Members that shape the deployment rather than the resource; the rest is the resource's PUT body. */
    private static final Set<String> STRUCTURAL = Set.of("type", "name", "apiversion", "dependson", "condition",
            "copy", "resources", "comments", "metadata", "scope");

    /**
     * @param resources the instances to deploy, in declaration order (nested ones after their parent)
     * @param skipped   "type/name" and copy-loop names of instances whose condition was false: dependsOn may
     *                  still name them, and ARM then simply drops the dependency
     */
    public record Result(List<TemplateResource> resources, Set<String> skipped) {
    }

    private final Evaluator base;
    private final List<TemplateResource> out = new ArrayList<>();
    private final Set<String> skipped = new HashSet<>();

    private ResourceExpansion(TemplateContext context) {
        this.base = context.evaluator((nameOrId, apiVersion, full) -> {
            throw TemplateError.of("The template function 'reference' is not expected at this location: a"
                    + " resource's name, type, apiVersion, condition, copy count and dependsOn are evaluated before"
                    + " anything is deployed.");
        });
    }

    public static Result expand(TemplateContext context) {
        ResourceExpansion e = new ResourceExpansion(context);
        var resources = context.template().resources();
        for (int i = 0; i < resources.size(); i++) {
            e.declaration(resources.get(i), null, List.of(), "resources[" + i + "]");
        }
        return new Result(List.copyOf(e.out), Set.copyOf(e.skipped));
    }

    private void declaration(JsonNode raw, Parent parent, List<Map.Entry<String, Integer>> loops, String at) {
        if (!raw.isObject()) {
            throw TemplateError.of("The template resource at '" + at + "' must be an object.");
        }
        JsonNode copy = Bodies.field(raw, "copy");
        if (copy == null || copy.isNull()) {
            instance((ObjectNode) raw, parent, loops, null, at);
            return;
        }
        String name;
        int count;
        try {
            name = Evaluator.loopName(copy);
            count = base.inLoops(loops).count(copy, name);
        } catch (ArmException e) {
            throw TemplateError.within("template resource at '" + at + "'", e);
        }
        if (count == 0) {
            skipped.add(name.toLowerCase(Locale.ROOT));
        }
        for (int i = 0; i < count; i++) {
            List<Map.Entry<String, Integer>> inner = new ArrayList<>(loops);
            inner.add(new AbstractMap.SimpleImmutableEntry<>(name, i));
            instance((ObjectNode) raw, parent, List.copyOf(inner), name, at);
        }
    }

    private void instance(ObjectNode raw, Parent parent, List<Map.Entry<String, Integer>> loops, String copyName,
                          String at) {
        Evaluator ev = base.inLoops(loops);
        String type;
        String name;
        try {
            type = text(ev, raw, "type");
            name = text(ev, raw, "name");
        } catch (ArmException e) {
            throw TemplateError.within("template resource at '" + at + "'", e);
        }
        if (parent != null) {
            type = type.contains("/") ? type : parent.type() + "/" + type;
            name = parent.name() + "/" + name;
        }
        String what = "template resource '" + name + "'";
        try {
            JsonNode condition = Bodies.field(raw, "condition");
            if (condition != null) {
                JsonNode c = ev.evaluate(condition);
                if (!c.isBoolean()) {
                    throw TemplateError.of("The 'condition' must evaluate to a boolean, not '" + Values.typeName(c)
                            + "'.");
                }
                if (!c.booleanValue()) {
                    skipped.add((type + "/" + name).toLowerCase(Locale.ROOT));
                    if (copyName != null) {
                        skipped.add(copyName.toLowerCase(Locale.ROOT));
                    }
                    return;
                }
            }
            String apiVersion = text(ev, raw, "apiVersion");
            List<String> dependsOn = new ArrayList<>();
            JsonNode deps = Bodies.field(raw, "dependsOn");
            if (deps != null && !deps.isNull()) {
                if (!deps.isArray()) {
                    throw TemplateError.of("The 'dependsOn' must be an array of resource names or ids.");
                }
                for (JsonNode d : deps) {
                    JsonNode v = ev.evaluate(d);
                    if (!v.isTextual()) {
                        throw TemplateError.of("A 'dependsOn' entry must be a string, not '" + Values.typeName(v)
                                + "'.");
                    }
                    dependsOn.add(v.asText());
                }
            }
            ObjectNode body = raw.deepCopy();
            List<String> remove = new ArrayList<>();
            body.fieldNames().forEachRemaining(k -> {
                if (STRUCTURAL.contains(k.toLowerCase(Locale.ROOT))) {
                    remove.add(k);
                }
            });
            body.remove(remove);
            out.add(new TemplateResource(type, name, apiVersion, body, List.copyOf(dependsOn), loops, copyName, at));
            JsonNode nested = Bodies.field(raw, "resources");
            if (nested != null && !nested.isNull()) {
                if (!nested.isArray()) {
                    throw TemplateError.of("The nested 'resources' must be an array.");
                }
                for (int i = 0; i < nested.size(); i++) {
                    declaration(nested.get(i), new Parent(type, name), loops, at + ".resources[" + i + "]");
                }
            }
        } catch (ArmException e) {
            throw TemplateError.within(what, e);
        }
    }

    private static String text(Evaluator ev, JsonNode raw, String member) {
        JsonNode v = Bodies.field(raw, member);
        JsonNode value = v == null ? null : ev.evaluate(v);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw TemplateError.of("The required property '" + member + "' is " + (value == null ? "missing."
                    : "not a non-empty string: got '" + Values.typeName(value) + "'."));
        }
        return value.asText();
    }

    private record Parent(String type, String name) {
    }
}
