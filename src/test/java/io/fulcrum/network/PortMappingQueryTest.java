package io.fulcrum.network;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.FulcrumExtension;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST .../backendAddressPools/{pool}/queryInboundNatRulePortMapping}: the ports v2 NAT rules give one member,
 * named by address or by NIC ip configuration, the same ones the pool shows in its members'
 * {@code inboundNatRulesPortMapping}; bad bodies and unknown pools are refused.
 */
class PortMappingQueryTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String V = "?api-version=2023-09-01";

    static String group;
    static String vnet;
    static String subnet;
    static String lb;
    static String nicConfig;

    @BeforeAll
    static void loadBalancer() {
        group = "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/rg1";
        fulcrum.arm().put(group + "?api-version=2021-04-01", "{\"location\":\"eastus\"}");
        vnet = group + "/providers/Microsoft.Network/virtualNetworks/vnet";
        ok(fulcrum.arm().put(vnet + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":"
                + "[\"10.0.0.0/16\"]},\"subnets\":[{\"name\":\"s1\",\"properties\":{"
                + "\"addressPrefix\":\"10.0.1.0/24\"}}]}}"));
        subnet = vnet + "/subnets/s1";
        LbBody body = new LbBody(group + "/providers/Microsoft.Network/loadBalancers/lb", "Standard")
                .frontend("fe", subnet).pool("ips").pool("nics").pool("plain")
                .natRuleOnPool("rdp", "fe", "ips", 3389, 4000, 3389)
                .natRuleOnPool("dns", "fe", "ips", 5353, 5353, 53)
                .natRuleOnPool("ssh", "fe", "nics", 50000, 50010, 22);
        body.item("inboundNatRules", "dns").put("protocol", "Udp");
        addresses(body.item("backendAddressPools", "ips"), vnet, "a1", "10.0.1.4", "a2", "10.0.1.5");
        addresses(body.item("backendAddressPools", "plain"), vnet, "p1", "10.0.1.6");
        ok(fulcrum.arm().put(body.id + V, body.json()));
        lb = body.id;
        String nic = group + "/providers/Microsoft.Network/networkInterfaces/member";
        ok(fulcrum.arm().put(nic + V, "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":[{\"name\":"
                + "\"ipconfig1\",\"properties\":{\"subnet\":{\"id\":\"" + subnet + "\"},\"privateIPAllocationMethod\":"
                + "\"Static\",\"privateIPAddress\":\"10.0.1.10\",\"loadBalancerBackendAddressPools\":[{\"id\":\""
                + lb + "/backendAddressPools/nics\"}]}}]}}"));
        nicConfig = nic + "/ipConfigurations/ipconfig1";
    }

    /** Sets a pool's addresses, given as name, IP, name, IP ... in {@code network}. */
    static void addresses(ObjectNode poolProperties, String network, String... nameIp) {
        ArrayNode list = poolProperties.putArray("loadBalancerBackendAddresses");
        for (int i = 0; i < nameIp.length; i += 2) {
            ObjectNode p = list.addObject().put("name", nameIp[i]).putObject("properties");
            p.put("ipAddress", nameIp[i + 1]);
            p.putObject("virtualNetwork").put("id", network);
        }
    }

    static void ok(Reply r) {
        assertThat(r.status()).as(r.text()).isIn(200, 201);
    }

    static Reply query(String pool, String body) {
        return fulcrum.arm().post(lb + "/backendAddressPools/" + pool + "/queryInboundNatRulePortMapping" + V, body);
    }

    @Test
    void byAddressAnswersTheMembersPortsWithProtocol() {
        Reply first = query("ips", "{\"ipAddress\":\"10.0.1.4\"}");
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.json().path("inboundNatRulePortMappings").toString()).isEqualTo("["
                + "{\"inboundNatRuleName\":\"dns\",\"protocol\":\"Udp\",\"frontendPort\":5353,\"backendPort\":53},"
                + "{\"inboundNatRuleName\":\"rdp\",\"protocol\":\"Tcp\",\"frontendPort\":3389,\"backendPort\":3389}]");
        // The second member is past the end of dns's one-port range, so only rdp gives it a port.
        Reply second = query("ips", "{\"IpAddress\":\"10.0.1.5\"}");
        assertThat(second.status()).as(second.text()).isEqualTo(200);
        assertThat(second.json().path("inboundNatRulePortMappings").toString()).isEqualTo("["
                + "{\"inboundNatRuleName\":\"rdp\",\"protocol\":\"Tcp\",\"frontendPort\":3390,\"backendPort\":3389}]");
    }

    @Test
    void agreesWithThePoolsOwnPortMappings() {
        JsonNode pool = fulcrum.arm().get(lb + "/backendAddressPools/ips" + V).json();
        for (JsonNode member : pool.path("properties").path("loadBalancerBackendAddresses")) {
            Reply r = query("ips", "{\"ipAddress\":\"" + member.path("properties").path("ipAddress").asText()
                    + "\"}");
            JsonNode answered = r.json().path("inboundNatRulePortMappings");
            JsonNode shown = member.path("properties").path("inboundNatRulesPortMapping");
            assertThat(answered.size()).isEqualTo(shown.size()).isPositive();
            for (int i = 0; i < shown.size(); i++) {
                JsonNode withoutProtocol = ((ObjectNode) answered.get(i).deepCopy()).without("protocol");
                assertThat(withoutProtocol).isEqualTo(shown.get(i));
            }
        }
    }

    @Test
    void aNicMemberByIpConfigurationOrByItsAddress() {
        String expected = "[{\"inboundNatRuleName\":\"ssh\",\"protocol\":\"Tcp\",\"frontendPort\":50000,"
                + "\"backendPort\":22}]";
        Reply byConfig = query("nics", "{\"ipConfiguration\":{\"id\":\"" + nicConfig + "\"}}");
        assertThat(byConfig.status()).as(byConfig.text()).isEqualTo(200);
        assertThat(byConfig.json().path("inboundNatRulePortMappings").toString()).isEqualTo(expected);
        Reply byAddress = query("nics", "{\"ipAddress\":\"10.0.1.10\"}");
        assertThat(byAddress.json().path("inboundNatRulePortMappings").toString()).isEqualTo(expected);
    }

    @Test
    void aMemberOfAPoolNoNatRuleUsesHasNoMappings() {
        Reply r = query("plain", "{\"ipAddress\":\"10.0.1.6\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().path("inboundNatRulePortMappings").isArray()).isTrue();
        assertThat(r.json().path("inboundNatRulePortMappings")).isEmpty();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("ips", "{}", 400, "InvalidRequestFormat", "ipAddress"),
                Arguments.of("ips", "{\"ipAddress\":null}", 400, "InvalidRequestFormat", "ipAddress"),
                Arguments.of("ips", "{\"ipAddress\":\"10.0.1.4\",\"ipConfiguration\":{\"id\":\"" + "/subscriptions/"
                        + "x/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/n/ipConfigurations/c\"}}",
                        400, "InvalidRequestFormat", "ipConfiguration"),
                Arguments.of("ips", "{\"ipAddress\":\"10.0.1.99\"}", 400, "InvalidRequestFormat", "ipAddress"),
                Arguments.of("ips", "{\"ipAddress\":\"10.0.1.999\"}", 400, "PrivateIPAddressInvalid", "ipAddress"),
                Arguments.of("ips", "{\"ipAddress\":5}", 400, "InvalidRequestContent", "ipAddress"),
                Arguments.of("ips", "{\"ipConfiguration\":{\"id\":\"not-an-id\"}}", 400, "LinkedInvalidPropertyId",
                        "ipConfiguration.id"),
                Arguments.of("ips", "{\"ipConfiguration\":\"x\"}", 400, "InvalidRequestContent", "ipConfiguration"),
                Arguments.of("nics", "{\"ipConfiguration\":{\"id\":\"" + "/subscriptions/00000000-0000-0000-0000-"
                        + "000000000000/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/n"
                        + "/ipConfigurations/c\"}}", 400, "InvalidRequestFormat", "ipConfiguration.id"),
                Arguments.of("ghost", "{\"ipAddress\":\"10.0.1.4\"}", 404, "ResourceNotFound", "ghost"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @MethodSource("refused")
    void badBodiesAndUnknownPoolsAreRefused(String pool, String body, int status, String code, String names) {
        Reply r = query(pool, body);
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.errorCode()).as(r.text()).isEqualTo(code);
        JsonNode error = r.json().path("error");
        assertThat(error.path("target").asText() + " " + error.path("message").asText()).contains(names);
    }
}
