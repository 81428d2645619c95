package io.fulcrum.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.NotFound;
import io.fulcrum.arm.auth.Caller;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.ProviderResourcesApi;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.arm.resource.ResourceWriter;
import io.fulcrum.deploy.Plan.Step;
import io.fulcrum.deploy.template.Evaluator;
import io.fulcrum.deploy.template.Outputs;
import io.fulcrum.deploy.template.TemplateContext;
import io.fulcrum.deploy.template.TemplateError;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a validated plan inside the caller's transaction: each resource in order, evaluated with reference()
 * reading the transaction's current state, then written through the same path as a REST PUT
 * ({@link ProviderResourcesApi#apply}), so the family validates it exactly as it would a direct PUT. The first
 * failure throws {@link DeploymentFailure}, which rolls the whole deployment back.
 */
final class Deployer {

    /** What a deployment that succeeded did, for its record. */
    record Outcome(ObjectNode outputs, List<ResourceId> outputResources, ArrayNode operations) {
    }

    private final Map<String, ResourceFamily> families;
    private final ProviderResourcesApi resources;
    private final Clock clock;

    /** @param families by qualified type, lower case */
    Deployer(Map<String, ResourceFamily> families, ProviderResourcesApi resources, Clock clock) {
        this.families = families;
        this.resources = resources;
        this.clock = clock;
    }

    /** @param caller who deployed: each resource is written as theirs */
    Outcome run(Plan plan, Tx tx, Caller caller) {
        Evaluator live = plan.context().evaluator(new Live(plan, tx));
        ArrayNode operations = Json.array();
        List<ResourceId> written = new ArrayList<>();
        for (Step s : plan.order()) {
            Instant started = clock.instant();
            ProviderResourcesApi.Put put;
            try {
                JsonNode body = s.source().evaluator(live).evaluate(s.source().body());
                put = resources.apply(s.family(), s.id(), body, tx, caller, (id, existing) -> {
                });
            } catch (ArmException e) {
                throw new DeploymentFailure(plan, s, TemplateError.validation(
                        TemplateError.within("template resource '" + s.name() + "'", e)), started);
            }
            written.add(put.id());
            operations.add(DeploymentRecords.operation(s, put.created() ? "Created" : "OK", started,
                    clock.instant()));
        }
        Instant started = clock.instant();
        try {
            return new Outcome(Outputs.evaluate(plan.context().template(), live, false), written, operations);
        } catch (ArmException e) {
            throw new DeploymentFailure(plan, null, TemplateError.validation(e), started);
        }
    }

    /** reference() while deploying: the current state of a resource, as a GET would render it. */
    private final class Live implements TemplateContext.References {
        private final Plan plan;
        private final Tx tx;

        Live(Plan plan, Tx tx) {
            this.plan = plan;
            this.tx = tx;
        }

        @Override
        public JsonNode resolve(String nameOrId, String apiVersion, boolean full) {
            ResourceId id = target(nameOrId);
            if (!id.subscriptionId().equalsIgnoreCase(plan.target().subscriptionId())) {
                // The caller was authorized for the deployment's subscription only; reading another one through
                // a template would go around that check.
                throw new ArmException(ErrorCode.AUTHORIZATION_FAILED, "The template function 'reference' cannot"
                        + " read '" + id + "': a deployment reads resources of its own subscription only.");
            }
            StoredResource stored = tx.resources().get(id).orElseThrow(() -> NotFound.resource(id));
            ResourceFamily family = families.get(stored.type().toLowerCase(Locale.ROOT));
            if (family == null) {
                throw TemplateError.of("The template function 'reference' cannot read '" + id + "': resources of"
                        + " type '" + stored.type() + "' have no properties to return.");
            }
            ObjectNode rendered = ResourceWriter.render(stored, family, tx);
            if (!full) {
                return rendered.get("properties");
            }
            rendered.put("apiVersion", apiVersion != null ? apiVersion
                    : family.type().versions().versions().get(0));
            return rendered;
        }

        private ResourceId target(String nameOrId) {
            if (nameOrId.startsWith("/")) {
                return ResourceId.parse(nameOrId).orElseThrow(() -> TemplateError.of("The template reference '"
                        + nameOrId + "' is not a valid resource id."));
            }
            List<Step> named = Dependencies.named(nameOrId, plan.steps(), plan.target());
            if (named.size() != 1) {
                throw TemplateError.of("The template reference '" + nameOrId + "' is not valid: " + (named.isEmpty()
                        ? "could not find template resource or resource copy with this name."
                        : "it names " + named.size() + " template resources; use a resource id."));
            }
            return named.get(0).id();
        }
    }
}
