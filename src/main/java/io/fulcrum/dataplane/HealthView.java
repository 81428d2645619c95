package io.fulcrum.dataplane;

import java.util.function.Consumer;

/** Live probe results, read by the engine on each new flow and by the rule-health API. */
public interface HealthView {

    /** The current state; {@code UNKNOWN} for a key that is not (or not yet) probed. */
    Health health(HealthKey key);

    /** Called (on a prober thread) after a key's state flips; the engine moves UDP flows off a member that went down. */
    void onChange(Consumer<HealthKey> listener);
}
