package io.fulcrum.dataplane.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fulcrum.dataplane.AdminState;
import io.fulcrum.dataplane.Distribution;
import io.fulcrum.dataplane.Listener;
import io.fulcrum.dataplane.Member;
import io.fulcrum.dataplane.ProbeProtocol;
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
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure builder, on hand-made desired state: no store, no sockets. */
class SnapshotBuilderTest {

    private static final String LB = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/lb";
    private static final String FE = LB + "/frontendIPConfigurations/fe";
    private static final String POOL = LB + "/backendAddressPools/pool";
    private static final String PROBE = LB + "/probes/tcp";
    private static final String RULE = LB + "/loadBalancingRules/web";
    private static final String NIC = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network"
            + "/networkInterfaces/nic/ipConfigurations/ipconfig1";

    /** The operator's plan in the articles' example: the VNet 10.0.0.0/16 lives on 127.10.0.0/16. */
    private static final AddressPlan PLAN = AddressPlan.parse(List.of("10.0.0.0/16=127.10.0.0/16"),
            AddressPlan.DEFAULT_ALLOW, InetAddress::isLoopbackAddress);

    private static PoolMember ip(String name, String address, AdminState admin) {
        return new PoolMember(POOL + "/loadBalancerBackendAddresses/" + name, null, address, admin);
    }

    private static Rule rule(String protocol, int port, String probe) {
        return new Rule(RULE, FE, List.of(POOL), probe, protocol, port, port == 0 ? 0 : 8080, Distribution.SOURCE_IP,
                5, true, false, false);
    }

    private static Balancer lb(List<Frontend> frontends, List<PoolMember> members, List<Rule> rules,
                               List<NatRule> nats, List<String> outbound) {
        return new Balancer(LB, frontends, List.of(new Pool(POOL, 30, members)),
                List.of(new Probe(PROBE, ProbeProtocol.TCP, 8080, null, 5, 2, true)), rules, nats, outbound);
    }

    private static Snapshot build(Balancer... lbs) {
        return SnapshotBuilder.build(new DesiredState(List.of(lbs)), PLAN, 7);
    }

