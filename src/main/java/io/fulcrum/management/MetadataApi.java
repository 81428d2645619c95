package io.fulcrum.management;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.api.Method;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.api.Response;
import io.fulcrum.arm.api.Route;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.json.Json;
import java.util.Set;

/**
 * {@code GET /metadata/endpoints}: the cloud description {@code az cloud register --endpoint-resource-manager}
 * fetches (without a token) when only the ARM endpoint is given. az reads {@code authentication.loginEndpoint} and
 * {@code audiences[0]}; the ADFS-style login endpoint keeps MSAL off the network.
 */
public final class MetadataApi {

    public void register(Router router) {
        router.add(new Route("/metadata/endpoints", Set.of(Method.GET), null, true, this::endpoints));
    }

    private Response endpoints(Request r) {
        String base = r.baseUrl();
        ObjectNode o = Json.object();
        o.put("galleryEndpoint", base + "/");
        o.put("graphEndpoint", base + "/");
        o.put("portalEndpoint", base + "/");
        o.put("resourceManager", base + "/");
        o.put("name", "Fulcrum");
        ObjectNode auth = o.putObject("authentication");
        auth.put("loginEndpoint", base + "/adfs");
        auth.putArray("audiences").add(base + "/");
        auth.put("tenant", "adfs");
        auth.put("identityProvider", "ADFS");
        return Response.ok(o);
    }
}
