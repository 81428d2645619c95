package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One resource instance of a template after copy loops, conditions and nesting are expanded: its full type and
 * name ("Microsoft.Network/virtualNetworks/subnets", "vnet/s1"), its evaluated dependsOn entries and what remains
 * of its declaration to be evaluated at deploy time (location, tags, sku, properties ...).
 *
 * @param loops         the copy loops around it, outermost first, with this instance's iteration of each
 * @param copyName      the name of its own copy loop, or null (dependsOn may name a loop)
 * @param declaredAt    where the declaration sits in the template ("resources[1].resources[0]")
 */
public record TemplateResource(String type, String name, String apiVersion, ObjectNode body, List<String> dependsOn,
                               List<Map.Entry<String, Integer>> loops, String copyName, String declaredAt) {

    /** {@code base} inside this instance's copy loops, so that copyIndex() answers for it. */
    public Evaluator evaluator(Evaluator base) {
        return base.inLoops(loops);
    }

    /** The first argument of each reference() call in the body that can be known before anything is deployed. */
    public List<String> referenceTargets(Evaluator evaluator) {
        List<String> out = new ArrayList<>();
        collect(body, evaluator, out);
        return out;
    }

    private static void collect(JsonNode v, Evaluator evaluator, List<String> out) {
        if (v.isContainerNode()) {
            v.forEach(child -> collect(child, evaluator, out));
        } else if (v.isTextual() && ExpressionParser.isExpression(v.asText())) {
            find(ExpressionParser.parseTemplateString(v.asText()), evaluator, out);
        }
    }

    private static void find(Expr e, Evaluator evaluator, List<String> out) {
        if (e instanceof Expr.Call c) {
            if (c.name().equalsIgnoreCase("reference") && !c.args().isEmpty()) {
                try {
                    JsonNode target = evaluator.eval(c.args().get(0));
                    if (target.isTextual()) {
                        out.add(target.asText());
                    }
                } catch (RuntimeException unknowable) {
                    // The target itself depends on deployed state; no ordering can be derived from it.
                }
            }
            c.args().forEach(a -> find(a, evaluator, out));
        } else if (e instanceof Expr.Member m) {
            find(m.target(), evaluator, out);
        } else if (e instanceof Expr.Index ix) {
            find(ix.target(), evaluator, out);
            find(ix.index(), evaluator, out);
        }
    }
}
