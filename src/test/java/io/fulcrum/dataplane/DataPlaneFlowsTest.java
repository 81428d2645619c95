package io.fulcrum.dataplane;

import static io.fulcrum.dataplane.DataPlaneApi.V;
import static io.fulcrum.dataplane.DataPlaneApi.member;
import static io.fulcrum.dataplane.DataPlaneApi.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.dataplane.engine.UdpMember;
import io.fulcrum.testkit.FulcrumExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flows through a real server, every setting made through the ARM API: UDP and "All" rules, SourceIP affinity,
 * connection draining on pool removal, established connections outliving a failed probe, and what happens when no
 * member is healthy. One load balancer on the frontend 10.0.0.20 (listening on 127.10.0.20) with three pools, each
 * test using pools no other test changes:
 * <ul>
 *   <li>pair: a 10.0.1.4, b 10.0.1.5 (TCP and UDP members), for the UDP rule, the All NAT rule, SourceIP and the
 *       no-healthy-member rules;
 *   <li>drain: c 10.0.1.6, d 10.0.1.7, with drainPeriodInSeconds 2;
 *   <li>watch: e 10.0.1.8, f 10.0.1.9, probed on a separate health port that the test can close.
 * </ul>
 * UDP session expiry is not tested here: the API's smallest idleTimeoutInMinutes is 4, so EngineUdpTest covers it at
 * the engine level with a short timeout.
 */
@Timeout(120)
class DataPlaneFlowsTest {

    private static final String FRONTEND = "127.10.0.20";
    /** A change the API has replied to shows in new connections at once; this only absorbs a slow machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(2);
    /** Probes run every 5 s (Azure's minimum interval): a failure shows within one interval. */
    private static final Duration ONE_PROBE = Duration.ofSeconds(20);
    private static final int DRAIN_SECONDS = 2;

    @RegisterExtension
    static final FulcrumExtension fulcrum = DataPlaneApi.server();

    private static final List<AutoCloseable> members = new ArrayList<>();
    private static final Map<String, NamedServer> healthServers = new HashMap<>();
    private static final Map<String, Integer> frontendPorts = new HashMap<>();
    private static DataPlaneApi api;
    private static String lb;

