package io.fulcrum.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.Locations;
import io.fulcrum.arm.NotFound;
import io.fulcrum.arm.api.Method;
import io.fulcrum.arm.api.Paging;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.api.Response;
import io.fulcrum.arm.api.Route;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.store.ResourceQuery;
import io.fulcrum.store.Store;
import io.fulcrum.store.StoredResource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The generic lists {@code /subscriptions/{s}/resources} and {@code .../resourceGroups/{rg}/resources}: every
 * top-level resource of every family, with the {@code $filter}, {@code $expand} and {@code $top} forms az uses.
 * An empty result is a 200 with an empty list (az even asks for {@code name eq 'None'}).
 */
public final class GenericResourcesApi {

    private static final Set<String> FILTER_FIELDS = Set.of("resourcegroup", "name", "resourcetype", "location",
            "tagname", "tagvalue");
    /** Deployment records are stored as rows too, but ARM does not list them among a group's resources. */
    private static final String DEPLOYMENTS = "Microsoft.Resources/deployments";
    private static final Set<String> EXPANDABLE = Set.of("createdtime", "changedtime", "provisioningstate");

    private final Store store;

    public GenericResourcesApi(Store store) {
        this.store = store;
    }

    public void register(Router router) {
        router.add(new Route("/subscriptions/{subscriptionId}/resources", Set.of(Method.GET), Versions.RESOURCES,
                false, r -> list(r, null)));
        router.add(new Route("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/resources",
                Set.of(Method.GET), Versions.RESOURCES, false, r -> list(r, ResourceGroupsApi.id(r))));
    }

    private Response list(Request r, ResourceId group) {
        Map<String, String> filter = Filter.parse(r.query("$filter").orElse(null), FILTER_FIELDS);
        Set<String> expand = expand(r);
        int size = Paging.pageSize(r);
        String after = Paging.after(r);
        ResourceQuery q = ResourceQuery.inSubscription(r.param("subscriptionId"))
                .excluding(ResourceGroupsApi.TYPE).topLevel();
        if (group != null) {
            q = q.inGroup(group.resourceGroup());
        } else if (filter.containsKey("resourcegroup")) {
            q = q.inGroup(filter.get("resourcegroup"));
        }
        if (filter.containsKey("name")) {
            q = q.named(filter.get("name"));
        }
        if (filter.containsKey("resourcetype")) {
            q = q.ofType(filter.get("resourcetype"));
        }
        ResourceQuery query = q;
        List<StoredResource> rows = store.read(tx -> {
            if (group != null && tx.resources().get(group).isEmpty()) {
                throw NotFound.group(group);
            }
            return tx.resources().list(query, after, size);
        });
        String location = filter.containsKey("location")
                ? Locations.normalize(filter.get("location")).orElse(filter.get("location")) : null;
        List<ObjectNode> items = new ArrayList<>();
        for (StoredResource res : rows) {
            if (res.type().equalsIgnoreCase(DEPLOYMENTS)) {
                continue;
            }
            ObjectNode body = res.body();
            if (location != null && !location.equalsIgnoreCase(body.path("location").asText())) {
                continue;
            }
            if (tagsMatch(body, filter)) {
                items.add(render(res, expand));
            }
        }
        String last = rows.size() == size ? rows.get(rows.size() - 1).id().key() : null;
        return Response.ok(Paging.page(items, last, r));
    }

    private static Set<String> expand(Request r) {
        Set<String> out = new HashSet<>();
        r.query("$expand").ifPresent(e -> Arrays.stream(e.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(EXPANDABLE::contains)
                .forEach(out::add));
        return out;
    }

    /** tagName / tagValue filters, as ARM applies them: a tag with that name (and that value, when given). */
    static boolean tagsMatch(JsonNode body, Map<String, String> filter) {
        String name = filter.get("tagname");
        if (name == null) {
            return true;
        }
        JsonNode tags = body.path("tags");
        for (var it = tags.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)
                    && (!filter.containsKey("tagvalue") || e.getValue().asText().equals(filter.get("tagvalue")))) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode render(StoredResource res, Set<String> expand) {
        ObjectNode body = res.body();
        ObjectNode o = Json.object();
        o.put("id", res.id().toString());
        o.put("name", res.id().name());
        o.put("type", res.type());
        for (String field : List.of("kind", "location", "extendedLocation", "managedBy", "sku", "zones", "tags")) {
            if (body.has(field)) {
                o.set(field, body.get(field));
            }
        }
        if (expand.contains("createdtime")) {
            o.put("createdTime", res.createdTime().toString());
        }
        if (expand.contains("changedtime")) {
            o.put("changedTime", res.changedTime().toString());
        }
        if (expand.contains("provisioningstate")) {
            o.put("provisioningState", body.path("properties").path("provisioningState").asText("Succeeded"));
        }
        return o;
    }
}
