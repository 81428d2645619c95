package io.fulcrum.dataplane.snapshot;

import io.fulcrum.dataplane.AdminState;
import io.fulcrum.dataplane.Distribution;
import io.fulcrum.dataplane.HealthKey;
import io.fulcrum.dataplane.Listener;
import io.fulcrum.dataplane.Member;
import io.fulcrum.dataplane.ProbeTarget;
import io.fulcrum.dataplane.Problem;
import io.fulcrum.dataplane.RuleKind;
import io.fulcrum.dataplane.Snapshot;
import io.fulcrum.dataplane.Transport;
import io.fulcrum.dataplane.snapshot.DesiredState.Balancer;
import io.fulcrum.dataplane.snapshot.DesiredState.Frontend;
import io.fulcrum.dataplane.snapshot.DesiredState.NatRule;
import io.fulcrum.dataplane.snapshot.DesiredState.NatTarget;
import io.fulcrum.dataplane.snapshot.DesiredState.Pool;
import io.fulcrum.dataplane.snapshot.DesiredState.PoolMember;
import io.fulcrum.dataplane.snapshot.DesiredState.Probe;
import io.fulcrum.dataplane.snapshot.DesiredState.Rule;
import io.fulcrum.dataplane.underlay.AddressPlan;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Desired state to data-plane snapshot: a pure function (no I/O, no clock; whether an address is this host's comes
 * in with the {@link AddressPlan}). What it cannot carry out becomes a {@link Problem} instead of a listener or a
 * probe target: a member outside the dialable networks is never dialled nor probed, a frontend that is not this
 * host's is not bound, and floating IP, HA ports, outbound rules and disableOutboundSnat are reported as not
 * enforced rather than pretended.
 */
public final class SnapshotBuilder {

    private final AddressPlan plan;
    private final Map<Listener.Key, Listener> listeners = new LinkedHashMap<>();
    private final Map<HealthKey, ProbeTarget> probes = new LinkedHashMap<>();
    private final Set<Problem> problems = new LinkedHashSet<>();

    private SnapshotBuilder(AddressPlan plan) {
        this.plan = plan;
    }

    public static Snapshot build(DesiredState desired, AddressPlan plan, long generation) {
        SnapshotBuilder b = new SnapshotBuilder(plan);
        desired.balancers().forEach(b::balancer);
        return new Snapshot(generation, List.copyOf(b.listeners.values()), List.copyOf(b.probes.values()),
                List.copyOf(b.problems));
    }

