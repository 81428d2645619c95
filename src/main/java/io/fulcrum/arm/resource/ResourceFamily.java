package io.fulcrum.arm.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.Store;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one provider resource type supplies to the generic lifecycle ({@link ProviderResourcesApi}): its identity,
 * how a request's properties become the stored document, the references it makes, the child collections its PUT
 * carries inline and what is derived when it is rendered. The lifecycle owns everything common: routing, names,
 * the resource group and parent checks, etags and conditional headers, the envelope (location and tags; a type adds
 * more through {@link #envelope}), provisioning state, the reference index, in-use checks on delete, LRO answers
 * and lists.
 */
public interface ResourceFamily {

    ResourceType type();

    /** Top-level resources carry location and tags; child resources (subnets, pools) do not. */
    default boolean tracked() {
        return type().type().indexOf('/') < 0;
    }

    /**
     * Whether a child type has its own PUT and DELETE. Azure makes some children writable only through the parent
     * (a load balancer's rules and probes, a NIC's ip configurations): those answer GET and list only.
     */
    default boolean writableAsChild() {
        return true;
    }

    /** Routes beyond the lifecycle's own (POST actions, read-only views such as a load balancer's NIC list). */
    default void registerExtraRoutes(Router router, Store store) {
    }

    /**
     * Top-level members to store besides {@code properties} (and, for tracked resources, location and tags): a
     * public IP's or load balancer's {@code sku}, {@code zones}. Read from the whole request object (for an inline
     * child, its item in the parent's collection), validated and defaulted, inside the write transaction: throwing
     * refuses the PUT. A member the request omits may keep its stored value: clients on older api-versions drop
     * members their schema lacks, and that must not reset them.
     *
     * @param id       the resource being written, for messages
     * @param body     the whole request object
     * @param existing the stored resource when this PUT replaces one (for members Azure will not let change)
     */
    default ObjectNode envelope(ResourceId id, JsonNode body, Optional<StoredResource> existing) {
        return Json.object();
    }

    /**
     * Validates a PUT and returns the {@code properties} to store. Inline child collections have already been
     * taken out (they are written as their own rows, after this), and so have {@code provisioningState} and
     * {@code resourceGuid}. Throw an ArmException naming the field to refuse; the transaction then changes nothing.
     *
     * @param properties the request's {@code properties} object (never null; empty when absent)
     * @param existing   the stored resource when this PUT replaces one
     */
    ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx);

    /**
     * Child collections a PUT of this resource carries inline, by property name, in the order they are written
     * (a load balancer's rules name its pools, so pools come first); return an ordered map. Each child is stored as
     * its own row.
     */
    default Map<String, ResourceFamily> inlineChildren() {
        return Map.of();
    }

    /**
     * Checks the resource once it and every child the request carries are written and the dropped children are
     * removed (a virtual network's new address space must still hold the subnets it kept). Inline children are
     * checked at that point too, not as they are written: halfway through the parent's write their siblings are
     * not final (two rules swapping priorities would conflict with each other's old values).
     */
    default void validate(StoredResource saved, Tx tx) {
    }

    /** The references the stored properties make, for the reference index. */
    default List<Ref> references(ResourceId id, ObjectNode properties) {
        return List.of();
    }

    /**
     * The action a writer needs on the target of one of this family's references when the target is in another
     * subscription (ARM's linked access check, {@link LinkedAccess}). Azure names most of them
     * {@code <target type>/join/action}; a family whose references Azure checks under another action says so.
     */
    default String joinAction(Ref ref) {
        return ref.to().type() + "/join/action";
    }

    /** Adds read-only, derived members (back-references from the index) to the rendered {@code properties}. */
    default void derive(StoredResource resource, ObjectNode properties, Tx tx) {
    }

    /** The code of the error Azure gives when deleting this resource while others reference it. */
    default ErrorCode inUseCode() {
        return ErrorCode.RESOURCE_IN_USE;
    }

    /** As {@link #inUseCode()}, for families whose code depends on who the users are (a scale set, a NIC). */
    default ErrorCode inUseCode(List<Ref> referrers) {
        return inUseCode();
    }
}
