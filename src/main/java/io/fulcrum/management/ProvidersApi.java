package io.fulcrum.management;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.Locations;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.ResourceTypes;
import io.fulcrum.arm.api.Method;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.api.Response;
import io.fulcrum.arm.api.Route;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.json.Json;
import java.util.List;
import java.util.Set;

/**
 * Provider metadata from the type registry. Versions are listed newest first: {@code az resource} takes the first
 * non-preview entry when the user gives no {@code --api-version}.
 */
public final class ProvidersApi {

    private final ResourceTypes types;

    public ProvidersApi(ResourceTypes types) {
        this.types = types;
    }

    public void register(Router router) {
        router.add(new Route("/subscriptions/{subscriptionId}/providers", Set.of(Method.GET), Versions.RESOURCES,
                false, this::list));
        router.add(new Route("/subscriptions/{subscriptionId}/providers/{namespace}", Set.of(Method.GET),
                Versions.RESOURCES, false, this::get));
        router.add(new Route("/providers/{namespace}", Set.of(Method.GET), Versions.RESOURCES, false,
                r -> Response.ok(render(null, namespace(r.param("namespace"))))));
    }

    private Response list(Request r) {
        ArrayNode value = Json.array();
        for (String ns : types.namespaces()) {
            value.add(render(r.param("subscriptionId"), ns));
        }
        ObjectNode o = Json.object();
        o.set("value", value);
        return Response.ok(o);
    }

    private Response get(Request r) {
        return Response.ok(render(r.param("subscriptionId"), namespace(r.param("namespace"))));
    }

    private String namespace(String given) {
        List<ResourceType> in = types.inNamespace(given);
        if (in.isEmpty()) {
            throw new ArmException(ErrorCode.INVALID_RESOURCE_NAMESPACE, "The resource namespace '" + given
                    + "' is invalid. Fulcrum serves: " + String.join(", ", types.namespaces()) + ".");
        }
        return in.get(0).namespace();
    }

    private ObjectNode render(String subscriptionId, String namespace) {
        ObjectNode o = Json.object();
        o.put("id", (subscriptionId == null ? "" : "/subscriptions/" + subscriptionId) + "/providers/" + namespace);
        o.put("namespace", namespace);
        o.put("registrationState", "Registered");
        o.put("registrationPolicy", "RegistrationRequired");
        ArrayNode rts = o.putArray("resourceTypes");
        for (ResourceType t : types.inNamespace(namespace)) {
            ObjectNode rt = rts.addObject();
            rt.put("resourceType", t.type());
            ArrayNode locs = rt.putArray("locations");
            Locations.ALL.forEach(l -> locs.add(l.displayName()));
            ArrayNode versions = rt.putArray("apiVersions");
            t.versions().versions().forEach(versions::add);
            rt.put("defaultApiVersion", t.versions().versions().get(0));
            rt.put("capabilities", "None");
        }
        return o;
    }
}
