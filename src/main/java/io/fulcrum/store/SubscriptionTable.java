package io.fulcrum.store;

import java.util.List;
import java.util.Optional;

public interface SubscriptionTable {

    record Subscription(String subscriptionId, String displayName, String tenantId, String state) {
    }

    Optional<Subscription> get(String subscriptionId);

    List<Subscription> all();

    void put(Subscription subscription);
}
