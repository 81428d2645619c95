package io.fulcrum.store;

import java.util.Optional;

/** Small key/value facts about the installation: tenant id, default subscription, last served URL. */
public interface MetaTable {
    Optional<String> get(String key);

    void put(String key, String value);
}
