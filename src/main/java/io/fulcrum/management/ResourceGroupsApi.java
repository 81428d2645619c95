package io.fulcrum.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.Locations;
import io.fulcrum.arm.Names;
import io.fulcrum.arm.NotFound;
import io.fulcrum.arm.Tags;
import io.fulcrum.arm.api.Method;
import io.fulcrum.arm.api.Paging;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.api.Response;
import io.fulcrum.arm.api.Route;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.etag.Etags;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.lro.Operations;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.ResourceQuery;
import io.fulcrum.store.Store;
import io.fulcrum.store.StoredResource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resource groups: PUT (201 create, 200 replace; synchronous, as ARM), GET, HEAD, PATCH (tags, managedBy), list,
 * and DELETE, a long-running operation that removes everything inside in the same transaction.
 */
public final class ResourceGroupsApi {

    public static final String TYPE = "Microsoft.Resources/resourceGroups";
    private static final String ITEM = "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}";

    /** PUT body. Unknown and read-only members (id, name, type, properties) are ignored. */
    record PutBody(String location, JsonNode tags, String managedBy) {
    }

    /** PATCH body: only what is present changes. */
    record PatchBody(JsonNode tags, String managedBy) {
    }

    private final Store store;
    private final Clock clock;

    public ResourceGroupsApi(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void register(Router router) {
        router.add(new Route("/subscriptions/{subscriptionId}/resourcegroups", Set.of(Method.GET),
                Versions.RESOURCES, false, this::list));
        router.add(new Route(ITEM, Set.of(Method.GET), Versions.RESOURCES, false, this::get));
        router.add(new Route(ITEM, Set.of(Method.HEAD), Versions.RESOURCES, false, this::head));
        router.add(new Route(ITEM, Set.of(Method.PUT), Versions.RESOURCES, false, this::put));
        router.add(new Route(ITEM, Set.of(Method.PATCH), Versions.RESOURCES, false, this::patch));
        router.add(new Route(ITEM, Set.of(Method.DELETE), Versions.RESOURCES, false, this::delete));
    }

    static ResourceId id(Request r) {
        return ResourceId.resourceGroup(r.param("subscriptionId"), Names.resourceGroup(r.param("resourceGroupName")));
    }

    private Response get(Request r) {
        ResourceId id = id(r);
        StoredResource g = store.read(tx -> tx.resources().get(id)).orElseThrow(() -> NotFound.group(id));
        return Response.ok(render(g));
    }

    private Response head(Request r) {
        ResourceId id = id(r);
        boolean exists = store.read(tx -> tx.resources().get(id).isPresent());
        return Response.status(exists ? 204 : 404, null);
    }

    private Response put(Request r) {
        ResourceId id = id(r);
        PutBody body = r.body(PutBody.class);
        if (body.location() == null || body.location().isBlank()) {
            throw new ArmException(ErrorCode.LOCATION_REQUIRED,
                    "The location property is required for this definition.", "location");
        }
        String location = Locations.normalize(body.location()).orElseThrow(() -> new ArmException(
                ErrorCode.LOCATION_NOT_AVAILABLE_FOR_RESOURCE_GROUP, "The provided location '" + body.location()
                + "' is not available for resource group. List of available regions is '" + Locations.names()
                + "'.", "location"));
        ObjectNode tags = Tags.validate(body.tags(), "tags");
        return store.write(tx -> {
            Optional<StoredResource> existing = tx.resources().get(id);
            Etags.check(r, id.toString(), existing.map(StoredResource::etag));
            if (existing.isPresent()) {
                String was = existing.get().body().path("location").asText();
                if (!was.equalsIgnoreCase(location)) {
                    throw new ArmException(ErrorCode.INVALID_RESOURCE_GROUP_LOCATION, "Invalid resource group"
                            + " location '" + body.location() + "'. The Resource group already exists in location '"
                            + was + "'.", "location");
                }
            }
            ObjectNode b = Json.object();
            b.put("location", location);
            if (body.tags() != null) {
                b.set("tags", tags);
            }
            if (body.managedBy() != null) {
                b.put("managedBy", body.managedBy());
            }
            b.putObject("properties").put("provisioningState", "Succeeded");
            StoredResource saved = existing
                    .map(e -> e.withBody(b, Etags.next(), clock.instant()))
                    .orElseGet(() -> new StoredResource(id, TYPE, b, Etags.next(), clock.instant(), clock.instant()));
            tx.resources().put(saved);
            return existing.isPresent() ? Response.ok(render(saved)) : Response.created(render(saved));
        });
    }

    private Response patch(Request r) {
        ResourceId id = id(r);
        PatchBody body = r.body(PatchBody.class);
        ObjectNode tags = Tags.validate(body.tags(), "tags");
        return store.write(tx -> {
            StoredResource g = tx.resources().get(id).orElseThrow(() -> NotFound.group(id));
            Etags.check(r, id.toString(), Optional.of(g.etag()));
            ObjectNode b = g.body();
            if (body.tags() != null) {
                b.set("tags", tags);
            }
            if (body.managedBy() != null) {
                b.put("managedBy", body.managedBy());
            }
            StoredResource saved = g.withBody(b, Etags.next(), clock.instant());
            tx.resources().put(saved);
            return Response.ok(render(saved));
        });
    }

    private Response delete(Request r) {
        ResourceId id = id(r);
        return store.write(tx -> {
            StoredResource g = tx.resources().get(id).orElseThrow(() -> NotFound.group(id));
            Etags.check(r, id.toString(), Optional.of(g.etag()));
            List<Ref> outside = tx.refs().intoTreeFromOutside(id);
            if (!outside.isEmpty()) {
                throw new ArmException(ErrorCode.CONFLICT, "Resource group '" + id.resourceGroup() + "' cannot be"
                        + " deleted: " + outside.get(0).from() + " references " + outside.get(0).to()
                        + ", which is inside it.", id.toString());
            }
            tx.refs().deleteFromTree(id);
            tx.resources().deleteResourceGroup(id.subscriptionId(), id.resourceGroup());
            return Operations.accepted(tx, r, id.subscriptionId(), "Microsoft.Resources",
                    g.body().path("location").asText(), 200, null);
        });
    }

    private Response list(Request r) {
        Map<String, String> filter = Filter.parse(r.query("$filter").orElse(null), Set.of("tagname", "tagvalue"));
        int size = Paging.pageSize(r);
        String after = Paging.after(r);
        ResourceQuery q = ResourceQuery.inSubscription(r.param("subscriptionId")).ofType(TYPE);
        List<StoredResource> rows = store.read(tx -> tx.resources().list(q, after, size));
        List<ObjectNode> items = new ArrayList<>();
        for (StoredResource g : rows) {
            if (GenericResourcesApi.tagsMatch(g.body(), filter)) {
                items.add(render(g));
            }
        }
        String last = rows.size() == size ? rows.get(rows.size() - 1).id().key() : null;
        return Response.ok(Paging.page(items, last, r));
    }

    static ObjectNode render(StoredResource g) {
        ObjectNode body = g.body();
        ObjectNode o = Json.object();
        o.put("id", g.id().toString());
        o.put("name", g.id().name());
        o.put("type", TYPE);
        o.set("location", body.get("location"));
        if (body.has("managedBy")) {
            o.set("managedBy", body.get("managedBy"));
        }
        if (body.has("tags")) {
            o.set("tags", body.get("tags"));
        }
        o.set("properties", body.get("properties"));
        o.put("etag", g.etag());
        return o;
    }
}
