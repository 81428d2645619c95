package io.fulcrum.dataplane;

import java.util.function.Consumer;

/** Live probe results, read by the engine on each new flow and by the rule-health API. */
public interface HealthView {

    /** The current state; {@code UNKNOWN} for a key that is not (or not yet) probed. */
    Health health(HealthKey key);

    /**
     * A number that moves (after the new state is visible) whenever any key's state may have changed: a flip, a
     * target added or removed. While it stands still every {@link #health} answer stays what it was, so the engine
     * can keep the members it chose for new flows instead of asking about each member on every flow.
     */
    long version();

    /** Called (on a prober thread) after a key's state flips; the engine moves UDP flows off a member that went down. */
    void onChange(Consumer<HealthKey> listener);
}
