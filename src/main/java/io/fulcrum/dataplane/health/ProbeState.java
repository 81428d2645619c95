package io.fulcrum.dataplane.health;

import io.fulcrum.dataplane.Health;
import io.fulcrum.dataplane.Health.State;
import java.time.Instant;

/**
 * A target's health and how many consecutive results have contradicted it. Pure, so the threshold rule can be
 * checked without sockets.
 *
 * <p>The first result decides at once, so a new member takes flows as soon as it answers; after that it takes
 * {@code threshold} results in a row the other way to flip, in both directions ({@code probeThreshold} is symmetric
 * in Azure: learn.microsoft.com/javascript/api/@azure/arm-network/probepropertiesformat).
 *
 * @param health  what the engine and the API see
 * @param against consecutive results that disagree with {@code health}; reset by any result that agrees
 */
record ProbeState(Health health, int against) {

    static final String UP_REASON = "Up_Probe_Success";
    static final String DOWN_REASON = "Down_Probe_Failure";
    static final String UNKNOWN_REASON = "Unknown_Probe_Pending";

    static ProbeState unknown(Instant since) {
        return new ProbeState(new Health(State.UNKNOWN, UNKNOWN_REASON, since), 0);
    }

    ProbeState next(ProbeResult result, int threshold, Instant now) {
        State seen = result.success() ? State.UP : State.DOWN;
        String reason = result.success() ? UP_REASON : DOWN_REASON + ": " + result.cause();
        if (health.state() == seen) {
            // The reason follows the latest failure (refused today, timing out now) without counting as a change.
            return new ProbeState(new Health(seen, reason, health.since()), 0);
        }
        int contradicting = against + 1;
        if (health.state() == State.UNKNOWN || contradicting >= Math.max(1, threshold)) {
            return new ProbeState(new Health(seen, reason, now), 0);
        }
        return new ProbeState(health, contradicting);
    }

    boolean flippedFrom(ProbeState before) {
        return health.state() != before.health.state();
    }
}