    /** The case-folded form ids are compared and keyed by (ARM ids ignore case). */
    public static String fold(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    private void balancer(Balancer lb) {
        Map<String, Frontend> frontends = byId(lb.frontends(), Frontend::id);
        Map<String, Pool> pools = byId(lb.pools(), Pool::id);
        Map<String, Probe> probesById = byId(lb.probes(), Probe::id);
        for (Rule rule : lb.rules()) {
            rule(rule, frontends, pools, probesById);
        }
        for (NatRule nat : lb.natRules()) {
            natRule(nat, frontends);
        }
        for (String outbound : lb.outboundRules()) {
            problems.add(new Problem(outbound, "outbound rule", "not enforced: the data plane does no outbound SNAT;"
                    + " members reach out through this host's own routes"));
        }
    }

    private void rule(Rule rule, Map<String, Frontend> frontends, Map<String, Pool> pools,
                      Map<String, Probe> probesById) {
        if (rule.enableFloatingIP()) {
            problems.add(floatingIp(rule.id()));
        }
        if (rule.disableOutboundSnat()) {
            problems.add(new Problem(rule.id(), "disableOutboundSnat", "not enforced: the data plane does no"
                    + " outbound SNAT, so there is none to disable"));
        }
        if (rule.frontendPort() == 0) {
            problems.add(new Problem(rule.id(), "HA ports", "not enforced: an HA-ports rule forwards every port of"
                    + " the frontend, which a user-space relay cannot listen on; no listener is opened"));
            return;
        }
        Optional<InetAddress> frontend = frontend(frontends.get(fold(rule.frontendId())));
        List<Pool> rulePools = rule.poolIds().stream().map(p -> pools.get(fold(p))).filter(p -> p != null).toList();
        Map<String, Member> members = new LinkedHashMap<>();
        for (Pool pool : rulePools) {
            for (PoolMember m : pool.members()) {
                member(m, m.adminState()).ifPresent(dialled -> members.putIfAbsent(dialled.id(), dialled));
            }
        }
        Probe probe = rule.probeId() == null ? null : probesById.get(fold(rule.probeId()));
        if (probe != null) {
            for (Member m : members.values()) {
                ProbeTarget t = new ProbeTarget(fold(probe.id()), probe.protocol(), m.address(), probe.port(),
                        probe.requestPath(), Duration.ofSeconds(probe.intervalInSeconds()), probe.probeThreshold());
                probes.putIfAbsent(t.key(), t);
            }
        }
        if (frontend.isEmpty()) {
            return;
        }
        Duration drain = rulePools.stream().map(Pool::drainPeriodInSeconds).filter(d -> d != null).findFirst()
                .map(Duration::ofSeconds).orElse(null);
        for (Transport t : transports(rule.protocol())) {
            add(new Listener(rule.id(), RuleKind.LOAD_BALANCING, t,
                    new InetSocketAddress(frontend.get(), rule.frontendPort()), rule.backendPort(),
                    rule.distribution(), Duration.ofMinutes(rule.idleTimeoutInMinutes()), rule.enableTcpReset(),
                    probe == null ? null : fold(probe.id()), probe != null && probe.failOpen(), drain,
                    List.copyOf(members.values())));
        }
    }

    /** NAT rules take no probe and no admin state (azure-behaviour.md, Admin state): each target is its own member. */
    private void natRule(NatRule nat, Map<String, Frontend> frontends) {
        if (nat.enableFloatingIP()) {
            problems.add(floatingIp(nat.id()));
        }
        Optional<InetAddress> frontend = frontend(frontends.get(fold(nat.frontendId())));
        for (NatTarget target : nat.targets()) {
            Optional<Member> member = member(target.member(), AdminState.NONE);
            if (member.isEmpty() || frontend.isEmpty()) {
                continue;
            }
            if (target.frontendPort() == 0) {
                problems.add(new Problem(nat.id(), "frontend port 0", "not enforced: port 0 cannot be listened on"));
                continue;
            }
            for (Transport t : transports(nat.protocol())) {
                add(new Listener(nat.id(), RuleKind.INBOUND_NAT, t,
                        new InetSocketAddress(frontend.get(), target.frontendPort()), nat.backendPort(),
                        Distribution.FIVE_TUPLE, Duration.ofMinutes(nat.idleTimeoutInMinutes()),
                        nat.enableTcpReset(), null, false, null, List.of(member.get())));
            }
        }
    }

    private static Problem floatingIp(String ruleId) {
        return new Problem(ruleId, "enableFloatingIP", "not enforced: the data plane relays in user space, so a"
                + " member sees its own address as the destination, not the frontend's");
    }

    /** Two rules (of different load balancers) on one host socket: the first one keeps it. */
    private void add(Listener l) {
        Listener held = listeners.putIfAbsent(l.key(), l);
        if (held != null) {
            InetSocketAddress f = l.frontend();
            problems.add(new Problem(l.ruleId(), "frontend " + f.getAddress().getHostAddress() + ":" + f.getPort()
                    + "/" + l.transport(), "the host socket is already served by " + held.ruleId()));
        }
    }

    private Optional<InetAddress> frontend(Frontend f) {
        if (f == null) {
            return Optional.empty();
        }
        if (f.address() == null) {
            problems.add(new Problem(f.id(), "frontend", f.noAddress()));
            return Optional.empty();
        }
        AddressPlan.Placement p = plan.listen(f.address());
        if (!p.allowed()) {
            problems.add(new Problem(f.id(), "frontend " + f.address(), p.refusal()));
            return Optional.empty();
        }
        return Optional.of(p.address());
    }

    private Optional<Member> member(PoolMember m, AdminState adminState) {
        if (m.address() == null) {
            problems.add(new Problem(m.id(), "member", "it has no IP address"));
            return Optional.empty();
        }
        AddressPlan.Placement p = plan.dial(m.address());
        if (!p.allowed()) {
            problems.add(new Problem(m.id(), "member " + m.address(), p.refusal()));
            return Optional.empty();
        }
        return Optional.of(new Member(fold(m.id()), m.ipConfigurationId(), m.address(), p.address(), adminState));
    }

    static List<Transport> transports(String protocol) {
        return switch (protocol.toLowerCase(Locale.ROOT)) {
            case "tcp" -> List.of(Transport.TCP);
            case "udp" -> List.of(Transport.UDP);
            default -> List.of(Transport.TCP, Transport.UDP);
        };
    }

    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        Map<String, T> out = new LinkedHashMap<>();
        items.forEach(i -> out.put(fold(id.apply(i)), i));
        return out;
    }
}
