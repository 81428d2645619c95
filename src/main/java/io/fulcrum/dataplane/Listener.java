package io.fulcrum.dataplane;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * One frontend socket and where its flows go. Identity across snapshots is ({@link #transport}, {@link #frontend}):
 * a listener whose identity survives a new snapshot keeps its socket and its flows, and only its settings and members
 * are swapped.
 *
 * @param ruleId        the load-balancing rule or inbound NAT rule id, as the API shows it
 * @param kind          rule or NAT
 * @param transport     TCP or UDP
 * @param frontend      the host address and port to listen on (already mapped from the overlay)
 * @param backendPort   the port dialled on each member
 * @param distribution  how a new flow is hashed to a member
 * @param idleTimeout   a flow with no traffic in either direction for this long is ended
 * @param tcpReset      end idle TCP flows with RST on both sides instead of silently
 * @param probeId       the rule's probe id (case-folded) or null: without a probe every member counts as healthy
 * @param failOpen      {@code noHealthyBackendsBehavior: AllProbedUp}: when no member is healthy, use all of them
 * @param drainPeriod   how long a member's established TCP flows survive after it leaves the pool or is set admin
 *                      Down, before both sides are reset; null (no {@code drainPeriodInSeconds} on the pool): they
 *                      continue until they end or idle out
 * @param members       the members in pool order (NAT v2 assigns ports in this order)
 */
public record Listener(String ruleId, RuleKind kind, Transport transport, InetSocketAddress frontend, int backendPort,
                       Distribution distribution, Duration idleTimeout, boolean tcpReset, String probeId,
                       boolean failOpen, Duration drainPeriod, List<Member> members) {

    public Listener {
        members = List.copyOf(members);
    }

    /** The identity a running socket is matched on. */
    public Key key() {
        return new Key(transport, frontend);
    }

    public record Key(Transport transport, InetSocketAddress frontend) {
    }
}
