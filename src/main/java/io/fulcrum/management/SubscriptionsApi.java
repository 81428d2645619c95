package io.fulcrum.management;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.Locations;
import io.fulcrum.arm.api.Method;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.api.Response;
import io.fulcrum.arm.api.Route;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.auth.Access;
import io.fulcrum.arm.json.Json;
import io.fulcrum.store.Store;
import io.fulcrum.store.SubscriptionTable.Subscription;
import java.util.Locale;
import java.util.Set;

/** Subscriptions, tenants and locations: what {@code az login} reads, scoped to the caller's grants. */
public final class SubscriptionsApi {

    private final Store store;
    private final Access access;
    private final String tenantId;

    public SubscriptionsApi(Store store, Access access, String tenantId) {
        this.store = store;
        this.access = access;
        this.tenantId = tenantId;
    }

    public void register(Router router) {
        router.add(new Route("/subscriptions", Set.of(Method.GET), Versions.SUBSCRIPTIONS, false, this::list));
        router.add(new Route("/subscriptions/{subscriptionId}", Set.of(Method.GET), Versions.SUBSCRIPTIONS, false,
                this::get));
        router.add(new Route("/tenants", Set.of(Method.GET), Versions.SUBSCRIPTIONS, false, this::tenants));
        router.add(new Route("/subscriptions/{subscriptionId}/locations", Set.of(Method.GET),
                Versions.SUBSCRIPTIONS, false, this::locations));
    }

    private Response list(Request r) {
        Set<String> granted = access.grantedSubscriptions(r.caller());
        ArrayNode value = Json.array();
        for (Subscription s : store.read(tx -> tx.subscriptions().all())) {
            if (granted.contains(s.subscriptionId().toLowerCase(Locale.ROOT))) {
                value.add(render(s));
            }
        }
        ObjectNode o = Json.object();
        o.set("value", value);
        ObjectNode count = o.putObject("count");
        count.put("type", "Total");
        count.put("value", value.size());
        return Response.ok(o);
    }

    private Response get(Request r) {
        // Access already refused unknown and ungranted subscriptions before this runs.
        Subscription s = store.read(tx -> tx.subscriptions().get(r.param("subscriptionId"))).orElseThrow();
        return Response.ok(render(s));
    }

    private ObjectNode render(Subscription s) {
        ObjectNode o = Json.object();
        o.put("id", "/subscriptions/" + s.subscriptionId());
        o.put("authorizationSource", "RoleBased");
        o.putArray("managedByTenants");
        o.put("subscriptionId", s.subscriptionId());
        o.put("tenantId", s.tenantId());
        o.put("displayName", s.displayName());
        o.put("state", s.state());
        ObjectNode policies = o.putObject("subscriptionPolicies");
        policies.put("locationPlacementId", "Public_2014-09-01");
        policies.put("quotaId", "PayAsYouGo_2014-09-01");
        policies.put("spendingLimit", "Off");
        return o;
    }

    private Response tenants(Request r) {
        ObjectNode t = Json.object();
        t.put("id", "/tenants/" + tenantId);
        t.put("tenantId", tenantId);
        t.put("countryCode", "US");
        t.put("displayName", "Fulcrum");
        t.putArray("domains").add("fulcrum.local");
        t.put("tenantCategory", "Home");
        t.put("defaultDomain", "fulcrum.local");
        t.put("tenantType", "AAD");
        ObjectNode o = Json.object();
        o.putArray("value").add(t);
        return Response.ok(o);
    }

    private Response locations(Request r) {
        ArrayNode value = Json.array();
        for (Locations.Location l : Locations.ALL) {
            ObjectNode o = value.addObject();
            o.put("id", "/subscriptions/" + r.param("subscriptionId") + "/locations/" + l.name());
            o.put("name", l.name());
            o.put("type", "Region");
            o.put("displayName", l.displayName());
            o.put("regionalDisplayName", "(" + l.geography() + ") " + l.displayName());
            ObjectNode m = o.putObject("metadata");
            m.put("regionType", "Physical");
            m.put("regionCategory", "Recommended");
            m.put("geographyGroup", l.geography());
            m.put("latitude", l.latitude());
            m.put("longitude", l.longitude());
            m.putArray("pairedRegion");
        }
        ObjectNode o = Json.object();
        o.set("value", value);
        return Response.ok(o);
    }
}
