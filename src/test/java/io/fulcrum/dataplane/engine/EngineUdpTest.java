package io.fulcrum.dataplane.engine;

import static io.fulcrum.dataplane.engine.Rule.member;
import static io.fulcrum.dataplane.engine.Rule.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.dataplane.Member;
import io.fulcrum.dataplane.StatusBoard;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngineUdpTest {

    private final MapHealth health = new MapHealth();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private Engine engine;
    private UdpMember a;
    private UdpMember b;
    private Member memberA;
    private Member memberB;
    private InetSocketAddress frontend;
    private Rule rule;

    @BeforeEach
    void start() throws IOException {
        engine = new Engine(health, new StatusBoard(), metrics);
        InetAddress addressA = Loopback.fresh();
        int backendPort = Loopback.freePort(addressA);
        a = new UdpMember("a", addressA, backendPort);
        b = new UdpMember("b", Loopback.fresh(), backendPort);
        memberA = member("a", a.address);
        memberB = member("b", b.address);
        frontend = Loopback.freeEndpoint();
        rule = Rule.udp(frontend, backendPort, memberA, memberB);
    }

    @AfterEach
    void stop() {
        engine.close();
        a.close();
        b.close();
    }

    @Test
    void roundTripsThroughOneSessionThatExpiresWhenIdle() throws IOException {
        engine.apply(snapshot(rule.idle(Duration.ofMillis(300), false)));
        try (UdpClient client = new UdpClient(frontend, Loopback.address(127, 5, 1, 1))) {
            String first = client.ask("hello", 2_000);
            assertThat(first).matches("[ab]\\|hello");
            assertThat(client.ask("again", 2_000)).startsWith(first.substring(0, 2));
            assertThat(activeSessions()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(5)).until(() -> activeSessions() == 0);
            assertThat(client.ask("later", 2_000)).matches("[ab]\\|later");
        }
        assertThat(metrics.get("fulcrum.lb.packet.count").tag("direction", "in").functionCounter().count())
                .isEqualTo(3);
    }

    @Test
    void clientsSpreadOverBothMembers() throws IOException {
        engine.apply(snapshot(rule));
        Set<String> seen = new HashSet<>();
        for (int source = 1; source <= 16; source++) {
            try (UdpClient client = new UdpClient(frontend, Loopback.address(127, 5, 2, source))) {
                seen.add(client.member());
            }
        }
        assertThat(seen).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void sessionsMoveOffAnUnhealthyMemberAndEndWhenNoneIsLeft() throws IOException {
        health.set("probe", a.address, true);
        health.set("probe", b.address, true);
        engine.apply(snapshot(rule.probe("probe", false)));
        try (UdpClient client = new UdpClient(frontend, Loopback.address(127, 5, 3, 1))) {
            String first = client.member();
            UdpMember firstMember = first.equals("a") ? a : b;

            health.set("probe", firstMember.address, false);
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.member().equals(first));

            health.set("probe", a.address, false);
            health.set("probe", b.address, false);
            await().atMost(Duration.ofSeconds(5)).until(() -> activeSessions() == 0);
            assertThat(client.ask("dropped", 300)).isNull();
        }
    }

    @Test
    void removedMemberLosesItsSessions() throws IOException {
        engine.apply(snapshot(rule));
        try (UdpClient client = new UdpClient(frontend, Loopback.address(127, 5, 4, 1))) {
            String first = client.member();
            Member survivor = first.equals("a") ? memberB : memberA;

            engine.apply(snapshot(rule.members(survivor)));

            await().atMost(Duration.ofSeconds(5)).until(() -> !client.member().equals(first));
        }
    }

    private int activeSessions() {
        return engine.state().get(0).activeFlowsByMember().values().stream().mapToInt(Integer::intValue).sum();
    }
}
