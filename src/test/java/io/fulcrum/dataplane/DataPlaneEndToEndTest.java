package io.fulcrum.dataplane;

import static io.fulcrum.dataplane.DataPlaneApi.V;
import static io.fulcrum.dataplane.DataPlaneApi.member;
import static io.fulcrum.dataplane.DataPlaneApi.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.json.Json;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.FulcrumExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The articles' IP-based example carrying real traffic: a VNet 10.0.0.0/16 served through {@code --underlay
 * 10.0.0.0/16=127.10.0.0/16}, members 10.0.0.4 and 10.0.0.5 (servers on 127.10.0.4 and 127.10.0.5), a Standard load
 * balancer with the private frontend 10.0.0.10 (listening on 127.10.0.10), a TCP probe and a rule, all made through
 * the ARM API. A member in 10.1.0.0/16, which has no mapping, must never be dialled.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataPlaneEndToEndTest {

    private static final String FRONTEND = "127.10.0.10";
    private static final Duration PROMPTLY = Duration.ofSeconds(1);
    /** Probes run every 5 s at the least (Azure's minimum interval); a failure shows within one interval. */
    private static final Duration ONE_PROBE = Duration.ofSeconds(15);

    @RegisterExtension
    static final FulcrumExtension fulcrum = DataPlaneApi.server();

    private static final List<NamedServer> servers = new ArrayList<>();
    private static NamedServer memberB;
    private static int backendPort;
    private static int webPort;
    private static int farPort;
    private static int natPort;
    private static int rangeStart;
    private static DataPlaneApi api;
    private static String lb;

    @BeforeAll
    static void loadBalancer() throws Exception {
        servers.add(new NamedServer("a", "127.10.0.4", 0));
        backendPort = servers.get(0).port();
        memberB = new NamedServer("b", "127.10.0.5", backendPort);
        servers.add(memberB);
        servers.add(new NamedServer("nic", "127.10.0.6", backendPort));
        webPort = NamedServer.freePort(FRONTEND);
        farPort = NamedServer.freePort(FRONTEND);
        natPort = NamedServer.freePort(FRONTEND);
        rangeStart = NamedServer.freePort(FRONTEND);
        while (inNatRange(webPort) || inNatRange(farPort) || inNatRange(natPort)) {
            rangeStart = NamedServer.freePort(FRONTEND); // the system picks ports anywhere, the range included
        }

        api = DataPlaneApi.withVnet(fulcrum, "dp");
        String far = api.group + "/providers/Microsoft.Network/virtualNetworks/far";
        ok(fulcrum.arm().put(far + V, DataPlaneApi.network("10.1.0.0/16", "10.1.0.0/24")));
        lb = api.loadBalancer("lb");
        ok(fulcrum.arm().put(lb + V, """
                {"location": "eastus", "sku": {"name": "Standard"}, "properties": {
                  "frontendIPConfigurations": [{"name": "fe", "properties": {
                    "subnet": {"id": "%1$s/subnets/s"}, "privateIPAddress": "10.0.0.10",
                    "privateIPAllocationMethod": "Static"}}],
                  "backendAddressPools": [
                    {"name": "web", "properties": {"loadBalancerBackendAddresses": [%2$s, %3$s]}},
                    {"name": "far", "properties": {"loadBalancerBackendAddresses": [
                      {"name": "x", "properties": {"ipAddress": "10.1.0.9", "virtualNetwork": {"id": "%4$s"}}}]}}],
                  "probes": [{"name": "tcp", "properties": {"protocol": "Tcp", "port": %5$d,
                    "intervalInSeconds": 5}}],
                  "loadBalancingRules": [
                    {"name": "web", "properties": %6$s},
                    {"name": "far", "properties": %7$s}],
                  "inboundNatRules": [
                    {"name": "ssh", "properties": {"frontendIPConfiguration": {"id": "%8$s/frontendIPConfigurations/fe"},
                      "protocol": "Tcp", "frontendPort": %9$d, "backendPort": %5$d}},
                    {"name": "range", "properties": {"frontendIPConfiguration": {"id": "%8$s/frontendIPConfigurations/fe"},
                      "backendAddressPool": {"id": "%8$s/backendAddressPools/web"}, "protocol": "Tcp",
                      "frontendPortRangeStart": %10$d, "frontendPortRangeEnd": %11$d, "backendPort": %5$d}}]}}
                """.formatted(api.vnet, address("a", "10.0.0.4", null), address("b", "10.0.0.5", null), far, backendPort,
                rule("web", webPort), rule("far", farPort), lb, natPort, rangeStart, rangeStart + 9)));
        ok(fulcrum.arm().put(api.group + "/providers/Microsoft.Network/networkInterfaces/nic" + V, """
                {"location": "eastus", "properties": {"ipConfigurations": [{"name": "ipconfig1", "properties": {
                  "subnet": {"id": "%s/subnets/s"}, "privateIPAddress": "10.0.0.6",
                  "privateIPAllocationMethod": "Static",
                  "loadBalancerInboundNatRules": [{"id": "%s/inboundNatRules/ssh"}]}}]}}
                """.formatted(api.vnet, lb)));
    }

    @AfterAll
    static void stopMembers() throws Exception {
        for (NamedServer s : servers) {
            s.close();
        }
    }

    /** Whether {@code port} is one of the range NAT rule's ten frontend ports. */
    private static boolean inNatRange(int port) {
        return port >= rangeStart && port <= rangeStart + 9;
    }

    private static String address(String name, String ip, String adminState) {
        return api.address(name, ip, adminState);
    }

    private static String rule(String pool, int frontendPort) {
        return """
                {"frontendIPConfiguration": {"id": "%1$s/frontendIPConfigurations/fe"},
                 "backendAddressPool": {"id": "%1$s/backendAddressPools/%2$s"}, "probe": {"id": "%1$s/probes/tcp"},
                 "protocol": "Tcp", "frontendPort": %3$d, "backendPort": %4$d}
                """.formatted(lb, pool, frontendPort, backendPort);
    }

    private static void putWebPool(String... addresses) {
        ok(fulcrum.arm().put(lb + "/backendAddressPools/web" + V, "{\"properties\": {\"loadBalancerBackendAddresses\": ["
                + String.join(", ", addresses) + "]}}"));
    }

    /** Who answers 20 new connections to the web rule. */
    private static Set<String> answering() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            names.add(NamedServer.ask(FRONTEND, webPort));
        }
        return names;
    }

    private static JsonNode health(String rule) {
        return api.health(lb, rule);
    }

    @Test
    @Order(1)
    void bothMembersAnswerThroughTheMappedFrontend() {
        await().atMost(ONE_PROBE).untilAsserted(() -> assertThat(answering()).containsExactlyInAnyOrder("a", "b"));
        JsonNode h = health("web");
        assertThat(h.path("up").asInt()).isEqualTo(2);
        assertThat(h.path("down").asInt()).isZero();
        assertThat(member(h, "10.0.0.4").path("state").asText()).isEqualTo("Up");
        assertThat(member(h, "10.0.0.4").path("reason").asText()).isEqualTo("Up_Probe_Success");
        assertThat(member(h, "10.0.0.4").has("networkInterfaceIPConfigurationId")).isFalse();
    }

    @Test
    @Order(2)
    void adminStateDownSendsNewConnectionsToTheOtherMember() {
        putWebPool(address("a", "10.0.0.4", null), address("b", "10.0.0.5", "Down"));
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(answering()).containsExactly("a"));
        JsonNode b = member(health("web"), "10.0.0.5");
        assertThat(b.path("state").asText()).isEqualTo("Down");
        assertThat(b.path("reason").asText()).contains("adminState is Down");

        putWebPool(address("a", "10.0.0.4", null), address("b", "10.0.0.5", null));
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(answering()).containsExactlyInAnyOrder("a", "b"));
    }

    @Test
    @Order(3)
    void aRemovedMemberTakesNoNewConnections() {
        putWebPool(address("a", "10.0.0.4", null));
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(answering()).containsExactly("a"));
        assertThat(health("web").path("loadBalancerBackendAddresses")).hasSize(1);

        putWebPool(address("a", "10.0.0.4", null), address("b", "10.0.0.5", null));
        await().atMost(ONE_PROBE).untilAsserted(() -> assertThat(answering()).containsExactlyInAnyOrder("a", "b"));
    }

    @Test
    @Order(4)
    void natRulesReachTheirMembers() {
        // v1: the NIC ip configuration 10.0.0.6 that names the rule.
        assertThat(NamedServer.ask(FRONTEND, natPort)).isEqualTo("nic");
        // v2: one port per pool member, in pool order, as inboundNatRulesPortMapping shows them.
        JsonNode pool = fulcrum.arm().get(lb + "/backendAddressPools/web" + V).json();
        Map<String, Integer> ports = new HashMap<>();
        for (JsonNode m : pool.path("properties").path("loadBalancerBackendAddresses")) {
            ports.put(m.path("name").asText(), m.path("properties").path("inboundNatRulesPortMapping").get(0)
                    .path("frontendPort").asInt());
        }
        assertThat(ports).containsEntry("a", rangeStart).containsEntry("b", rangeStart + 1);
        assertThat(NamedServer.ask(FRONTEND, ports.get("a"))).isEqualTo("a");
        assertThat(NamedServer.ask(FRONTEND, ports.get("b"))).isEqualTo("b");
    }

    @Test
    @Order(5)
    void aMemberWithoutUnderlayMappingIsNeverDialledAndSaysWhy() {
        String refusal = "10.1.0.9 is outside the dialable networks (--backend-allow 127.0.0.0/8,::1/128) and has no"
                + " --underlay mapping";
        JsonNode h = health("far");
        assertThat(h.path("up").asInt()).isZero();
        assertThat(h.path("down").asInt()).isEqualTo(1);
        assertThat(member(h, "10.1.0.9").path("state").asText()).isEqualTo("Down");
        assertThat(member(h, "10.1.0.9").path("reason").asText()).contains(refusal);

        Reply view = fulcrum.arm().get("/fulcrum/dataplane");
        assertThat(view.status()).as(view.text()).isEqualTo(200);
        assertThat(view.json().path("problems")).anySatisfy(p -> {
            assertThat(p.path("resourceId").asText()).isEqualTo(lb + "/backendAddressPools/far"
                    + "/loadBalancerBackendAddresses/x");
            assertThat(p.path("subject").asText()).isEqualTo("member 10.1.0.9");
            assertThat(p.path("reason").asText()).isEqualTo(refusal);
        });
        // Not a member of the listener, so never dialled; and no probe target, so never probed.
        assertThat(view.json().path("listeners")).anySatisfy(l -> {
            assertThat(l.path("ruleId").asText()).isEqualTo(lb + "/loadBalancingRules/far");
            assertThat(l.path("bound").asBoolean()).isTrue();
            assertThat(l.path("members")).isEmpty();
        });
        assertThat(view.text()).doesNotContain("127.10.1.9").doesNotContain("\"address\":\"10.1.0.9\"");

        Reply anonymous = fulcrum.arm().send("GET", "/fulcrum/dataplane", null, null, null, Map.of());
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    @Order(6)
    void aMemberWhoseProbeFailsLeavesAndTheHealthActionSaysSo() throws Exception {
        memberB.close();
        await().atMost(ONE_PROBE).untilAsserted(() -> {
            JsonNode b = member(health("web"), "10.0.0.5");
            assertThat(b.path("state").asText()).isEqualTo("Down");
            assertThat(b.path("reason").asText()).startsWith("Down_Probe_Failure");
        });
        assertThat(health("web").path("up").asInt()).isEqualTo(1);
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(answering()).containsExactly("a"));
    }

    @Test
    @Order(7)
    void metricsShowBytesAndMemberAvailabilityWithoutAToken() {
        Reply r = fulcrum.arm().send("GET", "/metrics", null, null, null, Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.text()).contains("fulcrum_lb_byte_count").contains("fulcrum_lb_dip_availability");
        assertThat(r.text().lines().filter(l -> l.startsWith("fulcrum_lb_byte_count"))
                .anyMatch(l -> !l.endsWith(" 0.0"))).as("some bytes were counted").isTrue();
    }

    @Test
    @Order(8)
    void anUnknownRuleIsNotFound() {
        Reply r = fulcrum.arm().post(lb + "/loadBalancingRules/nope/health" + V, null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("NotFound");
    }
    @Test
    @Order(9)
    void aNicThatJoinsANicBasedPoolTakesItsFlowsAtItsPresentAddress() throws Exception {
        servers.add(new NamedServer("nic7", "127.10.0.7", backendPort));
        servers.add(new NamedServer("nic8", "127.10.0.8", backendPort));
        int picked = NamedServer.freePort(FRONTEND);
        while (inNatRange(picked)) {
            picked = NamedServer.freePort(FRONTEND);
        }
        int nicPort = picked;
        // Rules have no PUT of their own (as in Azure): the load balancer is written back with the pool and rule.
        ObjectNode whole = (ObjectNode) fulcrum.arm().get(lb + V).json();
        ObjectNode props = (ObjectNode) whole.path("properties");
        props.withArray("backendAddressPools").addObject().put("name", "nics");
        props.withArray("loadBalancingRules").addObject().put("name", "nics")
                .set("properties", Json.read(rule("nics", nicPort)));
        ok(fulcrum.arm().put(lb + V, whole.toString()));
        String nic = api.group + "/providers/Microsoft.Network/networkInterfaces/joiner";
        String body = """
                {"location": "eastus", "properties": {"ipConfigurations": [{"name": "ipconfig1", "properties": {
                  "subnet": {"id": "%s/subnets/s"}, "privateIPAddress": "%s", "privateIPAllocationMethod": "Static",
                  "loadBalancerBackendAddressPools": [{"id": "%s/backendAddressPools/nics"}]}}]}}
                """;

        ok(fulcrum.arm().put(nic + V, body.formatted(api.vnet, "10.0.0.7", lb)));
        await().atMost(ONE_PROBE).until(() -> NamedServer.ask(FRONTEND, nicPort), "nic7"::equals);

        // The same ip configuration moves to another address: new flows follow it there.
        ok(fulcrum.arm().put(nic + V, body.formatted(api.vnet, "10.0.0.8", lb)));
        await().atMost(ONE_PROBE).until(() -> NamedServer.ask(FRONTEND, nicPort), "nic8"::equals);
        assertThat(member(api.health(lb, "nics"), "10.0.0.8").path("state").asText()).isEqualTo("Up");
    }
}
