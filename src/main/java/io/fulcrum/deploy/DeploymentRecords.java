package io.fulcrum.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorBodies;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.etag.Etags;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.deploy.Plan.Step;
import io.fulcrum.store.StoredResource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Deployment records as stored and as rendered ({@code DeploymentExtended}, {@code DeploymentValidateResult},
 * {@code DeploymentOperation} in resources.json; shapes as in the recorded ARM answers). A record is stored as a
 * resource row of type Microsoft.Resources/deployments: {@code properties} is what GET renders, {@code operations}
 * what the operations list renders.
 */
final class DeploymentRecords {

    static final String TYPE = "Microsoft.Resources/deployments";

    private DeploymentRecords() {
    }

    static StoredResource succeeded(Plan plan, Deployer.Outcome outcome, DeploymentBody body, Instant finished,
                                    Optional<StoredResource> existing) {
        ObjectNode p = properties(plan, "Succeeded", finished);
        p.set("outputs", outcome.outputs());
        ArrayNode resources = p.putArray("outputResources");
        for (ResourceId id : outcome.outputResources()) {
            resources.addObject().put("id", id.toString());
        }
        return stored(plan, body, p, outcome.operations(), finished, existing);
    }

    static StoredResource failed(DeploymentFailure f, DeploymentBody body, Instant finished,
                                 Optional<StoredResource> existing) {
        ObjectNode p = properties(f.plan(), "Failed", finished);
        p.set("error", ErrorBodies.of(error(f)));
        ArrayNode operations = Json.array();
        if (f.step() != null) {
            ObjectNode op = operation(f.step(), statusCode(f.error()), f.started(), finished);
            ObjectNode props = (ObjectNode) op.get("properties");
            props.put("provisioningState", "Failed");
            ObjectNode message = props.putObject("statusMessage");
            message.put("status", "Failed");
            message.set("error", ErrorBodies.of(f.error()));
            operations.add(op);
        }
        return stored(f.plan(), body, p, operations, finished, existing);
    }

    /**
     * The deployment's error: ARM's DeploymentFailed wrapping what went wrong. Every write was rolled back, so
     * the message says so rather than pointing at partial results.
     */
    static ArmException error(DeploymentFailure f) {
        String where = f.step() == null ? "Evaluating the template outputs failed."
                : "Deploying '" + f.step().id() + "' failed.";
        return new ArmException(ErrorCode.DEPLOYMENT_FAILED, "At least one resource deployment operation failed. "
                + where + " The deployment was rolled back: none of its resources were written. Please list"
                + " deployment operations for details.", null, List.of(f.error()));
    }

    /** What validate answers: the deployment as it would run, with {@code validatedResources}. */
    static ObjectNode validated(Plan plan, Instant finished) {
        ObjectNode o = Json.object();
        o.put("id", plan.target().deploymentId().toString());
        o.put("name", plan.target().name());
        o.put("type", TYPE);
        ObjectNode p = properties(plan, "Succeeded", finished);
        ArrayNode validated = p.putArray("validatedResources");
        for (Step s : plan.steps()) {
            validated.addObject().put("id", s.id().toString());
        }
        o.set("properties", p);
        return o;
    }

    static ObjectNode render(StoredResource s) {
        ObjectNode body = s.body();
        ObjectNode o = Json.object();
        o.put("id", s.id().toString());
        o.put("name", s.id().name());
        o.put("type", TYPE);
        for (String envelope : List.of("location", "tags")) {
            if (body.has(envelope)) {
                o.set(envelope, body.get(envelope));
            }
        }
        o.set("properties", body.get("properties"));
        return o;
    }

    /** The stored operations, each with its id under the deployment. */
    static ArrayNode operations(StoredResource s) {
        ArrayNode out = Json.array();
        for (JsonNode op : s.body().path("operations")) {
            ObjectNode o = Json.object();
            o.put("id", s.id() + "/operations/" + op.path("operationId").asText());
            o.setAll((ObjectNode) op);
            out.add(o);
        }
        return out;
    }

