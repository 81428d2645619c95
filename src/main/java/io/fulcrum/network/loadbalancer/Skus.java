package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.network.NetworkFields;
import io.fulcrum.store.StoredResource;
import java.util.List;

/**
 * Load balancer and public IP SKUs as stored at the top level of their documents ({@code sku.name},
 * {@code sku.tier}). Both default to Basic (the example LoadBalancerCreate answers {@code "sku":{"name":"Basic"}} to
 * a body without one; a public IP created without a SKU is Basic at these api-versions).
 */
final class Skus {

    static final String BASIC = "Basic";
    static final String STANDARD = "Standard";
    static final String GATEWAY = "Gateway";
    static final String GLOBAL = "Global";

    private static final List<String> NAMES = List.of(BASIC, STANDARD, GATEWAY);
    private static final List<String> TIERS = List.of("Regional", GLOBAL);
    private static final NetworkFields FIELDS = NetworkFields.REQUEST_INVALID;

    private Skus() {
    }

    /** Validates a load balancer's {@code sku} object from a request. */
    static ObjectNode parse(JsonNode sku) {
        if (!sku.isObject()) {
            throw Bodies.wrongType("sku", "a JSON object", sku);
        }
        ObjectNode out = Json.object();
        String name = FIELDS.choice(sku, "name", "sku.name", NAMES).orElse(BASIC);
        String tier = FIELDS.choice(sku, "tier", "sku.tier", TIERS).orElse("Regional");
        if (tier.equals(GLOBAL) && !name.equals(STANDARD)) {
            throw FIELDS.invalid("sku.tier", "a Global (cross-region) load balancer must have sku.name Standard,"
                    + " not " + name + ".");
        }
        out.put("name", name);
        out.put("tier", tier);
        return out;
    }

    static ObjectNode basic() {
        return parse(Json.object());
    }

    static String name(StoredResource resource) {
        return resource.body().path("sku").path("name").asText(BASIC);
    }

    static String tier(StoredResource resource) {
        return resource.body().path("sku").path("tier").asText("Regional");
    }
}
