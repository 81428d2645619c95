package io.fulcrum.arm.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.error.UnresolvedReference;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.Optional;

/**
 * Reference objects ({@code {"id": "..."}}) in request bodies. Clients attach model-default junk to them
 * ({@code az network nic create} sends a subnet reference with {@code properties}), so only {@code id} is read.
 * A reference is checked on write, with the codes Azure uses, and stored as {@code {"id": <the target's own
 * spelling>}}.
 */
public final class References {

    private References() {
    }

    /**
     * Resolves a reference that must name an existing resource of {@code expectedType}.
     *
     * @param node the reference object from the request (may be null: then empty)
     * @param path its JSON path, for errors
     * @param from the resource making the reference, for errors
     */
    public static Optional<StoredResource> resolve(JsonNode node, String path, String expectedType, ResourceId from,
                                                   Tx tx) {
        Optional<ResourceId> id = parse(node, path, expectedType);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        StoredResource target = tx.resources().get(id.get()).orElseThrow(() -> new UnresolvedReference(id.get(), from,
                path + ".id"));
        return Optional.of(target);
    }

    /** Parses and type-checks a reference without looking it up (the target may be written later in the tx). */
    public static Optional<ResourceId> parse(JsonNode node, String path, String expectedType) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw Bodies.wrongType(path, "a reference object {\"id\": \"...\"}", node);
        }
        String text = Bodies.string(node, "id", path + ".id");
        if (text == null) {
            throw new ArmException(ErrorCode.LINKED_INVALID_PROPERTY_ID, "Property id '' at path '" + path
                    + ".id' is invalid: a reference needs the 'id' of the resource it names.", path + ".id");
        }
        ResourceId id = ResourceId.parse(text).filter(i -> !i.isResourceGroup()).orElseThrow(() -> new ArmException(
                ErrorCode.LINKED_INVALID_PROPERTY_ID, "Property id '" + text + "' at path '" + path + ".id' is"
                + " invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}'"
                + " or '/providers/{resourceProviderNamespace}/'.", path + ".id"));
        if (!id.type().equalsIgnoreCase(expectedType)) {
            throw new ArmException(ErrorCode.INVALID_REFERENCE_WRONG_TYPE, "The reference '" + text + "' at '"
                    + path + ".id' names a resource of type '" + id.type() + "'; expected '" + expectedType + "'.",
                    path + ".id");
        }
        return Optional.of(id);
    }

    /** The stored form of a reference. */
    public static ObjectNode ref(ResourceId id) {
        ObjectNode o = Json.object();
        o.put("id", id.toString());
        return o;
    }
}
