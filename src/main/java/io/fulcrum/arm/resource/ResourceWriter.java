package io.fulcrum.arm.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.auth.Caller;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.error.UnresolvedReference;
import io.fulcrum.arm.etag.Etags;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.ResourceQuery;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes, deletes and renders resources of any family inside a caller's transaction: the part of the lifecycle
 * that the PUT/DELETE routes and template deployments share. A resource and each of its inline children are rows
 * of their own; the reference index is rewritten with every row, so back-references never go stale.
 */
public final class ResourceWriter {

    /** Microsoft.Network's rule for resource names (its own wording is used in the error). */
    private static final Pattern NAME = Pattern.compile("^[\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_.-]{0,78}[\\p{L}\\p{N}_])?$");

    /** Child collections are read whole; nothing Azure allows comes near this many children. */
    private static final int ALL_CHILDREN = 1_000_000;

    private final Clock clock;

    public ResourceWriter(Clock clock) {
        this.clock = clock;
    }

    public static void checkName(String name, String path) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ArmException(ErrorCode.INVALID_RESOURCE_NAME, "Resource name " + name + " is invalid. The"
                    + " name can be up to 80 characters long. It must begin with a word character, and it must end"
                    + " with a word character or with '_'. The name may contain word characters or '.', '-', '_'.",
                    path);
        }
    }

    /** A stored child its parent's PUT no longer lists. */
    private record Dropped(ResourceFamily family, StoredResource row, String path) {
    }

    /**
     * Stores one resource and, recursively, the inline children its request carries, then runs the family's
     * {@link ResourceFamily#validate}. An inline collection that is absent from the request keeps the stored
     * children (a client on an older api-version may not know it); one that is present replaces them: listed
     * children are created or replaced (unchanged ones keep their etag) and the others are deleted, refused if
     * still referenced.
     *
     * @param envelope   top-level members to store besides properties (location, tags, sku ...)
     * @param properties the request's properties, read-only members included (they are dropped here)
     * @param path       the JSON path of {@code properties} in the request, for error messages
     * @param caller     who writes: a reference into another subscription needs their access there
     */
    public StoredResource write(ResourceFamily family, ResourceId id, ObjectNode envelope, ObjectNode properties,
                                Optional<StoredResource> existing, Tx tx, String path, Caller caller) {
        List<Written> children = new ArrayList<>();
        StoredResource saved = writeTree(family, id, envelope, properties, existing, tx, path, caller, children);
        for (Written child : children) {
            tx.resources().get(child.id()).ifPresent(row -> {
                try {
                    child.family().validate(row, tx);
                } catch (ArmException e) {
                    throw located(e, child.path());
                }
            });
        }
        family.validate(saved, tx);
        return saved;
    }

    /** An inline child written by this request, to be validated once the whole request is written. */
    private record Written(ResourceFamily family, ResourceId id, String path) {
    }

    private StoredResource writeTree(ResourceFamily family, ResourceId id, ObjectNode envelope,
                                     ObjectNode properties, Optional<StoredResource> existing, Tx tx, String path,
                                     Caller caller, List<Written> written) {
        ObjectNode request = properties.deepCopy();
        request.remove(List.of("provisioningState", "resourceGuid"));
        Map<String, JsonNode> inline = new LinkedHashMap<>();
        for (String name : family.inlineChildren().keySet()) {
            JsonNode value = Bodies.field(request, name);
            removeIgnoringCase(request, name);
            if (value != null && !value.isNull()) {
                if (!value.isArray()) {
                    throw Bodies.wrongType(path + "." + name, "a JSON array", value);
                }
                inline.put(name, value);
            }
        }
        ObjectNode props;
        try {
            props = family.prepare(id, request, existing, tx);
        } catch (UnresolvedReference e) {
            // ARM checks linked access before the provider looks anything up.
            LinkedAccess.check(caller, family, id, List.of(new Ref(id, e.missing(), "unresolved")), tx);
            throw e;
        }
        props.put("provisioningState", "Succeeded");
        if (family.tracked()) {
            props.put("resourceGuid", existing.map(e -> e.body().path("properties").path("resourceGuid")
                    .asText(null)).orElseGet(() -> UUID.randomUUID().toString()));
        }
        ObjectNode body = envelope.deepCopy();
        body.set("properties", props);
        StoredResource saved;
        if (existing.isPresent() && existing.get().body().equals(body)) {
            saved = existing.get();
        } else {
            saved = existing.map(e -> e.withBody(body, Etags.next(), clock.instant()))
                    .orElseGet(() -> new StoredResource(id, family.type().qualified(), body, Etags.next(),
                            clock.instant(), clock.instant()));
            tx.resources().put(saved);
        }
        List<Ref> refs = family.references(id, props);
        LinkedAccess.check(caller, family, id, refs, tx);
        tx.refs().replaceFrom(id, refs);
        List<Dropped> dropped = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : inline.entrySet()) {
            dropped.addAll(writeChildren(family.inlineChildren().get(e.getKey()), id, (ArrayNode) e.getValue(), tx,
                    path + "." + e.getKey(), caller, written));
        }
        // Dropped children go only after every listed one is written, latest collection first: a rule that named a
        // probe has by then been rewritten without it (or dropped itself), so only real users still hold the probe.
        for (int i = dropped.size() - 1; i >= 0; i--) {
            remove(dropped.get(i), id, tx);
        }
        return saved;
    }

    /** Writes the listed children; returns the stored ones the list leaves out, for the caller to remove. */
    private List<Dropped> writeChildren(ResourceFamily childFamily, ResourceId parent, ArrayNode items, Tx tx,
                                        String path, Caller caller, List<Written> written) {
        String[] types = childFamily.type().type().split("/");
        String childType = types[types.length - 1];
        Map<String, JsonNode> wanted = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String itemPath = path + "[" + i + "]";
            if (!item.isObject()) {
                throw Bodies.wrongType(itemPath, "a JSON object", item);
            }
            String name = Bodies.string(item, "name", itemPath + ".name");
            if (name == null || name.isBlank()) {
                throw new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "Cannot parse the request: '" + itemPath
                        + ".name' is required.", itemPath + ".name");
            }
            checkName(name, itemPath + ".name");
            if (wanted.put(name.toLowerCase(Locale.ROOT), item) != null) {
                throw new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "Cannot parse the request: two items of '"
                        + path + "' are named '" + name + "'.", itemPath + ".name");
            }
        }
        ResourceQuery siblings = ResourceQuery.inSubscription(parent.subscriptionId())
                .ofType(childFamily.type().qualified()).childrenOf(parent);
        List<Dropped> dropped = new ArrayList<>();
        for (StoredResource old : tx.resources().list(siblings, null, ALL_CHILDREN)) {
            if (!wanted.containsKey(old.id().name().toLowerCase(Locale.ROOT))) {
                dropped.add(new Dropped(childFamily, old, path));
            }
        }
        int i = 0;
        for (JsonNode item : wanted.values()) {
            String name = Bodies.string(item, "name", path);
            ResourceId childId = parent.child(childType, name);
            Optional<StoredResource> existing = tx.resources().get(childId);
            String itemPath = path + "[" + i + "]";
            ResourceId id = existing.map(StoredResource::id).orElse(childId);
            try {
                writeTree(childFamily, id, childFamily.envelope(id, item, existing), Bodies.object(item, "properties",
                        itemPath + ".properties"), existing, tx, itemPath + ".properties", caller, written);
            } catch (ArmException e) {
                throw located(e, itemPath);
            }
            written.add(new Written(childFamily, id, itemPath));
            i++;
        }
        return dropped;
    }

    /**
     * A family names fields relative to its own resource ("properties.protocol"); inside a parent's PUT the client
     * needs the path in its whole request ("properties.loadBalancingRules[2].properties.protocol").
     */
    private static ArmException located(ArmException e, String itemPath) {
        String target = e.target();
        if (target == null || target.startsWith("/")) {
            return e;
        }
        String full = itemPath + "." + target;
        String message = e.getMessage().contains(target) ? e.getMessage().replace(target, full)
                : e.getMessage() + " (at " + full + ")";
        return new ArmException(e.code(), message, full, e.details());
    }

    /**
     * Deletes a child its parent's PUT left out. A sibling that still names it makes the parent's document name
     * something it no longer holds, which Azure reports as a reference to a missing resource; a user outside the
     * parent (a NIC using a pool) is an in-use refusal, as for a DELETE.
     */
    private void remove(Dropped d, ResourceId parent, Tx tx) {
        String inside = parent.key() + "/";
        for (Ref r : tx.refs().intoTreeFromOutside(d.row().id())) {
            if (r.from().key().startsWith(inside)) {
                throw new ArmException(ErrorCode.INVALID_RESOURCE_REFERENCE, "Resource " + d.row().id()
                        + " referenced by resource " + r.from() + " was not found: " + d.path() + " no longer lists"
                        + " it.", d.path());
            }
        }
        delete(d.family(), d.row(), tx);
    }

    /**
     * Deletes a resource and everything under it, refusing (with the family's code) while anything outside that
     * tree still references it.
     */
    public void delete(ResourceFamily family, StoredResource resource, Tx tx) {
        List<Ref> referrers = tx.refs().intoTreeFromOutside(resource.id());
        if (!referrers.isEmpty()) {
            String who = referrers.stream().map(r -> r.from().toString()).distinct().limit(10)
                    .collect(Collectors.joining(", "));
            throw new ArmException(family.inUseCode(referrers), family.type().qualified() + " " + resource.id()
                    + " cannot be deleted because it is in use by " + who + ".", resource.id().toString());
        }
        tx.refs().deleteFromTree(resource.id());
        tx.resources().deleteTree(resource.id());
    }

    /** A write to a child changes its ancestors too (ARM gives the parent a new etag). */
    public void touchAncestors(ResourceId id, Tx tx) {
        Optional<ResourceId> parent = id.parent();
        while (parent.isPresent()) {
            tx.resources().get(parent.get()).ifPresent(p -> touch(p, tx));
            parent = parent.get().parent();
        }
    }

    public StoredResource touch(StoredResource r, Tx tx) {
        StoredResource saved = r.withBody(r.body(), Etags.next(), clock.instant());
        tx.resources().put(saved);
        return saved;
    }

    /** The resource as clients see it: envelope, stored properties, inline children and derived members. */
    public static ObjectNode render(StoredResource s, ResourceFamily family, Tx tx) {
        ObjectNode body = s.body();
        ObjectNode o = Json.object();
        o.put("name", s.id().name());
        o.put("id", s.id().toString());
        o.put("etag", s.etag());
        o.put("type", family.type().qualified());
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("properties")) {
                o.set(e.getKey(), e.getValue());
            }
        }
        ObjectNode props = body.path("properties").isObject() ? (ObjectNode) body.get("properties") : Json.object();
        for (Map.Entry<String, ResourceFamily> child : family.inlineChildren().entrySet()) {
            ResourceQuery q = ResourceQuery.inSubscription(s.id().subscriptionId())
                    .ofType(child.getValue().type().qualified()).childrenOf(s.id());
            ArrayNode items = props.putArray(child.getKey());
            for (StoredResource c : tx.resources().list(q, null, ALL_CHILDREN)) {
                items.add(render(c, child.getValue(), tx));
            }
        }
        family.derive(s, props, tx);
        o.set("properties", props);
        return o;
    }

    private static void removeIgnoringCase(ObjectNode o, String name) {
        List<String> keys = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(k -> {
            if (k.equalsIgnoreCase(name)) {
                keys.add(k);
            }
        });
        o.remove(keys);
    }
}