    /** One resource operation, as ARM lists it: Create, with the provider's status code. */
    static ObjectNode operation(Step s, String statusCode, Instant started, Instant finished) {
        ObjectNode op = Json.object();
        op.put("operationId", numericId());
        ObjectNode p = op.putObject("properties");
        p.put("provisioningOperation", "Create");
        p.put("provisioningState", "Succeeded");
        p.put("timestamp", finished.toString());
        p.put("duration", Duration.between(started, finished).toString());
        p.put("trackingId", UUID.randomUUID().toString());
        p.put("statusCode", statusCode);
        ObjectNode target = p.putObject("targetResource");
        target.put("id", s.id().toString());
        target.put("resourceType", s.type());
        target.put("resourceName", s.name());
        target.put("apiVersion", s.source().apiVersion());
        return op;
    }

    /** ARM's deployment and operation ids are long decimal numbers ("08585071167350212090"). */
    static String numericId() {
        return String.format("%020d", ThreadLocalRandom.current().nextLong(Long.MAX_VALUE));
    }

    private static String statusCode(ArmException e) {
        return switch (e.code().status()) {
            case 404 -> "NotFound";
            case 409 -> "Conflict";
            case 412 -> "PreconditionFailed";
            default -> "BadRequest";
        };
    }

    private static ObjectNode properties(Plan plan, String state, Instant finished) {
        ObjectNode p = Json.object();
        p.put("templateHash", plan.templateHash());
        p.set("parameters", plan.parameters());
        p.put("mode", "Incremental");
        p.put("provisioningState", state);
        p.put("timestamp", finished.toString());
        p.put("duration", Duration.between(plan.target().started(), finished).toString());
        p.put("correlationId", plan.target().correlationId());
        p.set("providers", providers(plan));
        p.set("dependencies", dependencies(plan));
        return p;
    }

    /** The namespaces and types the deployment uses, with the locations it puts them in. */
    private static ArrayNode providers(Plan plan) {
        Map<String, Map<String, Set<String>>> byNamespace = new LinkedHashMap<>();
        for (Step s : plan.steps()) {
            int slash = s.type().indexOf('/');
            Set<String> locations = byNamespace.computeIfAbsent(s.type().substring(0, slash),
                    k -> new LinkedHashMap<>()).computeIfAbsent(s.type().substring(slash + 1),
                    k -> new LinkedHashSet<>());
            if (s.location() != null) {
                locations.add(s.location());
            }
        }
        ArrayNode out = Json.array();
        byNamespace.forEach((namespace, types) -> {
            ObjectNode provider = out.addObject();
            provider.put("namespace", namespace);
            ArrayNode list = provider.putArray("resourceTypes");
            types.forEach((type, locations) -> {
                ObjectNode t = list.addObject();
                t.put("resourceType", type);
                ArrayNode l = t.putArray("locations");
                locations.forEach(l::add);
            });
        });
        return out;
    }

    private static ArrayNode dependencies(Plan plan) {
        ArrayNode out = Json.array();
        for (Step s : plan.steps()) {
            if (s.dependsOn().isEmpty()) {
                continue;
            }
            ObjectNode d = out.addObject();
            ArrayNode on = d.putArray("dependsOn");
            s.dependsOn().stream().sorted().forEach(i -> on.add(reference(plan.steps().get(i))));
            d.setAll(reference(s));
        }
        return out;
    }

    private static ObjectNode reference(Step s) {
        ObjectNode o = Json.object();
        o.put("id", s.id().toString());
        o.put("resourceType", s.type());
        o.put("resourceName", s.name());
        return o;
    }

    private static StoredResource stored(Plan plan, DeploymentBody body, ObjectNode properties, ArrayNode operations,
                                         Instant finished, Optional<StoredResource> existing) {
        ObjectNode b = Json.object();
        if (body.location() != null) {
            b.put("location", body.location());
        }
        if (body.tags() != null) {
            b.set("tags", body.tags());
        }
        b.set("properties", properties);
        b.set("operations", operations);
        return existing.map(e -> e.withBody(b, Etags.next(), finished))
                .orElseGet(() -> new StoredResource(plan.target().deploymentId(), TYPE, b, Etags.next(), finished,
                        finished));
    }
}
