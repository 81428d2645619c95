package io.fulcrum.arm.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.Locations;
import io.fulcrum.arm.NotFound;
import io.fulcrum.arm.Tags;
import io.fulcrum.arm.api.Method;
import io.fulcrum.arm.api.Paging;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.api.Response;
import io.fulcrum.arm.api.Route;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.auth.Caller;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.etag.Etags;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.lro.Operations;
import io.fulcrum.store.ResourceQuery;
import io.fulcrum.store.Store;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The routes of the generic lifecycle, for every registered {@link ResourceFamily}.
 *
 * <ul>
 *   <li>PUT creates (201) or replaces (200), never 202. The write is applied inside one transaction before the
 *   answer, so it answers {@code provisioningState: Succeeded} with no LRO header, which every client accepts
 *   without polling (clients.md 5.1).</li>
 *   <li>DELETE answers 202 with {@code Azure-AsyncOperation}, {@code Location} and {@code Retry-After: 1}; the
 *   operation is already finished when the client polls. DELETE of an absent resource is 204. A resource that
 *   others still reference is not deleted; the error names them.</li>
 *   <li>PATCH of tracked resources takes {@code {"tags":{...}}} and replaces the tags.</li>
 *   <li>Lists: per resource group (or per parent, for child types) and, for top-level types, per subscription.</li>
 * </ul>
 */
public final class ProviderResourcesApi {

    private final Store store;
    private final ResourceWriter writer;

    public ProviderResourcesApi(Store store, Clock clock) {
        this.store = store;
        this.writer = new ResourceWriter(clock);
    }

    public void register(Router router, ResourceFamily family) {
        String[] types = family.type().type().split("/");
        StringBuilder path = new StringBuilder("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}"
                + "/providers/" + family.type().namespace());
        for (int i = 0; i < types.length - 1; i++) {
            path.append('/').append(types[i]).append("/{name").append(i).append('}');
        }
        String collection = path + "/" + types[types.length - 1];
        String item = collection + "/{name" + (types.length - 1) + "}";
        var versions = family.type().versions();
        String type = family.type().qualified();
        router.add(new Route(item, Set.of(Method.GET), versions, false, r -> get(r, family), type));
        if (family.tracked() || family.writableAsChild()) {
            router.add(new Route(item, Set.of(Method.PUT), versions, false, r -> put(r, family), type));
            router.add(new Route(item, Set.of(Method.DELETE), versions, false, r -> delete(r, family), type));
        }
        if (family.tracked()) {
            router.add(new Route(item, Set.of(Method.PATCH), versions, false, r -> patch(r, family), type));
            router.add(new Route("/subscriptions/{subscriptionId}/providers/" + family.type().namespace() + "/"
                    + family.type().type(), Set.of(Method.GET), versions, false, r -> listAll(r, family), type));
        }
        router.add(new Route(collection, Set.of(Method.GET), versions, false, r -> list(r, family), type));
        family.registerExtraRoutes(router, store);
    }

    private static ResourceId id(Request r, ResourceFamily family) {
        String[] types = family.type().type().split("/");
        if (types.length == 1) {
            return ResourceId.resource(r.param("subscriptionId"), r.param("resourceGroupName"),
                    family.type().namespace(), types[0], r.param("name0"));
        }
        return parentId(r, family).child(types[types.length - 1], r.param("name" + (types.length - 1)));
    }

    /** For child types: the enclosing resource named by the path (it is all a collection path names). */
    private static ResourceId parentId(Request r, ResourceFamily family) {
        String[] types = family.type().type().split("/");
        ResourceId id = ResourceId.resource(r.param("subscriptionId"), r.param("resourceGroupName"),
                family.type().namespace(), types[0], r.param("name0"));
        for (int i = 1; i < types.length - 1; i++) {
            id = id.child(types[i], r.param("name" + i));
        }
        return id;
    }

