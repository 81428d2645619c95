package io.fulcrum.dataplane;

import java.net.InetAddress;

/**
 * The one rule for whether a dialable member may take new flows of a load-balancing rule, with the reason the
 * rule-health action shows: adminState Down keeps it out and Up keeps it in whatever the probe says; with None the
 * rule's probe decides, and a rule without a probe counts every member as up (Azure documents admin state only for
 * rules with a probe; Down still takes a member out of a rule without one). The engine asks it on each new flow, so
 * it allocates nothing.
 */
public final class Eligibility {

    private static final Health ADMIN_DOWN = new Health(Health.State.DOWN, "Down_Admin_State: adminState is Down",
            null);
    private static final Health ADMIN_UP = new Health(Health.State.UP, "Up_Admin_State: adminState is Up", null);
    private static final Health NO_PROBE = new Health(Health.State.UP,
            "Up_No_Probe: the rule has no probe, so every member takes flows", null);

    private Eligibility() {
    }

    /**
     * @param probeId the rule's probe (case-folded), or null when it has none
     * @param address the member's host address, as probed
     */
    public static Health of(AdminState adminState, String probeId, InetAddress address, HealthView health) {
        return switch (adminState) {
            case DOWN -> ADMIN_DOWN;
            case UP -> ADMIN_UP;
            case NONE -> probeId == null ? NO_PROBE : health.health(new HealthKey(probeId, address));
        };
    }
}
