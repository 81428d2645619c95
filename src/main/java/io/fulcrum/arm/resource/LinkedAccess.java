package io.fulcrum.arm.resource;

import io.fulcrum.arm.auth.Caller;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.Tx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * ARM's linked access check. The request's own subscription was authorized before the handler ran; a reference the
 * written resource makes into another subscription (a backend pool's virtual network, a NIC joining a pool there)
 * needs the caller's access to that subscription too, or the write is refused with LinkedAuthorizationFailed
 * (403), worded as ARM words it. It runs on the references a family derives from what it stored, so only forward
 * references count, never read-only members a client echoes back.
 */
public final class LinkedAccess {

    private LinkedAccess() {
    }

    /**
     * Refuses the write unless {@code caller} holds the subscription of every reference target outside
     * {@code id}'s own subscription.
     *
     * @param refs the references the written resource makes, as its family derives them
     */
    public static void check(Caller caller, ResourceFamily family, ResourceId id, List<Ref> refs, Tx tx) {
        Objects.requireNonNull(caller, "every write has a caller");
        Set<String> granted = null;
        Map<String, String> denied = new LinkedHashMap<>(); // linked scope -> the action it needs
        for (Ref r : refs) {
            String subscription = r.to().subscriptionId().toLowerCase(Locale.ROOT);
            if (subscription.equalsIgnoreCase(id.subscriptionId())) {
                continue;
            }
            if (granted == null) {
                granted = tx.principals().grantedSubscriptions(caller.clientId());
            }
            if (!granted.contains(subscription)) {
                denied.putIfAbsent(r.to().toString(), family.joinAction(r));
            }
        }
        if (denied.isEmpty()) {
            return;
        }
        throw new ArmException(ErrorCode.LINKED_AUTHORIZATION_FAILED, "The client '" + caller.clientId()
                + "' with object id '" + caller.objectId() + "' has permission to perform action '"
                + family.type().qualified() + "/write' on scope '" + id + "'; however, it does not have permission"
                + " to perform action(s) '" + String.join(",", denied.values()) + "' on the linked scope(s) '"
                + String.join(",", denied.keySet()) + "' (respectively) or the linked scope(s) are"
                + " invalid.");
    }
}