    private static InetAddress at(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void articleExampleMapsFrontendAndMembersIntoTheUnderlay() {
        Snapshot s = build(lb(List.of(new Frontend(FE, "10.0.0.10", null)),
                List.of(ip("a", "10.0.0.4", AdminState.NONE), ip("b", "10.0.0.5", AdminState.DOWN)),
                List.of(rule("Tcp", 80, PROBE)), List.of(), List.of()));

        assertThat(s.generation()).isEqualTo(7);
        assertThat(s.problems()).isEmpty();
        assertThat(s.listeners()).hasSize(1);
        Listener l = s.listeners().get(0);
        assertThat(l.ruleId()).isEqualTo(RULE);
        assertThat(l.kind()).isEqualTo(RuleKind.LOAD_BALANCING);
        assertThat(l.transport()).isEqualTo(Transport.TCP);
        assertThat(l.frontend()).isEqualTo(new InetSocketAddress(at("127.10.0.10"), 80));
        assertThat(l.backendPort()).isEqualTo(8080);
        assertThat(l.distribution()).isEqualTo(Distribution.SOURCE_IP);
        assertThat(l.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(l.tcpReset()).isTrue();
        assertThat(l.probeId()).isEqualTo(PROBE.toLowerCase());
        assertThat(l.failOpen()).isTrue();
        assertThat(l.drainPeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(l.members()).containsExactly(
                new Member((POOL + "/loadBalancerBackendAddresses/a").toLowerCase(), null, "10.0.0.4",
                        at("127.10.0.4"), AdminState.NONE),
                new Member((POOL + "/loadBalancerBackendAddresses/b").toLowerCase(), null, "10.0.0.5",
                        at("127.10.0.5"), AdminState.DOWN));
        assertThat(s.probes()).containsExactly(
                new ProbeTarget(PROBE.toLowerCase(), ProbeProtocol.TCP, at("127.10.0.4"), 8080, null,
                        Duration.ofSeconds(5), 2),
                new ProbeTarget(PROBE.toLowerCase(), ProbeProtocol.TCP, at("127.10.0.5"), 8080, null,
                        Duration.ofSeconds(5), 2));
    }

    @Test
    void memberOutsideTheDialableNetworksIsRefusedNeverListedNorProbed() {
        AddressPlan noMapping = AddressPlan.parse(List.of(), AddressPlan.DEFAULT_ALLOW,
                InetAddress::isLoopbackAddress);
        Balancer balancer = lb(List.of(new Frontend(FE, "127.224.0.1", null)),
                List.of(ip("far", "10.0.0.4", AdminState.NONE), ip("near", "127.0.0.9", AdminState.NONE)),
                List.of(rule("Tcp", 80, PROBE)), List.of(), List.of());

        Snapshot s = SnapshotBuilder.build(new DesiredState(List.of(balancer)), noMapping, 1);

        assertThat(s.problems()).containsExactly(new Problem(POOL + "/loadBalancerBackendAddresses/far",
                "member 10.0.0.4", "10.0.0.4 is outside the dialable networks (--backend-allow"
                + " 127.0.0.0/8,::1/128) and has no --underlay mapping"));
        assertThat(s.listeners()).singleElement().satisfies(l -> assertThat(l.members())
                .extracting(Member::overlayAddress).containsExactly("127.0.0.9"));
        assertThat(s.probes()).extracting(ProbeTarget::address).containsExactly(at("127.0.0.9"));
    }

    @Test
    void aMappingOntoANetworkOutsideTheAllowListStillRefuses() {
        AddressPlan plan = AddressPlan.parse(List.of("10.0.0.0/16=192.168.0.0/16"), AddressPlan.DEFAULT_ALLOW,
                a -> true);
        Balancer balancer = lb(List.of(new Frontend(FE, "127.224.0.1", null)),
                List.of(ip("a", "10.0.3.4", AdminState.NONE)), List.of(rule("Tcp", 80, null)), List.of(), List.of());

        Snapshot s = SnapshotBuilder.build(new DesiredState(List.of(balancer)), plan, 1);

        assertThat(s.problems()).extracting(Problem::reason).containsExactly("10.0.3.4 maps to 192.168.3.4, which is"
                + " outside the dialable networks (--backend-allow 127.0.0.0/8,::1/128)");
        assertThat(s.listeners().get(0).members()).isEmpty();
        assertThat(s.probes()).isEmpty();
    }

    @Test
    void aFrontendThatIsNotThisHostsIsReportedAndNotBound() {
        Snapshot s = build(lb(List.of(new Frontend(FE, "10.9.0.10", null)), List.of(ip("a", "10.0.0.4",
                AdminState.NONE)), List.of(rule("Tcp", 80, PROBE)), List.of(), List.of()));

        assertThat(s.listeners()).isEmpty();
        assertThat(s.problems()).containsExactly(new Problem(FE, "frontend 10.9.0.10",
                "10.9.0.10 is not an address of this host and has no --underlay mapping"));
    }

    @Test
    void frontendWithoutAnAddressIsReportedWithItsReason() {
        Snapshot s = build(lb(List.of(new Frontend(FE, null, "not enforced: a frontend on a public IP prefix")),
                List.of(), List.of(rule("Tcp", 80, null)), List.of(), List.of()));

        assertThat(s.listeners()).isEmpty();
        assertThat(s.problems()).containsExactly(new Problem(FE, "frontend",
                "not enforced: a frontend on a public IP prefix"));
    }

    @Test
    void protocolAllBecomesATcpAndAUdpListenerOnOneFrontend() {
        Snapshot s = build(lb(List.of(new Frontend(FE, "127.224.0.1", null)), List.of(ip("a", "10.0.0.4",
                AdminState.NONE)), List.of(rule("All", 53, null)), List.of(), List.of()));

        assertThat(s.listeners()).extracting(Listener::transport).containsExactly(Transport.TCP, Transport.UDP);
        assertThat(s.listeners()).extracting(Listener::frontend).containsOnly(
                new InetSocketAddress(at("127.224.0.1"), 53));
        assertThat(s.listeners().get(0).probeId()).isNull();
        assertThat(s.listeners().get(0).failOpen()).isFalse();
    }

    @Test
    void whatCannotBeEnforcedIsReportedRatherThanPretended() {
        Rule floating = new Rule(RULE, FE, List.of(POOL), PROBE, "Tcp", 80, 80, Distribution.FIVE_TUPLE, 4, false,
                true, true);
        String ha = LB + "/loadBalancingRules/ha";
        Rule haPorts = new Rule(ha, FE, List.of(POOL), PROBE, "All", 0, 0, Distribution.FIVE_TUPLE, 4, false, false,
                false);
        String outbound = LB + "/outboundRules/out";
        Snapshot s = build(lb(List.of(new Frontend(FE, "127.224.0.1", null)), List.of(ip("a", "10.0.0.4",
                AdminState.NONE)), List.of(floating, haPorts), List.of(), List.of(outbound)));

        assertThat(s.listeners()).extracting(Listener::ruleId).containsExactly(RULE);
        assertThat(s.problems()).extracting(Problem::resourceId, Problem::subject).containsExactlyInAnyOrder(
                tuple(RULE, "enableFloatingIP"),
                tuple(RULE, "disableOutboundSnat"),
                tuple(ha, "HA ports"),
                tuple(outbound, "outbound rule"));
        assertThat(s.problems()).allSatisfy(p -> assertThat(p.reason()).startsWith("not enforced: "));
    }

    @Test
    void natRulesV1AndV2BecomeOneListenerPerTargetWithoutProbeOrAdminState() {
        String v1 = LB + "/inboundNatRules/ssh";
        String v2 = LB + "/inboundNatRules/range";
        PoolMember nic = new PoolMember(NIC, NIC, "10.0.0.6", AdminState.NONE);
        PoolMember a = ip("a", "10.0.0.4", AdminState.DOWN);
        PoolMember b = ip("b", "10.0.0.5", AdminState.NONE);
        List<NatRule> nats = List.of(
                new NatRule(v1, FE, "Tcp", 22, 4, false, false, List.of(new NatTarget(2222, nic))),
                new NatRule(v2, FE, "Udp", 9000, 4, false, false,
                        List.of(new NatTarget(50000, a), new NatTarget(50001, b))));
        Snapshot s = build(lb(List.of(new Frontend(FE, "127.224.0.1", null)), List.of(a, b), List.of(), nats,
                List.of()));

        assertThat(s.problems()).isEmpty();
        assertThat(s.listeners()).extracting(Listener::ruleId, Listener::transport, l -> l.frontend().getPort(),
                Listener::backendPort).containsExactly(
                tuple(v1, Transport.TCP, 2222, 22),
                tuple(v2, Transport.UDP, 50000, 9000),
                tuple(v2, Transport.UDP, 50001, 9000));
        assertThat(s.listeners()).allSatisfy(l -> {
            assertThat(l.kind()).isEqualTo(RuleKind.INBOUND_NAT);
            assertThat(l.probeId()).isNull();
            assertThat(l.members()).singleElement().satisfies(m ->
                    assertThat(m.adminState()).isEqualTo(AdminState.NONE));
        });
        assertThat(s.listeners().get(0).members().get(0)).isEqualTo(
                new Member(NIC.toLowerCase(), NIC, "10.0.0.6", at("127.10.0.6"), AdminState.NONE));
        assertThat(s.listeners().get(1).members().get(0).address()).isEqualTo(at("127.10.0.4"));
        assertThat(s.probes()).isEmpty();
    }

    @Test
    void twoRulesSharingAProbeAndAMemberShareOneProbeTarget() {
        Rule second = new Rule(LB + "/loadBalancingRules/other", FE, List.of(POOL), PROBE, "Tcp", 81, 8081,
                Distribution.FIVE_TUPLE, 4, false, false, false);
        Snapshot s = build(lb(List.of(new Frontend(FE, "127.224.0.1", null)), List.of(ip("a", "10.0.0.4",
                AdminState.NONE)), List.of(rule("Tcp", 80, PROBE), second), List.of(), List.of()));

        assertThat(s.listeners()).hasSize(2);
        assertThat(s.probes()).hasSize(1);
    }

    @Test
    void aHostSocketClaimedTwiceIsKeptByTheFirstRuleAndReported() {
        String otherLb = LB + "2";
        Balancer first = lb(List.of(new Frontend(FE, "127.224.0.1", null)), List.of(), List.of(rule("Tcp", 80,
                null)), List.of(), List.of());
        String otherRule = otherLb + "/loadBalancingRules/web";
        Balancer second = new Balancer(otherLb, List.of(new Frontend(otherLb + "/frontendIPConfigurations/fe",
                "127.224.0.1", null)), List.of(), List.of(), List.of(new Rule(otherRule, otherLb
                + "/frontendIPConfigurations/fe", List.of(), null, "Tcp", 80, 80, Distribution.FIVE_TUPLE, 4, false,
                false, false)), List.of(), List.of());

        Snapshot s = build(first, second);

        assertThat(s.listeners()).extracting(Listener::ruleId).containsExactly(RULE);
        assertThat(s.problems()).containsExactly(new Problem(otherRule, "frontend 127.224.0.1:80/TCP",
                "the host socket is already served by " + RULE));
    }

    @Test
    void equalDesiredStateBuildsAnEqualSnapshot() {
        Balancer balancer = lb(List.of(new Frontend(FE, "10.0.0.10", null)), List.of(ip("a", "10.0.0.4",
                AdminState.UP)), List.of(rule("Tcp", 80, PROBE)), List.of(), List.of());
        assertThat(build(balancer)).isEqualTo(build(balancer));
    }

    @Test
    void underlayMappingKeepsTheHostBits() {
        AddressPlan plan = AddressPlan.parse(List.of("10.0.0.0/16=127.10.0.0/16", "fd00:1::/64=::/64"),
                List.of("127.0.0.0/8", "::/64"), a -> true);
        assertThat(plan.dial("10.0.1.5").address()).isEqualTo(at("127.10.1.5"));
        assertThat(plan.dial("10.0.255.254").address()).isEqualTo(at("127.10.255.254"));
        assertThat(plan.dial("fd00:1::1").address()).isEqualTo(at("::1"));
        assertThat(plan.dial("127.0.0.7").address()).isEqualTo(at("127.0.0.7"));
        assertThat(plan.dial("10.1.0.9").allowed()).isFalse();
    }

    @Test
    void underlayFlagsAreCheckedWithOneClearMessage() {
        List<String> allow = AddressPlan.DEFAULT_ALLOW;
        assertThatThrownBy(() -> AddressPlan.parse(List.of("10.0.0.0/16"), allow, a -> true))
                .hasMessage("--underlay: '10.0.0.0/16' is not OVERLAY=UNDERLAY, such as 10.0.0.0/16=127.10.0.0/16");
        assertThatThrownBy(() -> AddressPlan.parse(List.of("10.0.0.0/16=127.10.0.0/24"), allow, a -> true))
                .hasMessage("--underlay: '10.0.0.0/16=127.10.0.0/24' maps a /16 onto a /24; both sides need the"
                        + " same prefix length");
        assertThatThrownBy(() -> AddressPlan.parse(List.of("10.0.0.0/16=nonsense"), allow, a -> true))
                .hasMessageContaining("'nonsense'").hasMessageContaining("is not a CIDR block");
        assertThatThrownBy(() -> AddressPlan.parse(List.of("10.0.0.1/16=127.10.0.0/16"), allow, a -> true))
                .hasMessageContaining("host bits");
        assertThatThrownBy(() -> AddressPlan.parse(List.of("10.0.0.0/16=::/16"), allow, a -> true))
                .hasMessageContaining("IPv4 block onto an IPv6 block");
        assertThatThrownBy(() -> AddressPlan.parse(List.of("10.0.0.0/16=127.10.0.0/16", "10.0.1.0/24=127.11.0.0/24"),
                allow, a -> true)).hasMessageContaining("overlaps 10.0.0.0/16");
        assertThatThrownBy(() -> AddressPlan.parse(List.of(), List.of("127.0.0.0/8", "x"), a -> true))
                .hasMessageStartingWith("--backend-allow: 'x'");
    }
}
