package io.fulcrum.store;

import java.util.Optional;
import java.util.Set;

/** Service principals and the subscriptions each may use. */
public interface PrincipalTable {

    /** The secret is kept only as a salted hash; {@code secretHash} is "salt:hash" in hex. */
    record Principal(String clientId, String name, String secretHash) {
    }

    Optional<Principal> get(String clientId);

    Optional<Principal> byName(String name);

    void put(Principal principal);

    void grant(String clientId, String subscriptionId);

    Set<String> grantedSubscriptions(String clientId);
}