    /** The group, and for child types the parent, must exist; answers the 404 ARM gives when they do not. */
    private static void requireContainers(ResourceId id, Tx tx) {
        if (tx.resources().get(id.groupId()).isEmpty()) {
            throw NotFound.group(id.groupId());
        }
        Optional<ResourceId> parent = id.parent();
        if (parent.isPresent() && tx.resources().get(parent.get()).isEmpty()) {
            throw NotFound.resource(parent.get());
        }
    }

    private Response get(Request r, ResourceFamily family) {
        ResourceId id = id(r, family);
        return store.read(tx -> {
            requireContainers(id, tx);
            StoredResource s = tx.resources().get(id).orElseThrow(() -> NotFound.resource(id));
            return Response.ok(ResourceWriter.render(s, family, tx));
        });
    }

    private Response put(Request r, ResourceFamily family) {
        ResourceId requested = id(r, family);
        // ARM refuses a bad name before it reads the body; apply() checks it again for deployments.
        ResourceWriter.checkName(requested.name(), "name");
        JsonNode body = r.json();
        return store.write(tx -> {
            Put put = apply(family, requested, body, tx, r.caller(),
                    (id, existing) -> Etags.check(r, id.toString(), existing.map(StoredResource::etag)));
            return put.created() ? Response.created(put.rendered()) : Response.ok(put.rendered());
        });
    }

    /** What {@link #apply} did: the resource as rendered after the write, and whether the PUT created it. */
    public record Put(ResourceId id, ObjectNode rendered, boolean created) {
    }

    /** Runs before anything is written, with the stored resource (if any): the REST PUT checks If-Match here. */
    @FunctionalInterface
    public interface Precondition {
        void check(ResourceId id, Optional<StoredResource> existing);
    }

    /**
     * Applies one PUT body to a resource inside the caller's transaction. This is the write path of the REST PUT
     * and of template deployments alike, so a resource a template declares is validated exactly as if it had been
     * PUT directly; an ArmException leaves the transaction to be rolled back.
     *
     * @param caller who writes (the REST caller, or the one who deployed the template)
     */
    public Put apply(ResourceFamily family, ResourceId requested, JsonNode body, Tx tx, Caller caller,
                     Precondition precondition) {
        ResourceWriter.checkName(requested.name(), "name");
        ObjectNode envelope = family.tracked() ? trackedEnvelope(body, family) : Json.object();
        ObjectNode properties = Bodies.object(body, "properties", "properties");
        requireContainers(requested, tx);
        Optional<StoredResource> existing = tx.resources().get(requested);
        ResourceId id = existing.map(StoredResource::id).orElse(requested);
        precondition.check(id, existing);
        if (existing.isPresent() && envelope.has("location")) {
            String was = existing.get().body().path("location").asText();
            if (!was.equalsIgnoreCase(envelope.path("location").asText())) {
                throw new ArmException(ErrorCode.INVALID_RESOURCE_LOCATION, "The resource '" + id.name()
                        + "' already exists in location '" + was + "' in resource group '"
                        + id.resourceGroup() + "'. A resource with the same name cannot be created in location '"
                        + envelope.path("location").asText() + "'.", "location");
            }
        }
        ObjectNode stored = envelope.deepCopy();
        stored.setAll(family.envelope(id, body, existing));
        StoredResource saved = writer.write(family, id, stored, properties, existing, tx, "properties", caller);
        if (existing.isPresent() && saved == existing.get()) {
            // Nothing changed, but a PUT is a write: ARM hands out a new etag for it.
            saved = writer.touch(saved, tx);
        }
        writer.touchAncestors(id, tx);
        return new Put(id, ResourceWriter.render(saved, family, tx), existing.isEmpty());
    }

    private static ObjectNode trackedEnvelope(JsonNode body, ResourceFamily family) {
        String given = Bodies.string(body, "location", "location");
        if (given == null || given.isBlank()) {
            throw new ArmException(ErrorCode.LOCATION_REQUIRED,
                    "The location property is required for this definition.", "location");
        }
        String location = Locations.normalize(given).orElseThrow(() -> new ArmException(
                ErrorCode.LOCATION_NOT_AVAILABLE_FOR_RESOURCE_TYPE, "The provided location '" + given
                + "' is not available for resource type '" + family.type().qualified() + "'. List of available"
                + " regions for the resource type is '" + Locations.names() + "'.", "location"));
        ObjectNode envelope = Json.object();
        envelope.put("location", location);
        JsonNode tags = Bodies.field(body, "tags");
        if (tags != null && !tags.isNull()) {
            envelope.set("tags", Tags.validate(tags, "tags"));
        }
        return envelope;
    }

