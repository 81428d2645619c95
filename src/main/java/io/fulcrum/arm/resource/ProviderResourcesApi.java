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
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The generic lifecycle every provider resource type plugs into through a {@link ResourceFamily}.
 *
 * <ul>
 *   <li>PUT creates (201) or replaces (200), never 202. The write is applied inside one transaction before the
 *   answer, so it answers {@code provisioningState: Succeeded} with no LRO header, which every client accepts
 *   without polling (clients.md 5.1).</li>
 *   <li>DELETE answers 202 with {@code Azure-AsyncOperation}, {@code Location} and {@code Retry-After: 1}; the
 *   operation is already finished when the client polls. DELETE of an absent resource is 204.</li>
 *   <li>PATCH of tracked resources takes {@code {"tags":{...}}} and replaces the tags.</li>
 *   <li>Lists: per resource group (or per parent, for child types) and, for top-level types, per subscription.</li>
 * </ul>
 */
public final class ProviderResourcesApi {

    /** Microsoft.Network's rule for resource names; its own wording of the error. */
    private static final Pattern NAME = Pattern.compile("^[\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_.-]{0,78}[\\p{L}\\p{N}_])?$");

    private final Store store;
    private final Clock clock;

    public ProviderResourcesApi(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
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
        router.add(new Route(item, Set.of(Method.PUT), versions, false, r -> put(r, family), type));
        router.add(new Route(item, Set.of(Method.DELETE), versions, false, r -> delete(r, family), type));
        if (family.tracked()) {
            router.add(new Route(item, Set.of(Method.PATCH), versions, false, r -> patch(r, family), type));
            router.add(new Route("/subscriptions/{subscriptionId}/providers/" + family.type().namespace() + "/"
                    + family.type().type(), Set.of(Method.GET), versions, false, r -> listAll(r, family), type));
        }
        router.add(new Route(collection, Set.of(Method.GET), versions, false, r -> list(r, family), type));
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
            return Response.ok(render(s, family, tx));
        });
    }

    private Response put(Request r, ResourceFamily family) {
        ResourceId requested = id(r, family);
        if (!NAME.matcher(requested.name()).matches()) {
            throw new ArmException(ErrorCode.INVALID_RESOURCE_NAME, "Resource name " + requested.name()
                    + " is invalid. The name can be up to 80 characters long. It must begin with a word character,"
                    + " and it must end with a word character or with '_'. The name may contain word characters or"
                    + " '.', '-', '_'.", "name");
        }
        JsonNode body = r.json();
        ObjectNode envelope = Json.object();
        if (family.tracked()) {
            envelope = trackedEnvelope(body, family);
        }
        ObjectNode properties = Bodies.object(body, "properties", "properties");
        properties.remove(List.of("provisioningState", "resourceGuid"));
        ObjectNode env = envelope;
        return store.write(tx -> {
            requireContainers(requested, tx);
            Optional<StoredResource> existing = tx.resources().get(requested);
            ResourceId id = existing.map(StoredResource::id).orElse(requested);
            Etags.check(r, id.toString(), existing.map(StoredResource::etag));
            if (existing.isPresent() && env.has("location")) {
                String was = existing.get().body().path("location").asText();
                if (!was.equalsIgnoreCase(env.path("location").asText())) {
                    throw new ArmException(ErrorCode.INVALID_RESOURCE_LOCATION, "The resource '" + id.name()
                            + "' already exists in location '" + was + "' in resource group '"
                            + id.resourceGroup() + "'. A resource with the same name cannot be created in location '"
                            + env.path("location").asText() + "'.", "location");
                }
            }
            ObjectNode stored = env.deepCopy();
            ObjectNode props = family.prepare(id, properties, existing, tx);
            props.put("provisioningState", "Succeeded");
            if (family.tracked()) {
                String guid = existing.map(e -> e.body().path("properties").path("resourceGuid").asText(null))
                        .orElseGet(() -> UUID.randomUUID().toString());
                props.put("resourceGuid", guid);
            }
            stored.set("properties", props);
            StoredResource saved = existing
                    .map(e -> e.withBody(stored, Etags.next(), clock.instant()))
                    .orElseGet(() -> new StoredResource(id, family.type().qualified(), stored, Etags.next(),
                            clock.instant(), clock.instant()));
            tx.resources().put(saved);
            ObjectNode rendered = render(saved, family, tx);
            return existing.isPresent() ? Response.ok(rendered) : Response.created(rendered);
        });
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
            StoredResource saved = s.withBody(b, Etags.next(), clock.instant());
            tx.resources().put(saved);
            return Response.ok(render(saved, family, tx));
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
            family.beforeDelete(s.get(), tx);
            tx.resources().deleteTree(id);
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

    private Response page(List<StoredResource> rows, int size, ResourceFamily family, Tx tx, Request r) {
        List<ObjectNode> items = new ArrayList<>();
        for (StoredResource s : rows) {
            items.add(render(s, family, tx));
        }
        String last = rows.size() == size ? rows.get(rows.size() - 1).id().key() : null;
        return Response.ok(Paging.page(items, last, r));
    }

    /** The resource as clients see it: envelope, stored properties and derived back-references. */
    public static ObjectNode render(StoredResource s, ResourceFamily family, Tx tx) {
        ObjectNode body = s.body();
        ObjectNode o = Json.object();
        o.put("name", s.id().name());
        o.put("id", s.id().toString());
        o.put("etag", s.etag());
        o.put("type", family.type().qualified());
        body.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("properties")) {
                o.set(e.getKey(), e.getValue());
            }
        });
        ObjectNode props = body.path("properties").isObject() ? (ObjectNode) body.get("properties") : Json.object();
        family.derive(s, props, tx);
        o.set("properties", props);
        return o;
    }
}
