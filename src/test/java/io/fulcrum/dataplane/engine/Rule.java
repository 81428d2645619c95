package io.fulcrum.dataplane.engine;

import io.fulcrum.dataplane.AdminState;
import io.fulcrum.dataplane.Distribution;
import io.fulcrum.dataplane.Listener;
import io.fulcrum.dataplane.Member;
import io.fulcrum.dataplane.RuleKind;
import io.fulcrum.dataplane.Snapshot;
import io.fulcrum.dataplane.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Hand-built listeners for engine tests: Azure's defaults, changed through copies. */
record Rule(Listener listener) {

    private static final AtomicLong GENERATION = new AtomicLong();

    static Rule tcp(InetSocketAddress frontend, int backendPort, Member... members) {
        return new Rule(new Listener("/rules/" + frontend.getAddress().getHostAddress(), RuleKind.LOAD_BALANCING,
                Transport.TCP, frontend, backendPort, Distribution.FIVE_TUPLE, Duration.ofMinutes(4), false, null,
                false, null, List.of(members)));
    }

    static Rule udp(InetSocketAddress frontend, int backendPort, Member... members) {
        Listener l = tcp(frontend, backendPort, members).listener;
        return new Rule(new Listener(l.ruleId(), l.kind(), Transport.UDP, l.frontend(), l.backendPort(),
                l.distribution(), l.idleTimeout(), l.tcpReset(), l.probeId(), l.failOpen(), l.drainPeriod(),
                l.members()));
    }

    static Member member(String name, InetAddress address) {
        return member(name, address, AdminState.NONE);
    }

    static Member member(String name, InetAddress address, AdminState adminState) {
        return new Member("/pools/p/members/" + name, null, "10.0.0." + name.length(), address, adminState);
    }

    static Snapshot snapshot(Rule... rules) {
        return new Snapshot(GENERATION.incrementAndGet(), Arrays.stream(rules).map(Rule::listener).toList(),
                List.of(), List.of());
    }

    Rule members(Member... members) {
        Listener l = listener;
        return new Rule(new Listener(l.ruleId(), l.kind(), l.transport(), l.frontend(), l.backendPort(),
                l.distribution(), l.idleTimeout(), l.tcpReset(), l.probeId(), l.failOpen(), l.drainPeriod(),
                List.of(members)));
    }

    Rule distribution(Distribution distribution) {
        Listener l = listener;
        return new Rule(new Listener(l.ruleId(), l.kind(), l.transport(), l.frontend(), l.backendPort(),
                distribution, l.idleTimeout(), l.tcpReset(), l.probeId(), l.failOpen(), l.drainPeriod(),
                l.members()));
    }

    Rule idle(Duration idleTimeout, boolean tcpReset) {
        Listener l = listener;
        return new Rule(new Listener(l.ruleId(), l.kind(), l.transport(), l.frontend(), l.backendPort(),
                l.distribution(), idleTimeout, tcpReset, l.probeId(), l.failOpen(), l.drainPeriod(), l.members()));
    }

    Rule probe(String probeId, boolean failOpen) {
        Listener l = listener;
        return new Rule(new Listener(l.ruleId(), l.kind(), l.transport(), l.frontend(), l.backendPort(),
                l.distribution(), l.idleTimeout(), l.tcpReset(), probeId, failOpen, l.drainPeriod(), l.members()));
    }

    Rule drain(Duration drainPeriod) {
        Listener l = listener;
        return new Rule(new Listener(l.ruleId(), l.kind(), l.transport(), l.frontend(), l.backendPort(),
                l.distribution(), l.idleTimeout(), l.tcpReset(), l.probeId(), l.failOpen(), drainPeriod,
                l.members()));
    }
}
