package io.fulcrum.network.publicip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.network.NetworkFields;
import io.fulcrum.store.StoredResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A public IP's top-level members besides location and tags: {@code sku}, {@code zones} and
 * {@code extendedLocation}, with the rules that tie them to the allocation method.
 */
final class PublicIpEnvelope {

    static final String STANDARD = "Standard";
    private static final NetworkFields FIELDS = NetworkFields.CANNOT_PARSE;

    private PublicIpEnvelope() {
    }

    static ObjectNode read(ResourceId id, JsonNode body, Optional<StoredResource> existing) {
        ObjectNode out = Json.object();
        out.set("sku", sku(body, existing));
        // Azure's default method is Dynamic whatever the SKU, so a Standard IP that names no method is refused too
        // (pulumi/pulumi-azure-native#1597 shows exactly that request and answer).
        JsonNode properties = Bodies.object(body, "properties", "properties");
        String method = PublicIpAddresses.allocationMethod(properties);
        if (STANDARD.equals(out.path("sku").path("name").asText()) && !method.equals("Static")) {
            throw new ArmException(ErrorCode.STANDARD_SKU_PIP_MUST_BE_STATIC, "Standard sku publicIp " + id
                    + " must have AllocationMethod set to Static; properties.publicIPAllocationMethod is " + method
                    + ".", "properties.publicIPAllocationMethod");
        }
        ArrayNode zones = zones(body);
        List<String> before = existing.map(e -> strings(e.body().path("zones"))).orElse(null);
        if (before != null && !before.equals(strings(zones))) {
            throw new ArmException(ErrorCode.ZONES_CANNOT_BE_MODIFIED, "Resource " + id + " has an existing"
                    + " availability zone constraint " + describe(before) + " and the request has availability zone"
                    + " constraint " + describe(strings(zones)) + ", which do not match. Zones cannot be"
                    + " added/updated/removed once the resource is created. The resource cannot be updated from"
                    + " regional to zonal or vice-versa.", "zones");
        }
        if (!zones.isEmpty()) {
            out.set("zones", zones);
        }
        JsonNode extended = Bodies.field(body, "extendedLocation");
        if (extended != null && !extended.isNull()) {
            out.set("extendedLocation", Bodies.object(body, "extendedLocation", "extendedLocation"));
        }
        return out;
    }

    /**
     * Basic unless named; a PUT that leaves the SKU out keeps the stored one rather than silently downgrading a
     * Standard address. The tier is Regional unless named, as Azure renders it.
     */
    private static ObjectNode sku(JsonNode body, Optional<StoredResource> existing) {
        JsonNode given = Bodies.field(body, "sku");
        if ((given == null || given.isNull()) && existing.isPresent()) {
            return (ObjectNode) existing.get().body().path("sku");
        }
        ObjectNode sku = Bodies.object(body, "sku", "sku");
        ObjectNode out = Json.object();
        out.put("name", FIELDS.choice(sku, "name", "sku.name", List.of("Basic", STANDARD)).orElse("Basic"));
        out.put("tier", FIELDS.choice(sku, "tier", "sku.tier", List.of("Regional", "Global"))
                .orElse("Regional"));
        return out;
    }

    private static ArrayNode zones(JsonNode body) {
        JsonNode given = NetworkFields.array(body, "zones", "zones");
        ArrayNode zones = Json.array();
        for (int i = 0; i < given.size(); i++) {
            if (!given.get(i).isTextual() || given.get(i).asText().isBlank()) {
                throw Bodies.wrongType("zones[" + i + "]", "a zone name such as \"1\"", given.get(i));
            }
            zones.add(given.get(i).asText());
        }
        return zones;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(z -> out.add(z.asText()));
        out.sort(null);
        return out;
    }

    private static String describe(List<String> zones) {
        return zones.isEmpty() ? "NoZone" : String.join(", ", zones);
    }
}