    @BeforeAll
    static void loadBalancer() throws Exception {
        NamedServer first = new NamedServer("a", "127.10.1.4", 0);
        members.add(first);
        int backendPort = first.port();
        Map<String, String> underlay = Map.of("b", "127.10.1.5", "c", "127.10.1.6", "d", "127.10.1.7",
                "e", "127.10.1.8", "f", "127.10.1.9");
        for (Map.Entry<String, String> m : underlay.entrySet()) {
            members.add(new NamedServer(m.getKey(), m.getValue(), backendPort));
        }
        // Azure lets two rules share a pool only on different backend ports (per protocol): the rules that find
        // every probe down get ports of their own on a and b.
        int closedPort = NamedServer.freePort("127.10.1.4");
        int openPort = NamedServer.freePort("127.10.1.4");
        for (int port : List.of(closedPort, openPort)) {
            members.add(new NamedServer("a", "127.10.1.4", port));
            members.add(new NamedServer("b", "127.10.1.5", port));
        }
        members.add(new UdpMember("a", InetAddress.getByName("127.10.1.4"), backendPort));
        members.add(new UdpMember("b", InetAddress.getByName("127.10.1.5"), backendPort));
        NamedServer healthE = new NamedServer("health-e", "127.10.1.8", 0);
        int healthPort = healthE.port();
        healthServers.put("e", healthE);
        healthServers.put("f", new NamedServer("health-f", "127.10.1.9", healthPort));
        int deadPort = NamedServer.freePort("127.10.1.4");
        int deadOpenPort = NamedServer.freePort("127.10.1.4");
        for (String rule : List.of("udp", "src", "drain", "watch", "closed", "open")) {
            frontendPorts.put(rule, NamedServer.freePort(FRONTEND));
        }
        // An inbound NAT rule's port range, one port per pair member in pool order (a, then b); on an address nothing
        // else uses, the ports after a free one are as good as free, for TCP and UDP alike.
        // The range must also keep clear of the rules' own ports, which the system picked anywhere.
        int rangeStart = NamedServer.freePort(FRONTEND);
        while (overlapsRulePort(rangeStart, rangeStart + 9)) {
            rangeStart = NamedServer.freePort(FRONTEND);
        }
        frontendPorts.put("all", rangeStart);

        api = DataPlaneApi.withVnet(fulcrum, "flows");
        lb = api.loadBalancer("lb");
        ok(fulcrum.arm().put(lb + V, """
                {"location": "eastus", "sku": {"name": "Standard"}, "properties": {
                  "frontendIPConfigurations": [{"name": "fe", "properties": {
                    "subnet": {"id": "%s/subnets/s"}, "privateIPAddress": "10.0.0.20",
                    "privateIPAllocationMethod": "Static"}}],
                  "backendAddressPools": [
                    {"name": "pair", "properties": {"loadBalancerBackendAddresses": [%s, %s]}},
                    %s,
                    {"name": "watch", "properties": {"loadBalancerBackendAddresses": [%s, %s]}}],
                  "probes": [%s, %s, %s, %s],
                  "loadBalancingRules": [%s, %s, %s, %s, %s, %s],
                  "inboundNatRules": [%s]}}
                """.formatted(api.vnet,
                api.address("a", "10.0.1.4", null), api.address("b", "10.0.1.5", null),
                drainPool("c", "d"),
                api.address("e", "10.0.1.8", null), api.address("f", "10.0.1.9", null),
                probe("tcp", backendPort, null), probe("health", healthPort, null), probe("dead", deadPort, null),
                probe("deadOpen", deadOpenPort, "AllProbedUp"),
                rule("udp", "Udp", "pair", "tcp", null, backendPort),
                rule("src", "Tcp", "pair", "tcp", "SourceIP", backendPort),
                rule("drain", "Tcp", "drain", "tcp", null, backendPort),
                rule("watch", "Tcp", "watch", "health", null, backendPort),
                rule("closed", "Tcp", "pair", "dead", null, closedPort),
                rule("open", "Tcp", "pair", "deadOpen", null, openPort),
                """
                {"name": "all", "properties": {"frontendIPConfiguration": {"id": "%1$s/frontendIPConfigurations/fe"},
                 "backendAddressPool": {"id": "%1$s/backendAddressPools/pair"}, "protocol": "All",
                 "frontendPortRangeStart": %2$d, "frontendPortRangeEnd": %3$d, "backendPort": %4$d}}
                """.formatted(lb, frontendPorts.get("all"), frontendPorts.get("all") + 9, backendPort))));
    }

    @AfterAll
    static void stopMembers() throws Exception {
        for (AutoCloseable m : members) {
            m.close();
        }
        for (NamedServer s : healthServers.values()) {
            s.close();
        }
    }

    private static String drainPool(String... names) {
        List<String> addresses = new ArrayList<>();
        for (String name : names) {
            addresses.add(api.address(name, ip(name), null));
        }
        return "{\"name\": \"drain\", \"properties\": {\"drainPeriodInSeconds\": " + DRAIN_SECONDS
                + ", \"loadBalancerBackendAddresses\": [" + String.join(", ", addresses) + "]}}";
    }

    /** The overlay address of member a..f: 10.0.1.4..10.0.1.9. */
    private static String ip(String member) {
        return "10.0.1." + (4 + member.charAt(0) - 'a');
    }

    private static boolean overlapsRulePort(int first, int last) {
        return frontendPorts.values().stream().anyMatch(port -> port >= first && port <= last);
    }

    private static String probe(String name, int port, String whenNoneHealthy) {
        return """
                {"name": "%s", "properties": {"protocol": "Tcp", "port": %d, "intervalInSeconds": 5%s}}
                """.formatted(name, port,
                whenNoneHealthy == null ? "" : ", \"noHealthyBackendsBehavior\": \"" + whenNoneHealthy + "\"");
    }

