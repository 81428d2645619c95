package io.fulcrum.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.ResourceTypes;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.deploy.Plan.Step;
import io.fulcrum.deploy.template.Evaluator;
import io.fulcrum.deploy.template.Hashes;
import io.fulcrum.deploy.template.Outputs;
import io.fulcrum.deploy.template.ResourceExpansion;
import io.fulcrum.deploy.template.Scope;
import io.fulcrum.deploy.template.Template;
import io.fulcrum.deploy.template.TemplateContext;
import io.fulcrum.deploy.template.TemplateError;
import io.fulcrum.deploy.template.TemplateResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validation, which is all that {@code /validate} does and what a PUT does first: the template's shape, parameters
 * and expressions, each resource's type and api-version against the registry, ids, dependencies and their order.
 * Everything but reference() is evaluated here, as ARM does, so a bad expression anywhere is a 400 InvalidTemplate
 * and nothing is recorded; only what needs deployed state can fail later.
 */
final class Planner {

    private final ResourceTypes types;
    private final Map<String, ResourceFamily> families;

    /** @param families by qualified type, lower case */
    Planner(ResourceTypes types, Map<String, ResourceFamily> families) {
        this.types = types;
        this.families = families;
    }

    Plan plan(DeploymentBody body, Target target) {
        TemplateContext context;
        ResourceExpansion.Result expansion;
        ObjectNode parameters;
        Template template;
        try {
            template = Template.parse(body.template());
            context = new TemplateContext(template, body.parameters(), body.externalInputs(),
                    target.resourceGroupObject(), target.subscriptionObject(), target.started());
            parameters = context.renderParameters();
            expansion = ResourceExpansion.expand(context);
        } catch (ArmException e) {
            throw TemplateError.validation(e);
        }
        List<Step> typed = typed(expansion.resources(), target);
        List<Step> steps = withDependencies(typed, expansion.skipped(), context, target);
        steps = validated(steps, context, template);
        return new Plan(target, context, Hashes.templateHash(Json.bytes(template.raw())), parameters, steps,
                Dependencies.order(steps));
    }

