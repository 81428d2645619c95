package io.fulcrum.dataplane.engine;

import io.fulcrum.dataplane.AdminState;
import io.fulcrum.dataplane.Eligibility;
import io.fulcrum.dataplane.HealthView;
import io.fulcrum.dataplane.Listener;
import io.fulcrum.dataplane.Member;
import io.fulcrum.dataplane.RuleKind;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One frontend's settings and members as of one snapshot, swapped in whole by {@link Engine#apply}. Everything but
 * the selection cache is immutable; the cache memoises {@link Selection} for the health version it was computed at
 * ({@link HealthView#version}), so a new flow asks nothing about the members while no probe result changed, and a
 * health flip costs one table build, not one per flow.
 */
final class Plan {

    final Listener listener;
    private final HealthView health;
    private volatile Selection cached;

    /** @param previous the plan this one replaces, or null; its table is kept when the members are the same */
    Plan(Listener listener, HealthView health, Plan previous) {
        this.listener = listener;
        this.health = health;
        if (previous != null && previous.listener.members().equals(listener.members()) && previous.cached != null) {
            // The table may serve again, but the probe or failOpen may differ: the eligible set is worked out anew.
            this.cached = previous.cached.stale();
        }
    }

    /** The member a new flow goes to, or null when no member may take new flows. */
    Member pick(InetSocketAddress source, InetSocketAddress destination) {
        Selection selection = selection();
        if (selection.members.isEmpty()) {
            return null;
        }
        if (selection.table == null) {
            return selection.members.get(0);
        }
        long hash = FlowHash.of(listener.distribution(), listener.transport(), source, destination);
        return selection.members.get(selection.table.lookup(hash));
    }

    /** Whether a flow already on {@code member} may stay there: it is still one of the members new flows may take. */
    boolean selects(Member member) {
        for (Member m : selection().members) {
            if (m.id().equals(member.id())) {
                return true;
            }
        }
        return false;
    }

    boolean anyEligible() {
        return !selection().members.isEmpty();
    }

    /** Whether the member is out of new-flow selection for good (admin Down), as opposed to only unhealthy. */
    boolean adminDown(Member member) {
        return listener.kind() != RuleKind.INBOUND_NAT && member.adminState() == AdminState.DOWN;
    }

    private Selection selection() {
        // Read before the states it vouches for: a flip after this read moves it, and the next flow looks again.
        long version = health.version();
        Selection last = cached;
        if (last != null && last.healthVersion == version) {
            return last;
        }
        List<Member> members = listener.members();
        long[] mask = new long[(members.size() + 63) >>> 6];
        boolean any = false;
        for (int i = 0; i < members.size(); i++) {
            if (eligible(members.get(i))) {
                mask[i >>> 6] |= 1L << i;
                any = true;
            }
        }
        if (!any && listener.failOpen()) {
            for (int i = 0; i < members.size(); i++) {
                if (!adminDown(members.get(i))) {
                    mask[i >>> 6] |= 1L << i;
                }
            }
        }
        Selection fresh = last != null && Arrays.equals(last.mask, mask)
                ? new Selection(mask, last.members, last.table, version) : Selection.of(mask, members, version);
        cached = fresh;
        return fresh;
    }

    private boolean eligible(Member member) {
        if (listener.kind() == RuleKind.INBOUND_NAT) {
            return true;
        }
        return Eligibility.of(member.adminState(), listener.probeId(), member.address(), health).up();
    }

    /**
     * The members new flows may take and their lookup table (none for a single member), as of a health version
     * ({@link #STALE}: to be checked again before use).
     */
    private record Selection(long[] mask, List<Member> members, Maglev table, long healthVersion) {

        static final long STALE = Long.MIN_VALUE;

        Selection stale() {
            return new Selection(mask, members, table, STALE);
        }

        static Selection of(long[] mask, List<Member> all, long healthVersion) {
            List<Member> chosen = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if ((mask[i >>> 6] & (1L << i)) != 0) {
                    chosen.add(all.get(i));
                }
            }
            Maglev table = chosen.size() > 1 ? new Maglev(chosen.stream().map(Member::id).toList()) : null;
            return new Selection(mask, List.copyOf(chosen), table, healthVersion);
        }
    }
}
