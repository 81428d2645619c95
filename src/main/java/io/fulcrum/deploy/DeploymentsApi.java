package io.fulcrum.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.NotFound;
import io.fulcrum.arm.ResourceTypes;
import io.fulcrum.arm.api.Method;
import io.fulcrum.arm.api.Paging;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.api.Response;
import io.fulcrum.arm.api.Route;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorBodies;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.lro.Operations;
import io.fulcrum.arm.resource.ProviderResourcesApi;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.management.Versions;
import io.fulcrum.store.OperationTable.Operation;
import io.fulcrum.store.ResourceQuery;
import io.fulcrum.store.Store;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.SubscriptionTable.Subscription;
import io.fulcrum.store.Tx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Template deployments at resource-group scope (API.md 8.2). A PUT validates the template, then deploys it in one
 * store transaction: all of its resources are written, or none. Either way the answer is 201 (200 when the name
 * was deployed before) with the final provisioningState and an {@code Azure-AsyncOperation} URL that already
 * reports the end state, with {@code Retry-After: 1}: az and the SDKs poll it once, then GET the deployment and
 * print its outputs, or print the status JSON of a failure (clients.md 5.1). A template that fails validation is
 * a 400 and leaves no record, as in ARM; a deployment that fails while writing is recorded as Failed.
 */
public final class DeploymentsApi {

    static final String NAMESPACE = "Microsoft.Resources";
    static final String TYPE_NAME = "deployments";

    private static final String GROUP = "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}";
    private static final String LIST = GROUP + "/providers/Microsoft.Resources/deployments";
    private static final String ITEM = LIST + "/{deploymentName}";
    /** Operations hang off the group without the providers segment, as resources.json declares them. */
    private static final String OPERATIONS = GROUP + "/deployments/{deploymentName}/operations";

