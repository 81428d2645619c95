package io.fulcrum.network;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.FulcrumExtension;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad requests: each is refused with Azure's status and code, and the load balancer is left exactly as it was. */
class LoadBalancerValidationTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String V = "?api-version=2024-07-01";

    static String group;
    static String vnet;
    static String subnet;
    static LbBody base;

    @BeforeAll
    static void baseline() {
        group = "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/rg1";
        fulcrum.arm().put(group + "?api-version=2021-04-01", "{\"location\":\"eastus\"}");
        vnet = group + "/providers/Microsoft.Network/virtualNetworks/vnet";
        fulcrum.arm().put(vnet + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":"
                + "[\"10.0.0.0/16\"]},\"subnets\":[{\"name\":\"s1\",\"properties\":{"
                + "\"addressPrefix\":\"10.0.1.0/24\"}}]}}");
        subnet = vnet + "/subnets/s1";
        base = new LbBody(lb("base"), "Standard").frontend("fe", subnet).frontend("fe2", subnet).pool("p").pool("q")
                .probe("pr", "Http", 80, "/").rule("r", "fe", "p", "pr", "Tcp", 80, 80)
                .natRule("n", "fe", "Tcp", 2200, 22);
        Reply created = fulcrum.arm().put(base.id + V, base.json());
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        Reply other = fulcrum.arm().put(lb("other") + V, new LbBody(lb("other"), "Standard").frontend("ofe", subnet)
                .json());
        assertThat(other.status()).as(other.text()).isEqualTo(201);
    }

    static String lb(String name) {
        return group + "/providers/Microsoft.Network/loadBalancers/" + name;
    }

    static Arguments bad(String what, Consumer<LbBody> change, String code) {
        return Arguments.of(what, change, code);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                bad("rule protocol outside the enum", b -> b.item("loadBalancingRules", "r").put("protocol", "Icmp"),
                        "InvalidRequestFormat"),
                bad("rule without a protocol", b -> b.item("loadBalancingRules", "r").remove("protocol"),
                        "InvalidRequestFormat"),
                bad("rule frontend port above 65534", b -> b.item("loadBalancingRules", "r").put("frontendPort", 65535),
                        "InvalidRequestFormat"),
                bad("rule port as a string", b -> b.item("loadBalancingRules", "r").put("frontendPort", "80"),
                        "InvalidRequestContent"),
                bad("rule idle timeout above 30", b -> b.item("loadBalancingRules", "r")
                        .put("idleTimeoutInMinutes", 31), "InvalidRequestFormat"),
                bad("rule idle timeout below 4", b -> b.item("loadBalancingRules", "r")
                        .put("idleTimeoutInMinutes", 3), "InvalidRequestFormat"),
                bad("unknown load distribution", b -> b.item("loadBalancingRules", "r")
                        .put("loadDistribution", "RoundRobin"), "InvalidRequestFormat"),
                bad("port 0 outside an HA-ports rule", b -> b.item("loadBalancingRules", "r").put("frontendPort", 0),
                        "InvalidRequestFormat"),
                bad("rule without a frontend", b -> b.item("loadBalancingRules", "r").remove("frontendIPConfiguration"),
                        "InvalidRequestFormat"),
                bad("probe interval under 5 s", b -> b.item("probes", "pr").put("intervalInSeconds", 4),
                        "InvalidRequestFormat"),
                bad("probe count of 0", b -> b.item("probes", "pr").put("numberOfProbes", 0), "InvalidRequestFormat"),
                bad("Tcp probe with a request path", b -> b.item("probes", "pr").put("protocol", "Tcp"),
                        "ProbeRequestPathIsNotNull"),
                bad("Http probe without a request path", b -> b.item("probes", "pr").remove("requestPath"),
                        "InvalidRequestFormat"),
                bad("probe protocol Udp", b -> b.item("probes", "pr").put("protocol", "Udp"), "InvalidRequestFormat"),
                bad("probe port 0", b -> b.item("probes", "pr").put("port", 0), "InvalidRequestFormat"),
                bad("NAT rule without a backend port", b -> b.item("inboundNatRules", "n").remove("backendPort"),
                        "InvalidRequestFormat"),
                bad("NAT port range that ends before it starts", b -> b.natRuleOnPool("v2", "fe", "q", 5000, 4000, 22),
                        "InvalidRequestFormat"),
                bad("NAT range rule with a single frontend port too", b -> b.natRuleOnPool("v2", "fe", "q", 5000, 5100,
                        22).item("inboundNatRules", "v2").put("frontendPort", 5000), "InvalidRequestFormat"),
                bad("unknown sku", b -> ((ObjectNode) b.body.get("sku"))
                        .put("name", "Premium"), "InvalidRequestFormat"),
                bad("frontend with a subnet and a public IP", b -> b.item("frontendIPConfigurations", "fe2")
                        .set("publicIPAddress", LbBody.ref(group + "/providers/Microsoft.Network/publicIPAddresses/x")),
                        "InvalidRequestFormat"),
                bad("frontend zone 4", b -> b.entry("frontendIPConfigurations", "fe2").putArray("zones").add("4"),
                        "InvalidRequestFormat"),
                bad("Static frontend without an address", b -> b.item("frontendIPConfigurations", "fe2")
                        .put("privateIPAllocationMethod", "Static"), "InvalidRequestFormat"),
                bad("frontend on a reserved address", b -> b.item("frontendIPConfigurations", "fe2")
                        .put("privateIPAddress", "10.0.1.1"), "PrivateIPAddressIsReserved"),
                bad("frontend address outside its subnet", b -> b.item("frontendIPConfigurations", "fe2")
                        .put("privateIPAddress", "10.0.9.9"), "PrivateIPAddressNotInSubnet"),
                bad("two frontends on one address", b -> {
                    b.item("frontendIPConfigurations", "fe").put("privateIPAddress", "10.0.1.200");
                    b.item("frontendIPConfigurations", "fe2").put("privateIPAddress", "10.0.1.200");
                }, "PrivateIPAddressInUse"),
                bad("two rules with one name", b -> b.rule("r", "fe2", "q", null, "Udp", 53, 53),
                        "InvalidRequestFormat"),
                bad("backend address that is no IP", b -> b.item("backendAddressPools", "q")
                        .putArray("loadBalancerBackendAddresses").addObject().put("name", "a").putObject("properties")
                        .put("ipAddress", "10.0.1.300").set("virtualNetwork", LbBody.ref(vnet)),
                        "PrivateIPAddressInvalid"),
                bad("syncMode without a virtual network", b -> b.item("backendAddressPools", "q")
                        .put("syncMode", "Automatic"), "InvalidRequestFormat"),
                bad("rules sharing backend port and pool without floating IP", b -> b.rule("r2", "fe2", "p", null,
                        "Tcp", 81, 80), "RulesUseSameBackendPortProtocolAndPool"),
                bad("rule and NAT rule on one frontend port", b -> b.natRule("n2", "fe", "Tcp", 80, 8080),
                        "RulesUseSameFrontendPortProtocolAndFrontendIPConfiguration"),
                bad("NAT port range over a NAT rule's port", b -> b.natRuleOnPool("v2", "fe", "q", 2000, 2300, 22),
                        "RulesUseSameFrontendPortProtocolAndFrontendIPConfiguration"),
                bad("two outbound rules on one frontend", b -> b.outbound("o1", "q", "Tcp", "fe2")
                        .outbound("o2", "q", "All", "fe2"),
                        "MoreThanOneOutboundRuleUsingSameFrontendIPConfigurationAndProtocolIsNotSupported"),
                bad("outbound rule on a frontend whose rule still does SNAT", b -> b.outbound("o1", "q", "All", "fe"),
                        "LoadBalancingRuleMustDisableSNATSinceSameFrontendIPConfigurationIsReferencedByOutboundRule"),
                bad("outbound idle timeout above 100", b -> b.outbound("o1", "q", "All", "fe2")
                        .item("outboundRules", "o1").put("idleTimeoutInMinutes", 101), "InvalidRequestFormat"),
                bad("outbound ports not a multiple of 8", b -> b.outbound("o1", "q", "All", "fe2")
                        .item("outboundRules", "o1").put("allocatedOutboundPorts", 1001), "InvalidRequestFormat"),
                bad("rule naming another load balancer's frontend", b -> b.item("loadBalancingRules", "r")
                        .set("frontendIPConfiguration", LbBody.ref(lb("other") + "/frontendIPConfigurations/ofe")),
                        "InvalidResourceReference"),
                bad("rule naming a probe that does not exist", b -> b.item("loadBalancingRules", "r")
                        .set("probe", LbBody.ref(b.child("probes", "nope"))), "InvalidResourceReference"),
                bad("rule naming a pool as its probe", b -> b.item("loadBalancingRules", "r")
                        .set("probe", LbBody.ref(b.child("backendAddressPools", "p"))),
                        "InvalidJsonReferenceWrongType"),
                bad("dropping a probe a kept rule uses", b -> b.collection("probes").removeAll(),
                        "InvalidResourceReference"),
                bad("dropping the frontend the rules use", b -> b.collection("frontendIPConfigurations").remove(0),
                        "InvalidResourceReference"),
                bad("frontend in a subnet that does not exist", b -> b.item("frontendIPConfigurations", "fe2")
                        .set("subnet", LbBody.ref(vnet + "/subnets/none")), "InvalidResourceReference"),
                bad("a collection that is not an array", b -> ((ObjectNode) b.body.get("properties"))
                        .putObject("probes"), "InvalidRequestContent"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void refusedAndNothingChanges(String what, Consumer<LbBody> change, String code) {
        JsonNode before = fulcrum.arm().get(base.id + V).json();
        LbBody body = base.copy();
        change.accept(body);
        Reply r = fulcrum.arm().put(base.id + V, body.json());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorCode()).as(r.text()).isEqualTo(code);
        assertThat(r.json().path("error").path("message").asText()).isNotBlank();
        assertThat(fulcrum.arm().get(base.id + V).json()).isEqualTo(before);
    }

    @Test
    void aNatRuleWrittenAloneMustNotClashEither() {
        JsonNode before = fulcrum.arm().get(base.id + V).json();
        String rule = base.child("inboundNatRules", "web");
        Reply r = fulcrum.arm().put(rule + V, "{\"properties\":{\"protocol\":\"Tcp\",\"frontendPort\":80,"
                + "\"backendPort\":8080,\"frontendIPConfiguration\":{\"id\":\"" + base.child("frontendIPConfigurations",
                "fe") + "\"}}}");
        assertThat(r.errorCode()).isEqualTo("RulesUseSameFrontendPortProtocolAndFrontendIPConfiguration");
        assertThat(fulcrum.arm().get(rule + V).status()).isEqualTo(404);
        assertThat(fulcrum.arm().get(base.id + V).json()).isEqualTo(before);
        Reply udp = fulcrum.arm().put(rule + V, "{\"properties\":{\"protocol\":\"Udp\",\"frontendPort\":80,"
                + "\"backendPort\":8080,\"frontendIPConfiguration\":{\"id\":\"" + base.child("frontendIPConfigurations",
                "fe") + "\"}}}");
        assertThat(udp.status()).as(udp.text()).isEqualTo(201);
        assertThat(fulcrum.arm().delete(rule + V).status()).isEqualTo(202);
    }

    @Test
    void aFailedCreateLeavesNothingBehind() {
        LbBody body = new LbBody(lb("half"), "Standard").frontend("fe", subnet).pool("p")
                .rule("r", "fe", "p", null, "Tcp", 80, 80).rule("r2", "fe", "p", null, "Tcp", 81, 80);
        Reply r = fulcrum.arm().put(body.id + V, body.json());
        assertThat(r.errorCode()).isEqualTo("RulesUseSameBackendPortProtocolAndPool");
        assertThat(fulcrum.arm().get(body.id + V).status()).isEqualTo(404);
        assertThat(fulcrum.arm().get(subnet + V).json().path("properties").path("ipConfigurations")
                .findValuesAsText("id")).doesNotContain(body.child("frontendIPConfigurations", "fe"));
        // Floating IP lets two rules share a backend port (load-balancer-floating-ip.md).
        body.item("loadBalancingRules", "r2").put("enableFloatingIP", true);
        Reply ok = fulcrum.arm().put(body.id + V, body.json());
        assertThat(ok.status()).as(ok.text()).isEqualTo(201);
    }

    @Test
    void childrenNeedAFrontend() {
        LbBody body = new LbBody(lb("nofe"), "Standard").pool("p");
        Reply r = fulcrum.arm().put(body.id + V, body.json());
        assertThat(r.errorCode()).isEqualTo("LoadBalancerWithoutFrontendIPCantHaveChildResources");
        assertThat(fulcrum.arm().get(body.id + V).status()).isEqualTo(404);
        Reply empty = fulcrum.arm().put(body.id + V, new LbBody(body.id, "Standard").json());
        assertThat(empty.status()).isEqualTo(201);
        Reply pool = fulcrum.arm().put(body.child("backendAddressPools", "p") + V, "{}");
        assertThat(pool.errorCode()).isEqualTo("LoadBalancerWithoutFrontendIPCantHaveChildResources");
        assertThat(fulcrum.arm().get(body.child("backendAddressPools", "p") + V).status()).isEqualTo(404);
    }

    @Test
    void skuLimitsOutboundRulesAndHaPorts() {
        LbBody basic = new LbBody(lb("basic"), null).frontend("fe", subnet).pool("p").outbound("o", "p", "All", "fe");
        assertThat(fulcrum.arm().put(basic.id + V, basic.json()).errorCode())
                .isEqualTo("OutboundRuleCannotBeUsedWithLoadBalancerSku");
        LbBody ha = new LbBody(lb("ha"), null).frontend("fe", subnet).pool("p")
                .rule("all", "fe", "p", null, "All", 0, 0);
        assertThat(fulcrum.arm().put(ha.id + V, ha.json()).errorCode()).isEqualTo("InvalidRequestFormat");
        assertThat(fulcrum.arm().get(ha.id + V).status()).isEqualTo(404);
        ha.body.putObject("sku").put("name", "Standard");
        Reply standard = fulcrum.arm().put(ha.id + V, ha.json());
        assertThat(standard.status()).as(standard.text()).isEqualTo(201);
        // Two HA-ports rules without floating IP on one pool: Azure's own example (azure-docs issue 94673).
        ha.frontend("fe2", subnet).rule("all2", "fe2", "p", null, "All", 0, 0);
        assertThat(fulcrum.arm().put(ha.id + V, ha.json()).errorCode())
                .isEqualTo("RulesUseSameBackendPortProtocolAndPool");
    }

    @Test
    void publicFrontendsNeedAnExistingPublicIpOfTheSameSku() {
        LbBody body = new LbBody(lb("pub"), "Standard");
        body.collection("frontendIPConfigurations").addObject().put("name", "fe").putObject("properties")
                .set("publicIPAddress", LbBody.ref(group + "/providers/Microsoft.Network/publicIPAddresses/basic"));
        assertThat(fulcrum.arm().put(body.id + V, body.json()).errorCode()).isEqualTo("InvalidResourceReference");

        Reply pip = fulcrum.arm().put(group + "/providers/Microsoft.Network/publicIPAddresses/basic" + V,
                "{\"location\":\"eastus\",\"sku\":{\"name\":\"Basic\"},\"properties\":{\"publicIPAllocationMethod\":"
                + "\"Static\"}}");
        Assumptions.assumeFalse("InvalidResourceType".equals(pip.errorCode()), "no public IP family yet");
        assertThat(pip.status()).as(pip.text()).isEqualTo(201);
        assertThat(fulcrum.arm().put(body.id + V, body.json()).errorCode())
                .isEqualTo("DifferentSkuLoadBalancersAndPublicIPAddressNotAllowed");
        assertThat(fulcrum.arm().get(body.id + V).status()).isEqualTo(404);
        body.body.putObject("sku").put("name", "Basic");
        Reply basic = fulcrum.arm().put(body.id + V, body.json());
        assertThat(basic.status()).as(basic.text()).isEqualTo(201);
        assertThat(List.of(basic.json().path("properties").path("frontendIPConfigurations").get(0).path("properties")
                .path("publicIPAddress").path("id").asText())).containsExactly(group
                + "/providers/Microsoft.Network/publicIPAddresses/basic");
    }
}
