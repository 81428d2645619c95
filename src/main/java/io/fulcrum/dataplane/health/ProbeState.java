package io.fulcrum.dataplane.health;

import io.fulcrum.dataplane.Health;
import io.fulcrum.dataplane.Health.State;
import java.time.Duration;
import java.time.Instant;

/**
 * A target's health and how many consecutive results have contradicted it. Pure, so the threshold rule can be
 * checked without sockets.
 *
 * <p>The first result decides at once, so a new member takes flows as soon as it answers; after that it takes
 * {@code threshold} results in a row the other way to flip, in both directions ({@code probeThreshold} is symmetric
 * in Azure: learn.microsoft.com/javascript/api/@azure/arm-network/probepropertiesformat).
 *
 * <p>A flapping member is held down longer, as Azure does (load-balancer-custom-probe-overview.md says so without
 * numbers; these are Fulcrum's): a member that comes back up and falls again within {@link #FLAP_WINDOW} needs twice
 * as many successes in a row as last time to come back, up to {@link #MAX_HOLD} times the threshold. A member that
 * stays up for the window is trusted again: its next fall needs only the threshold.
 *
 * @param health    what the engine and the API see
 * @param against   consecutive results that disagree with {@code health}; reset by any result that agrees
 * @param hold      consecutive successes a DOWN member needs to come back (at least the threshold)
 * @param recovered whether the present UP began as a recovery from DOWN (a new member's first UP is not one)
 */
record ProbeState(Health health, int against, int hold, boolean recovered) {

    static final String UP_REASON = "Up_Probe_Success";
    static final String DOWN_REASON = "Down_Probe_Failure";
    static final String FLAPPING_REASON = "Down_Probe_Flapping";
    static final String UNKNOWN_REASON = "Unknown_Probe_Pending";
    /** A member that falls again this soon after coming back is flapping. */
    static final Duration FLAP_WINDOW = Duration.ofSeconds(60);
    static final int MAX_HOLD = 8;

    static ProbeState unknown(Instant since) {
        return new ProbeState(new Health(State.UNKNOWN, UNKNOWN_REASON, since), 0, 0, false);
    }

    ProbeState next(ProbeResult result, int threshold, Instant now) {
        int base = Math.max(1, threshold);
        State seen = result.success() ? State.UP : State.DOWN;
        String reason = result.success() ? UP_REASON : DOWN_REASON + ": " + result.cause();
        State current = health.state();
        if (current == seen) {
            // The reason follows the latest failure (refused today, timing out now) without counting as a change.
            String kept = seen == State.DOWN && hold > base ? held(reason) : reason;
            return new ProbeState(new Health(seen, kept, health.since()), 0, hold, recovered);
        }
        if (current == State.UNKNOWN) {
            return new ProbeState(new Health(seen, reason, now), 0, base, false);
        }
        int contradicting = against + 1;
        if (current == State.UP) {
            if (contradicting < base) {
                return new ProbeState(health, contradicting, hold, recovered);
            }
            boolean flapped = recovered && Duration.between(health.since(), now).compareTo(FLAP_WINDOW) < 0;
            int nextHold = flapped ? Math.min(Math.max(hold, base) * 2, base * MAX_HOLD) : base;
            String why = nextHold > base ? held(reason) : reason;
            return new ProbeState(new Health(State.DOWN, why, now), 0, nextHold, false);
        }
        // DOWN, and this result is a success.
        if (contradicting < Math.max(hold, base)) {
            Health waiting = hold > base ? new Health(State.DOWN, FLAPPING_REASON + ": " + contradicting + " of "
                    + hold + " successes in a row it needs to come back", health.since()) : health;
            return new ProbeState(waiting, contradicting, hold, recovered);
        }
        return new ProbeState(new Health(State.UP, reason, now), 0, hold, true);
    }

    private String held(String failure) {
        return FLAPPING_REASON + ": it fell again within " + FLAP_WINDOW.toSeconds() + " s of coming back ("
                + failure + ")";
    }

    boolean flippedFrom(ProbeState before) {
        return health.state() != before.health.state();
    }
}