    /** Deployment names: 1 to 64 word characters, '-', '.', '_', '(' or ')' (resources.json). */
    private static final Pattern NAME = Pattern.compile("^[-\\w._()]+$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final int MAX_NAME = 64;

    private final Store store;
    private final Clock clock;
    private final Planner planner;
    private final Deployer deployer;

    public DeploymentsApi(Store store, Clock clock, ResourceTypes types, List<ResourceFamily> families,
                          ProviderResourcesApi resources) {
        this.store = store;
        this.clock = clock;
        Map<String, ResourceFamily> byType = new HashMap<>();
        for (ResourceFamily f : families) {
            byType.put(f.type().qualified().toLowerCase(Locale.ROOT), f);
        }
        this.planner = new Planner(types, Map.copyOf(byType));
        this.deployer = new Deployer(Map.copyOf(byType), resources, clock);
    }

    public void register(Router router) {
        var v = Versions.RESOURCES;
        router.add(new Route(LIST, Set.of(Method.GET), v, false, this::list));
        router.add(new Route(ITEM, Set.of(Method.GET), v, false, this::get));
        router.add(new Route(ITEM, Set.of(Method.HEAD), v, false, this::head));
        router.add(new Route(ITEM, Set.of(Method.PUT), v, false, this::put));
        router.add(new Route(ITEM, Set.of(Method.DELETE), v, false, this::delete));
        router.add(new Route(ITEM + "/validate", Set.of(Method.POST), v, false, this::validate));
        router.add(new Route(OPERATIONS, Set.of(Method.GET), v, false, this::operations));
        router.add(new Route(OPERATIONS + "/{operationId}", Set.of(Method.GET), v, false, this::operation));
        // The status URL is ours and clients replay it verbatim, so any api-version is accepted.
        router.add(new Route(ITEM + "/operationStatuses/{operationId}", Set.of(Method.GET), null, false,
                this::status));
    }

    private Response put(Request r) {
        String name = name(r);
        DeploymentBody body = DeploymentBody.parse(r.lenientJson());
        String correlationId = r.header("x-ms-correlation-request-id").orElse(r.requestId());
        try {
            return store.write(tx -> {
                Target target = target(r, name, correlationId, tx);
                Plan plan = planner.plan(body, target);
                Optional<StoredResource> existing = tx.resources().get(target.deploymentId());
                Deployer.Outcome outcome = deployer.run(plan, tx, r.caller());
                StoredResource record = DeploymentRecords.succeeded(plan, outcome, body, clock.instant(), existing);
                tx.resources().put(record);
                return answer(r, record, existing.isEmpty(), null, tx);
            });
        } catch (DeploymentFailure f) {
            return store.write(tx -> {
                Target target = f.plan().target();
                if (tx.resources().get(target.group().id()).isEmpty()) {
                    throw NotFound.group(target.group().id());
                }
                Optional<StoredResource> existing = tx.resources().get(target.deploymentId());
                StoredResource record = DeploymentRecords.failed(f, body, clock.instant(), existing);
                tx.resources().put(record);
                return answer(r, record, existing.isEmpty(), DeploymentRecords.error(f), tx);
            });
        }
    }

    /** The deployment as it now stands, with a status URL that reports the same end state. */
    private static Response answer(Request r, StoredResource record, boolean created, ArmException error, Tx tx) {
        String operationId = DeploymentRecords.numericId();
        tx.operations().put(new Operation(operationId, record.id().subscriptionId(),
                error == null ? "Succeeded" : "Failed", error == null ? null : Json.write(ErrorBodies.of(error)),
                200, null));
        ObjectNode rendered = DeploymentRecords.render(record);
        return (created ? Response.created(rendered) : Response.ok(rendered))
                .header("Azure-AsyncOperation", r.baseUrl() + "/subscriptions/" + record.id().subscriptionId()
                        + "/resourcegroups/" + record.id().resourceGroup()
                        + "/providers/Microsoft.Resources/deployments/" + record.id().name() + "/operationStatuses/"
                        + operationId + "?api-version=" + r.apiVersion())
                .header("Retry-After", "1");
    }

    private Response validate(Request r) {
        String name = name(r);
        DeploymentBody body = DeploymentBody.parse(r.lenientJson());
        String correlationId = r.header("x-ms-correlation-request-id").orElse(r.requestId());
        return store.read(tx -> {
            Plan plan = planner.plan(body, target(r, name, correlationId, tx));
            return Response.ok(DeploymentRecords.validated(plan, clock.instant()));
        });
    }

    private Response get(Request r) {
        return store.read(tx -> Response.ok(DeploymentRecords.render(find(r, tx))));
    }

    private Response head(Request r) {
        boolean exists = store.read(tx -> record(r, tx).isPresent());
        return Response.status(exists ? 204 : 404, null);
    }

    private Response delete(Request r) {
        return store.write(tx -> {
            StoredResource group = group(r, tx);
            Optional<StoredResource> record = record(r, tx);
            if (record.isEmpty()) {
                return Response.noContent();
            }
            tx.resources().deleteTree(record.get().id());
            return Operations.accepted(tx, r, group.id().subscriptionId(), NAMESPACE,
                    group.body().path("location").asText(), 204, null);
        });
    }

    private Response list(Request r) {
        int size = Paging.pageSize(r);
        String after = Paging.after(r);
        return store.read(tx -> {
            StoredResource group = group(r, tx);
            List<StoredResource> rows = tx.resources().list(ResourceQuery.inSubscription(group.id().subscriptionId())
                    .inGroup(group.id().resourceGroup()).ofType(DeploymentRecords.TYPE), after, size);
            List<ObjectNode> items = new ArrayList<>();
            rows.forEach(s -> items.add(DeploymentRecords.render(s)));
            String last = rows.size() == size ? rows.get(rows.size() - 1).id().key() : null;
            return Response.ok(Paging.page(items, last, r));
        });
    }

    private Response operations(Request r) {
        return store.read(tx -> {
            ObjectNode page = Json.object();
            page.set("value", DeploymentRecords.operations(find(r, tx)));
            return Response.ok(page);
        });
    }

    private Response operation(Request r) {
        String id = r.param("operationId");
        return store.read(tx -> {
            StoredResource record = find(r, tx);
            for (JsonNode op : DeploymentRecords.operations(record)) {
                if (op.path("operationId").asText().equalsIgnoreCase(id)) {
                    return Response.ok(op);
                }
            }
            throw new ArmException(ErrorCode.DEPLOYMENT_OPERATION_NOT_FOUND, "Deployment operation '" + id
                    + "' of deployment '" + record.id().name() + "' could not be found.");
        });
    }

    private Response status(Request r) {
        String id = r.param("operationId");
        Operation op = store.read(tx -> tx.operations().get(id))
                .filter(o -> o.subscriptionId().equalsIgnoreCase(r.param("subscriptionId")))
                .orElseThrow(() -> new ArmException(ErrorCode.OPERATION_NOT_FOUND,
                        "The operation '" + id + "' could not be found."));
        ObjectNode o = Json.object();
        o.put("status", op.status());
        if (op.errorJson() != null) {
            o.set("error", Json.read(op.errorJson()));
        }
        return Response.ok(o);
    }

    private Target target(Request r, String name, String correlationId, Tx tx) {
        StoredResource group = group(r, tx);
        String subscriptionId = group.id().subscriptionId();
        Subscription subscription = tx.subscriptions().get(subscriptionId).orElseThrow(() -> new ArmException(
                ErrorCode.SUBSCRIPTION_NOT_FOUND, "The subscription '" + subscriptionId + "' could not be found."));
        return new Target(group, subscription, name, correlationId, clock.instant());
    }

    private static StoredResource group(Request r, Tx tx) {
        ResourceId id = ResourceId.resourceGroup(r.param("subscriptionId"), r.param("resourceGroupName"));
        return tx.resources().get(id).orElseThrow(() -> NotFound.group(id));
    }

    private static Optional<StoredResource> record(Request r, Tx tx) {
        StoredResource group = group(r, tx);
        ResourceId id = ResourceId.resource(group.id().subscriptionId(), group.id().resourceGroup(), NAMESPACE,
                TYPE_NAME, r.param("deploymentName"));
        return tx.resources().get(id);
    }

    private static StoredResource find(Request r, Tx tx) {
        return record(r, tx).orElseThrow(() -> new ArmException(ErrorCode.DEPLOYMENT_NOT_FOUND, "Deployment '"
                + r.param("deploymentName") + "' could not be found."));
    }

    private static String name(Request r) {
        String name = r.param("deploymentName");
        if (name.length() > MAX_NAME) {
            throw new ArmException(ErrorCode.DEPLOYMENT_NAME_TOO_LONG, "The provided deployment name '" + name
                    + "' has a length of '" + name.length() + "' which exceeds the maximum length of '" + MAX_NAME
                    + "'.");
        }
        if (!NAME.matcher(name).matches()) {
            throw new ArmException(ErrorCode.INVALID_DEPLOYMENT_NAME, "The deployment name '" + name + "' is invalid:"
                    + " it can contain only letters, digits, '-', '.', '_', '(' and ')'.");
        }
        return name;
    }
}
