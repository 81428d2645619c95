package io.fulcrum.dataplane.engine;

import static io.fulcrum.dataplane.engine.Rule.member;
import static io.fulcrum.dataplane.engine.Rule.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fulcrum.dataplane.AdminState;
import io.fulcrum.dataplane.Distribution;
import io.fulcrum.dataplane.Member;
import io.fulcrum.dataplane.Problem;
import io.fulcrum.dataplane.StatusBoard;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngineTcpTest {

    private final MapHealth health = new MapHealth();
    private final StatusBoard status = new StatusBoard();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private Engine engine;
    private TcpMember a;
    private TcpMember b;
    private Member memberA;
    private Member memberB;
    private InetSocketAddress frontend;
    private Rule rule;

    @BeforeEach
    void start() throws IOException {
        engine = new Engine(health, status, metrics);
        InetAddress addressA = Loopback.fresh();
        int backendPort = Loopback.freePort(addressA);
        a = new TcpMember("a", addressA, backendPort);
        b = new TcpMember("b", Loopback.fresh(), backendPort);
        memberA = member("a", a.address);
        memberB = member("b", b.address);
        frontend = Loopback.freeEndpoint();
        rule = Rule.tcp(frontend, backendPort, memberA, memberB);
    }

    @AfterEach
    void stop() throws IOException {
        engine.close();
        a.close();
        b.close();
    }

    @Test
    void spreadsConnectionsOverBothMembersAndCountsThem() throws IOException {
        engine.apply(snapshot(rule));

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            seen.add(Client.who(frontend, Loopback.address(127, 0, 0, 1)));
        }

        assertThat(seen).containsExactlyInAnyOrder("a", "b");
        String tag = Frontend.describe(rule.listener().key());
        assertThat(metrics.get("fulcrum.lb.syn.count").tag("frontend", tag).functionCounter().count()).isEqualTo(30);
        assertThat(metrics.get("fulcrum.lb.byte.count").tag("direction", "in").functionCounter().count())
                .isEqualTo(30 * "who\n".length());
        assertThat(metrics.get("fulcrum.lb.vip.availability").gauge().value()).isEqualTo(100);
        assertThat(engine.state()).singleElement().satisfies(state -> {
            assertThat(state.bound()).isTrue();
            assertThat(state.activeFlowsByMember()).containsOnlyKeys(memberA.id(), memberB.id());
        });
    }

    @Test
    void sourceIpKeepsEachClientAddressOnOneMember() throws IOException {
        engine.apply(snapshot(rule.distribution(Distribution.SOURCE_IP)));

        Map<Integer, Set<String>> membersBySource = new HashMap<>();
        for (int source = 1; source <= 16; source++) {
            for (int i = 0; i < 4; i++) {
                membersBySource.computeIfAbsent(source, s -> new HashSet<>())
                        .add(Client.who(frontend, Loopback.address(127, 5, 0, source)));
            }
        }

        assertThat(membersBySource.values()).allSatisfy(members -> assertThat(members).hasSize(1));
        assertThat(membersBySource.values().stream().flatMap(Set::stream)).contains("a", "b");
    }

    @Test
    void adminDownAndRemovalStopNewFlowsWhileEstablishedOnesContinue() throws IOException {
        engine.apply(snapshot(rule));
        try (Client onA = connectTo("a")) {
            engine.apply(snapshot(rule.members(member("a", a.address, AdminState.DOWN), memberB)));
            assertThat(tenNewConnections()).containsOnly("b");
            assertThat(onA.who()).isEqualTo("a");

            engine.apply(snapshot(rule.members(memberB)));
            assertThat(tenNewConnections()).containsOnly("b");
            assertThat(onA.who()).isEqualTo("a");
            assertThat(engine.state().get(0).activeFlowsByMember()).containsEntry(memberA.id(), 1);

            engine.apply(snapshot(rule));
            assertThat(tenNewConnections()).contains("a");
        }
    }

    @Test
    void drainResetsTheRemovedMembersConnectionsAfterThePeriod() throws IOException {
        Rule draining = rule.drain(Duration.ofMillis(400));
        engine.apply(snapshot(draining));
        try (Client onA = connectTo("a"); Client onB = connectTo("b")) {
            engine.apply(snapshot(draining.members(memberB)));

            await().atMost(Duration.ofSeconds(10)).until(onA::ended);
            assertThat(onB.who()).isEqualTo("b");
        }
    }

    @Test
    void memberBackBeforeTheDrainPeriodKeepsItsConnections() throws Exception {
        Rule draining = rule.drain(Duration.ofMillis(300));
        engine.apply(snapshot(draining));
        try (Client onA = connectTo("a")) {
            engine.apply(snapshot(draining.members(member("a", a.address, AdminState.DOWN), memberB)));
            engine.apply(snapshot(draining));

            Thread.sleep(900);
            assertThat(onA.who()).isEqualTo("a");
        }
    }

    @Test
    void healthDownKeepsEstablishedTcpAndSendsNewFlowsElsewhere() throws IOException {
        health.set("probe", a.address, true);
        health.set("probe", b.address, true);
        engine.apply(snapshot(rule.probe("probe", false)));
        try (Client onA = connectTo("a")) {
            health.set("probe", a.address, false);

            assertThat(tenNewConnections()).containsOnly("b");
            assertThat(onA.who()).isEqualTo("a");
        }
    }

    @Test
    void allMembersDownResetsNewConnectionsUnlessFailOpen() throws IOException {
        health.set("probe", a.address, false);
        health.set("probe", b.address, false);
        engine.apply(snapshot(rule.probe("probe", false)));

        assertThat(Client.turnedAway(frontend)).isTrue();
        assertThat(metrics.get("fulcrum.lb.vip.availability").gauge().value()).isZero();

        engine.apply(snapshot(rule.probe("probe", true)));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            seen.add(Client.who(frontend, Loopback.address(127, 0, 0, 1)));
        }
        assertThat(seen).containsExactlyInAnyOrder("a", "b");
        assertThat(metrics.get("fulcrum.lb.vip.availability").gauge().value()).isEqualTo(100);
    }

    @Test
    void idleConnectionIsResetWhenTcpResetIsOn() throws IOException {
        engine.apply(snapshot(rule.idle(Duration.ofMillis(300), true)));
        try (Client client = new Client(frontend)) {
            assertThat(client.who()).isNotNull();

            assertThatThrownBy(() -> client.in.read()).isInstanceOf(SocketException.class);
        }
    }

    @Test
    void idleConnectionIsClosedQuietlyWhenTcpResetIsOff() throws IOException {
        engine.apply(snapshot(rule.idle(Duration.ofMillis(300), false)));
        try (Client client = new Client(frontend)) {
            assertThat(client.who()).isNotNull();

            assertThat(client.in.read()).isEqualTo(-1);
        }
    }

    @Test
    void halfClosedClientStillReadsTheAnswer() throws IOException {
        engine.apply(snapshot(rule));
        try (Client client = new Client(frontend)) {
            client.send("count\nhello");
            client.socket.shutdownOutput();

            String answer = TcpMember.readLine(client.in);
            assertThat(answer).matches("[ab] 5");
            assertThat(client.in.read()).isEqualTo(-1);
        }
    }

    @Test
    void largeTransferArrivesIntact() throws Exception {
        engine.apply(snapshot(rule));
        int size = 64 * 1024 * 1024;
        try (Client client = new Client(frontend)) {
            client.socket.setSoTimeout(30_000);
            CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> sendRandom(client, size));

            CRC32 received = new CRC32();
            long total = 0;
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = client.in.read(buffer)) != -1; total += n) {
                received.update(buffer, 0, n);
            }

            assertThat(total).isEqualTo(size);
            assertThat(received.getValue()).isEqualTo(sent.get());
        }
    }

    /** Writes random bytes after the command line and then a FIN; returns their CRC32. */
    private static long sendRandom(Client client, int size) {
        OutputStream out = client.out;
        try {
            out.write("echo\n".getBytes(StandardCharsets.US_ASCII));
            Random random = new Random(42);
            CRC32 crc = new CRC32();
            byte[] chunk = new byte[256 * 1024];
            for (int left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                int n = Math.min(left, chunk.length);
                crc.update(chunk, 0, n);
                out.write(chunk, 0, n);
            }
            out.flush();
            client.socket.shutdownOutput();
            return crc.getValue();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void portInUseIsReportedAndRetriedWhileOtherListenersWork() throws IOException {
        InetSocketAddress taken = Loopback.freeEndpoint();
        Rule blocked = Rule.tcp(taken, rule.listener().backendPort(), memberA);
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(taken);
            engine.apply(snapshot(rule, blocked));

            Problem expected = new Problem(blocked.listener().ruleId(),
                    "frontend " + taken.getAddress().getHostAddress() + ":" + taken.getPort() + "/TCP",
                    "address already in use");
            assertThat(status.all()).containsExactly(expected);
            assertThat(engine.state()).anySatisfy(state -> {
                assertThat(state.key()).isEqualTo(blocked.listener().key());
                assertThat(state.bound()).isFalse();
                assertThat(state.bindError()).isEqualTo("address already in use");
            });
            assertThat(Client.who(frontend, Loopback.address(127, 0, 0, 1))).isIn("a", "b");
        }

        engine.apply(snapshot(rule, blocked));

        assertThat(status.all()).isEmpty();
        assertThat(Client.who(taken, Loopback.address(127, 0, 0, 1))).isEqualTo("a");
    }

    @Test
    void aPortHeldWithSoReusePortIsStillReportedInUseNotShared() throws IOException {
        // The engine's own sockets use SO_REUSEPORT (one per event loop); another process of this user doing the
        // same, a second Fulcrum with the same public IP pool, must not silently get half of the connections.
        InetSocketAddress taken = Loopback.freeEndpoint();
        Rule blocked = Rule.tcp(taken, rule.listener().backendPort(), memberA);
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.setOption(java.net.StandardSocketOptions.SO_REUSEPORT, true);
            squatter.bind(taken);
            engine.apply(snapshot(rule, blocked));

            assertThat(status.all()).extracting(Problem::reason).containsExactly("address already in use");
        }
    }

    @Test
    void removedListenerClosesItsSocketResetsItsFlowsAndDropsItsMeters() throws IOException {
        engine.apply(snapshot(rule));
        try (Client client = new Client(frontend)) {
            assertThat(client.who()).isNotNull();

            engine.apply(snapshot());

            assertThat(client.ended()).isTrue();
        }
        assertThatThrownBy(() -> new Client(frontend)).isInstanceOf(IOException.class);
        assertThat(metrics.find("fulcrum.lb.syn.count").meters()).isEmpty();
        assertThat(engine.state()).isEmpty();
    }

    @Test
    void memberThatRefusesGetsItsClientsResetAndIsCounted() throws IOException {
        InetAddress nobody = Loopback.fresh();
        engine.apply(snapshot(rule.members(member("gone", nobody))));

        for (int i = 0; i < 3; i++) {
            assertThat(Client.turnedAway(frontend)).isTrue();
        }
        assertThat(metrics.get("fulcrum.lb.backend.connect.failures").functionCounter().count()).isEqualTo(3);
    }

    /** Opens connections until one lands on the named member; the hash decides, so this takes a few tries. */
    private Client connectTo(String name) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            Client client = new Client(frontend);
            if (name.equals(client.who())) {
                return client;
            }
            client.close();
        }
        throw new AssertionError("no connection reached member " + name);
    }

    private Set<String> tenNewConnections() throws IOException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            seen.add(Client.who(frontend, Loopback.address(127, 0, 0, 1)));
        }
        return seen;
    }
}