    private Response patch(Request r, ResourceFamily family) {
        ResourceId id = id(r, family);
        JsonNode body = r.json();
        JsonNode tagsNode = Bodies.field(body, "tags");
        ObjectNode tags = tagsNode == null ? null : Tags.validate(tagsNode, "tags");
        return store.write(tx -> {
            requireContainers(id, tx);
            StoredResource s = tx.resources().get(id).orElseThrow(() -> NotFound.resource(id));
            Etags.check(r, id.toString(), Optional.of(s.etag()));
            ObjectNode b = s.body();
            if (tags != null) {
                b.set("tags", tags);
            }
            StoredResource saved = writer.touch(s.withBody(b, s.etag(), s.changedTime()), tx);
            return Response.ok(ResourceWriter.render(saved, family, tx));
        });
    }

    private Response delete(Request r, ResourceFamily family) {
        ResourceId id = id(r, family);
        return store.write(tx -> {
            Optional<StoredResource> group = tx.resources().get(id.groupId());
            if (group.isEmpty()) {
                throw NotFound.group(id.groupId());
            }
            Optional<StoredResource> s = tx.resources().get(id);
            if (s.isEmpty()) {
                return Response.noContent();
            }
            Etags.check(r, id.toString(), Optional.of(s.get().etag()));
            writer.delete(family, s.get(), tx);
            writer.touchAncestors(id, tx);
            String location = locationOf(s.get(), tx).orElse(group.get().body().path("location").asText());
            return Operations.accepted(tx, r, id.subscriptionId(), family.type().namespace(), location, 204, null);
        });
    }

    /** A child resource's location is its top-level ancestor's. */
    private static Optional<String> locationOf(StoredResource s, Tx tx) {
        if (s.body().has("location")) {
            return Optional.of(s.body().path("location").asText());
        }
        ResourceId top = s.id();
        while (top.parent().isPresent()) {
            top = top.parent().get();
        }
        return tx.resources().get(top).map(t -> t.body().path("location").asText(null));
    }

    private Response list(Request r, ResourceFamily family) {
        int size = Paging.pageSize(r);
        String after = Paging.after(r);
        ResourceId group = ResourceId.resourceGroup(r.param("subscriptionId"), r.param("resourceGroupName"));
        return store.read(tx -> {
            if (tx.resources().get(group).isEmpty()) {
                throw NotFound.group(group);
            }
            ResourceQuery q = ResourceQuery.inSubscription(group.subscriptionId()).inGroup(group.resourceGroup())
                    .ofType(family.type().qualified());
            if (!family.tracked()) {
                ResourceId parent = parentId(r, family);
                if (tx.resources().get(parent).isEmpty()) {
                    throw NotFound.resource(parent);
                }
                q = q.childrenOf(parent);
            }
            return page(tx.resources().list(q, after, size), size, family, tx, r);
        });
    }

    private Response listAll(Request r, ResourceFamily family) {
        int size = Paging.pageSize(r);
        String after = Paging.after(r);
        ResourceQuery q = ResourceQuery.inSubscription(r.param("subscriptionId")).ofType(family.type().qualified());
        return store.read(tx -> page(tx.resources().list(q, after, size), size, family, tx, r));
    }

    private static Response page(List<StoredResource> rows, int size, ResourceFamily family, Tx tx, Request r) {
        List<ObjectNode> items = new ArrayList<>();
        for (StoredResource s : rows) {
            items.add(ResourceWriter.render(s, family, tx));
        }
        String last = rows.size() == size ? rows.get(rows.size() - 1).id().key() : null;
        return Response.ok(Paging.page(items, last, r));
    }
}