    /** Looks every instance's type up; all provider-level problems are reported together, as ARM does. */
    private List<Step> typed(List<TemplateResource> resources, Target target) {
        List<Step> steps = new ArrayList<>();
        List<ArmException> problems = new ArrayList<>();
        Map<ResourceId, String> seen = new HashMap<>();
        for (int i = 0; i < resources.size(); i++) {
            TemplateResource r = resources.get(i);
            try {
                ResourceType type = type(r);
                ResourceId id = id(r, type, target);
                if (seen.put(id, r.name()) != null) {
                    throw TemplateError.validation(TemplateError.of("The resource '" + id + "' is defined multiple"
                            + " times in a template"));
                }
                steps.add(new Step(i, r, families.get(type.qualified().toLowerCase(Locale.ROOT)), id,
                        type.qualified(), Set.of(), null));
            } catch (ArmException e) {
                if (e.code() == ErrorCode.INVALID_TEMPLATE) {
                    throw e;
                }
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            throw new ArmException(ErrorCode.INVALID_TEMPLATE_DEPLOYMENT, "The template deployment '"
                    + target.name() + "' is not valid according to the validation procedure. The tracking id is '"
                    + target.correlationId() + "'. See inner errors for details.", null, problems);
        }
        return steps;
    }

    private ResourceType type(TemplateResource r) {
        String qualified = r.type();
        int slash = qualified.indexOf('/');
        String namespace = slash < 0 ? qualified : qualified.substring(0, slash);
        if (types.inNamespace(namespace).isEmpty()) {
            throw new ArmException(ErrorCode.INVALID_RESOURCE_NAMESPACE, "The resource namespace '" + namespace
                    + "' of resource '" + r.name() + "' is invalid. Fulcrum serves: "
                    + String.join(", ", types.namespaces()) + ".", r.declaredAt());
        }
        ResourceType type = types.find(qualified).orElseThrow(() -> new ArmException(
                ErrorCode.INVALID_RESOURCE_TYPE, "The resource type '" + qualified.substring(slash + 1)
                + "' could not be found in the namespace '" + namespace + "' for api version '" + r.apiVersion()
                + "'.", r.declaredAt()));
        if (!type.versions().accepts(r.apiVersion())) {
            ArmException refused = type.versions().refuse(r.apiVersion(), type.qualified());
            throw new ArmException(refused.code(), refused.getMessage(), r.declaredAt());
        }
        ResourceFamily family = families.get(type.qualified().toLowerCase(Locale.ROOT));
        if (family == null || (!family.tracked() && !family.writableAsChild())) {
            throw new ArmException(ErrorCode.INVALID_RESOURCE_TYPE, "Resources of type '" + type.qualified()
                    + "' cannot be deployed by a template in Fulcrum" + (family == null
                    ? " (nested deployments and resource groups are not template resources here)."
                    : ": Azure writes them only through their parent resource."), r.declaredAt());
        }
        return type;
    }

    /** The id a resource gets: the type's segments paired with the name's ("vnet/s1" for a subnet). */
    private static ResourceId id(TemplateResource r, ResourceType type, Target target) {
        String[] typeSegments = type.type().split("/");
        String[] names = r.name().split("/", -1);
        if (names.length != typeSegments.length) {
            throw TemplateError.validation(TemplateError.of("The template resource '" + r.name() + "' for type '"
                    + r.type() + "' has incorrect segment lengths. A nested resource type must have identical"
                    + " number of segments as its resource name. A root resource type must have segment length one"
                    + " greater than its resource name"));
        }
        ResourceId id = ResourceId.resource(target.subscriptionId(), target.groupName(), type.namespace(),
                typeSegments[0], names[0]);
        for (int i = 1; i < names.length; i++) {
            id = id.child(typeSegments[i], names[i]);
        }
        return id;
    }

    /**
     * Adds each step's dependencies: what dependsOn names, the parent resource when it is in the template (ARM
     * needs it declared; without it a child could be written before its parent), and any template resource that
     * reference() reads (ARM adds those implicitly too).
     */
    private static List<Step> withDependencies(List<Step> steps, Set<String> skipped, TemplateContext context,
                                               Target target) {
        Evaluator known = context.evaluator((nameOrId, apiVersion, full) -> {
            throw new Scope.Deferred();
        });
        List<Step> out = new ArrayList<>();
        for (Step s : steps) {
            Set<Integer> deps = new LinkedHashSet<>();
            s.id().parent().ifPresent(p -> steps.stream().filter(o -> o.id().equals(p))
                    .forEach(o -> deps.add(o.index())));
            for (String entry : s.source().dependsOn()) {
                List<Step> named = Dependencies.named(entry, steps, target);
                if (named.isEmpty() && !Dependencies.namesSkipped(entry, skipped, target)) {
                    throw TemplateError.validation(TemplateError.of("The resource '" + entry + "' that '"
                            + s.name() + "' depends on is not defined in the template"));
                }
                named.forEach(n -> deps.add(n.index()));
            }
            for (String referenced : s.source().referenceTargets(s.source().evaluator(known))) {
                Dependencies.named(referenced, steps, target).forEach(n -> deps.add(n.index()));
            }
            out.add(new Step(s.index(), s.source(), s.family(), s.id(), s.type(), Set.copyOf(deps), null));
        }
        return out;
    }

    /**
     * Evaluates every resource body and output as far as possible before deploying, so a bad expression fails
     * validation; what reads deployed state is left for the deployment. Records each evaluated location.
     */
    private static List<Step> validated(List<Step> steps, TemplateContext context, Template template) {
        Evaluator beforehand = context.evaluator((nameOrId, apiVersion, full) -> {
            throw new Scope.Deferred();
        });
        List<Step> out = new ArrayList<>();
        for (Step s : steps) {
            String location = null;
            try {
                JsonNode body = s.source().evaluator(beforehand).evaluate(s.source().body());
                location = body.path("location").isTextual() ? body.path("location").asText() : null;
            } catch (Scope.Deferred later) {
                // Checked when the deployment runs.
            } catch (ArmException e) {
                throw TemplateError.validation(TemplateError.within("template resource '" + s.name() + "'", e));
            }
            out.add(new Step(s.index(), s.source(), s.family(), s.id(), s.type(), s.dependsOn(), location));
        }
        try {
            Outputs.evaluate(template, beforehand, true);
        } catch (ArmException e) {
            throw TemplateError.validation(e);
        }
        return out;
    }
}