    private static String rule(String name, String protocol, String pool, String probe, String distribution,
                               int backendPort) {
        return """
                {"name": "%1$s", "properties": {"frontendIPConfiguration": {"id": "%2$s/frontendIPConfigurations/fe"},
                 "backendAddressPool": {"id": "%2$s/backendAddressPools/%3$s"}, "probe": {"id": "%2$s/probes/%4$s"},
                 "protocol": "%5$s", "frontendPort": %6$d, "backendPort": %7$d%8$s}}
                """.formatted(name, lb, pool, probe, protocol, frontendPorts.get(name), backendPort,
                distribution == null ? "" : ", \"loadDistribution\": \"" + distribution + "\"");
    }

    /** Who answers 20 new TCP connections to a rule's frontend. */
    private static Set<String> answering(String rule) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            names.add(NamedServer.ask(FRONTEND, frontendPorts.get(rule)));
        }
        return names;
    }

    private static void awaitUp(String rule, int up) {
        await().atMost(ONE_PROBE).untilAsserted(() -> assertThat(api.health(lb, rule).path("up").asInt())
                .isEqualTo(up));
    }

    /** Which member each of 20 UDP clients (20 source ports) reaches; each asks three times. */
    private static Map<Integer, Set<String>> udpAnswers(String rule) throws IOException {
        Map<Integer, Set<String>> byClient = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    0))) {
                Set<String> names = new HashSet<>();
                for (int round = 0; round < 3; round++) {
                    String answer = ask(client, FRONTEND, frontendPorts.get(rule), "ping" + round);
                    assertThat(answer).endsWith("|ping" + round);
                    names.add(answer.substring(0, answer.indexOf('|')));
                }
                byClient.put(client.getLocalPort(), names);
            }
        }
        return byClient;
    }

    @Test
    void udpRoundTripsReachBothMembersAndEachClientStaysOnItsMember() throws Exception {
        awaitUp("udp", 2);
        Map<Integer, Set<String>> byClient = udpAnswers("udp");

        assertThat(byClient.values()).allSatisfy(names -> assertThat(names).hasSize(1));
        assertThat(byClient.values().stream().flatMap(Set::stream)).contains("a", "b");
    }

    /**
     * The API takes protocol All on a load-balancing rule only as an HA-ports rule (port 0), which a user-space relay
     * cannot serve and reports as not enforced; an inbound NAT rule carries All on real ports, one per member.
     */
    @Test
    void aNatRuleForAllProtocolsCarriesTcpAndUdpToEachMember() throws Exception {
        int first = frontendPorts.get("all");
        await().atMost(PROMPTLY).untilAsserted(() -> {
            assertThat(NamedServer.ask(FRONTEND, first)).isEqualTo("a");
            assertThat(NamedServer.ask(FRONTEND, first + 1)).isEqualTo("b");
        });
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertThat(ask(client, FRONTEND, first, "one")).isEqualTo("a|one");
            assertThat(ask(client, FRONTEND, first + 1, "two")).isEqualTo("b|two");
        }
    }

    @Test
    void sourceIpKeepsEachClientAddressOnOneMemberAndSpreadsAddressesOverBoth() {
        awaitUp("src", 2);
        Map<String, Set<String>> byClient = new HashMap<>();
        for (int host = 1; host <= 16; host++) {
            String client = "127.0.5." + host;
            Set<String> names = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                names.add(NamedServer.ask(client, FRONTEND, frontendPorts.get("src")));
            }
            byClient.put(client, names);
        }

        assertThat(byClient.values()).allSatisfy(names -> assertThat(names).hasSize(1).doesNotContain(""));
        // 16 addresses all hashed to one of two members would be a 1 in 32768 coincidence.
        assertThat(byClient.values().stream().flatMap(Set::stream)).contains("a", "b");
    }

    @Test
    void aRemovedMembersConnectionLastsTheDrainPeriodThenIsResetAndNewConnectionsAvoidIt() throws Exception {
        awaitUp("drain", 2);
        try (Conversation held = new Conversation(frontendPorts.get("drain"))) {
            String leaving = held.member;
            String staying = leaving.equals("c") ? "d" : "c";
            assertThat(held.echoes()).isTrue();

            ok(fulcrum.arm().put(lb + "/backendAddressPools/drain" + V, drainPool(staying)));

            // Well inside the 2 s drain period the connection still carries data both ways...
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(held::echoes);
            assertThat(answering("drain")).containsExactly(staying);
            // ...and once it has passed, both sides are reset.
            await().atMost(Duration.ofSeconds(15)).until(() -> !held.echoes());
        }
    }

    @Test
    void anEstablishedConnectionOutlivesItsMembersProbeWhileNewConnectionsAvoidIt() throws Exception {
        awaitUp("watch", 2);
        try (Conversation held = new Conversation(frontendPorts.get("watch"))) {
            String failing = held.member;
            String other = failing.equals("e") ? "f" : "e";

            healthServers.get(failing).stopListening();
            await().atMost(ONE_PROBE).untilAsserted(() -> {
                JsonNode m = member(api.health(lb, "watch"), ip(failing));
                assertThat(m.path("state").asText()).isEqualTo("Down");
                assertThat(m.path("reason").asText()).startsWith("Down_Probe_Failure");
            });

            assertThat(held.echoes()).isTrue();
            await().atMost(PROMPTLY).untilAsserted(() -> assertThat(answering("watch")).containsExactly(other));
            assertThat(held.echoes()).isTrue();
        }
    }

    @Test
    void withEveryProbeDownAllProbedUpStillReachesTheMembersAndTheDefaultRefuses() {
        // Nothing listens on either probe's port, so the first probe of each member already fails.
        awaitDown("closed");
        awaitDown("open");

        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(answering("open")).containsExactlyInAnyOrder("a", "b"));
        assertThat(answering("closed")).containsExactly("");
    }

    private static void awaitDown(String rule) {
        await().atMost(ONE_PROBE).untilAsserted(() -> {
            JsonNode h = api.health(lb, rule);
            assertThat(h.path("down").asInt()).isEqualTo(2);
            assertThat(h.path("loadBalancerBackendAddresses"))
                    .allSatisfy(m -> assertThat(m.path("reason").asText()).startsWith("Down_Probe_Failure"));
        });
    }

    /** One long-lived TCP connection through a frontend: learns its member from the greeting, then echoes lines. */
    private static final class Conversation implements AutoCloseable {

        private final Socket socket = new Socket();
        private final InputStream in;
        private final OutputStream out;
        final String member;

        Conversation(int frontendPort) throws IOException {
            socket.connect(new InetSocketAddress(InetAddress.getByName(FRONTEND), frontendPort), 2_000);
            socket.setSoTimeout(2_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            member = NamedServer.readLine(in);
            assertThat(member).as("greeting").isNotEmpty();
        }

        /** Whether a line sent now comes back; false once the connection is reset or ended. */
        boolean echoes() {
            try {
                String line = "still there " + System.nanoTime();
                out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return NamedServer.readLine(in).equals(line);
            } catch (IOException resetOrEnded) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Sends {@code payload} from {@code client} to {@code address:port} and returns the answer to it, sending again
     * when none comes within two seconds (a datagram may be lost, or late on a busy machine) and skipping late answers
     * to earlier payloads; "" when five tries bring nothing.
     */
    private static String ask(DatagramSocket client, String address, int port, String payload) throws IOException {
        byte[] out = payload.getBytes(StandardCharsets.UTF_8);
        InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(address), port);
        client.setSoTimeout(2_000);
        byte[] in = new byte[2048];
        for (int attempt = 0; attempt < 5; attempt++) {
            client.send(new DatagramPacket(out, out.length, to));
            try {
                while (true) {
                    DatagramPacket answer = new DatagramPacket(in, in.length);
                    client.receive(answer);
                    String text = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
                    if (text.endsWith("|" + payload)) {
                        return text;
                    }
                }
            } catch (SocketTimeoutException silence) {
                // Send again.
            }
        }
        return "";
    }
}
