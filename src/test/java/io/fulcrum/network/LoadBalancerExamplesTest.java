package io.fulcrum.network;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import io.fulcrum.testkit.FulcrumExtension;
import io.fulcrum.testkit.JsonPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Azure's own examples (shared/conformance/examples/network, copied under src/test/resources/conformance): each
 * request body, with the subscription and groups substituted and the networks it names created first, must be
 * answered with the example response's key paths and status (201 on create, 200 when PUT again).
 */
class LoadBalancerExamplesTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String V = "?api-version=2024-07-01";
    private static final Set<String> VOLATILE = Set.of("etag", "resourceGuid");

    /** The example, its {@code rg1} and {@code testrg} groups renamed so every example gets groups of its own. */
    private static JsonNode example(String name, String rg1, String testrg) {
        try (InputStream in = LoadBalancerExamplesTest.class.getResourceAsStream("/conformance/network/" + name
                + ".json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("/subscriptions/subid/", "/subscriptions/" + fulcrum.subscriptionId() + "/")
                    .replace("/resourceGroups/rg1/", "/resourceGroups/" + rg1 + "/")
                    .replace("/resourceGroups/testrg/", "/resourceGroups/" + testrg + "/");
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String group(String name) {
        String path = "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/" + name;
        fulcrum.arm().put(path + "?api-version=2021-04-01", "{\"location\":\"eastus\"}");
        return path;
    }

    /** A 10.0.0.0/16 network whose subnet 10.0.1.0/24 makes the first dynamic address 10.0.1.4, as the examples. */
    private static void network(String group, String vnet, String subnet) {
        Reply r = fulcrum.arm().put(group + "/providers/Microsoft.Network/virtualNetworks/" + vnet + V,
                "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/16\"]},"
                + "\"subnets\":[{\"name\":\"" + subnet + "\",\"properties\":{\"addressPrefix\":\"10.0.1.0/24\"}}]}}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    /** PUTs the example's body twice: 201 then 200, each matching the example's answer, and GET matches too. */
    private static void putAsExample(JsonNode ex, String path, String bodyParameter, Set<String> ignored) {
        ArmClient arm = fulcrum.arm();
        String body = ex.path("parameters").path(bodyParameter).toString();
        Reply created = arm.put(path + V, body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonPaths.assertContains(ex.path("responses").path("201").path("body"), created.json(), ignored);
        Reply replaced = arm.put(path + V, body);
        assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
        JsonPaths.assertContains(ex.path("responses").path("200").path("body"), replaced.json(), ignored);
        JsonPaths.assertContains(ex.path("responses").path("200").path("body"), arm.get(path + V).json(), ignored);
    }

    private static String lbPath(String group, String name) {
        return group + "/providers/Microsoft.Network/loadBalancers/" + name;
    }

    @Test
    void loadBalancerCreate() {
        JsonNode ex = example("LoadBalancerCreate", "ex1", "ex1t");
        String g = group("ex1");
        network(g, "vnetlb", "subnetlb");
        putAsExample(ex, lbPath(g, "lb"), "parameters", VOLATILE);
    }

    @Test
    void loadBalancerCreateStandardSku() {
        JsonNode ex = example("LoadBalancerCreateStandardSku", "ex2", "ex2t");
        String g = group("ex2");
        network(g, "vnetlb", "subnetlb");
        putAsExample(ex, lbPath(g, "lb"), "parameters", VOLATILE);
    }

    @Test
    void loadBalancerCreateWithInboundNatPool() {
        JsonNode ex = example("LoadBalancerCreateWithInboundNatPool", "ex3", "ex3t");
        String g = group("ex3");
        network(g, "lbvnet", "lbsubnet");
        putAsExample(ex, lbPath(g, "lb"), "parameters", VOLATILE);
    }

    @Test
    void loadBalancerCreateWithSyncModePropertyOnPool() {
        JsonNode ex = example("LoadBalancerCreateWithSyncModePropertyOnPool", "ex4", "ex4t");
        String g = group("ex4");
        network(g, "vnetlb", "subnetlb");
        putAsExample(ex, lbPath(g, "lb"), "parameters", VOLATILE);
    }

    /** Needs a Standard public IP; runs once the public IP family (written elsewhere) is served. */
    @Test
    void loadBalancerCreateWithOutboundRules() {
        JsonNode ex = example("LoadBalancerCreateWithOutboundRules", "ex5", "ex5t");
        String g = group("ex5");
        Reply pip = fulcrum.arm().put(g + "/providers/Microsoft.Network/publicIPAddresses/pip" + V,
                "{\"location\":\"eastus\",\"sku\":{\"name\":\"Standard\"},\"properties\":"
                + "{\"publicIPAllocationMethod\":\"Static\"}}");
        Assumptions.assumeFalse("InvalidResourceType".equals(pip.errorCode()), "no public IP family yet");
        assertThat(pip.status()).as(pip.text()).isEqualTo(201);
        putAsExample(ex, lbPath(g, "lb"), "parameters", VOLATILE);
    }

    /**
     * The pool PUT example answers with the back-reference of a rule "rulelb" that uses the pool, so the load
     * balancer (in testrg, its addresses' network in rg1) is made with that rule first, and the PUT replaces (200).
     */
    @Test
    void backendAddressPoolWithBackendAddressesPut() {
        JsonNode ex = example("LBBackendAddressPoolWithBackendAddressesPut", "ex6", "ex6t");
        String rg1 = group("ex6");
        String testrg = group("ex6t");
        network(rg1, "vnetlb", "subnetlb");
        String lb = lbPath(testrg, "lb");
        String subnet = rg1 + "/providers/Microsoft.Network/virtualNetworks/vnetlb/subnets/subnetlb";
        Reply made = fulcrum.arm().put(lb + V, "{\"location\":\"eastus\",\"sku\":{\"name\":\"Standard\"},"
                + "\"properties\":{\"frontendIPConfigurations\":[{\"name\":\"fe\",\"properties\":{\"subnet\":{\"id\":\""
                + subnet + "\"}}}],\"backendAddressPools\":[{\"name\":\"backend\"}],\"loadBalancingRules\":[{\"name\":"
                + "\"rulelb\",\"properties\":{\"protocol\":\"Tcp\",\"frontendPort\":80,\"frontendIPConfiguration\":{"
                + "\"id\":\"" + lb + "/frontendIPConfigurations/fe\"},\"backendAddressPool\":{\"id\":\"" + lb
                + "/backendAddressPools/backend\"}}}]}}");
        assertThat(made.status()).as(made.text()).isEqualTo(201);
        String body = ex.path("parameters").path("parameters").toString();
        Reply replaced = fulcrum.arm().put(lb + "/backendAddressPools/backend" + V, body);
        assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
        JsonPaths.assertContains(ex.path("responses").path("200").path("body"), replaced.json(), VOLATILE);

        Reply created = fulcrum.arm().put(lb + "/backendAddressPools/backend2" + V, body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonPaths.assertContains(ex.path("responses").path("201").path("body").path("properties")
                .path("loadBalancerBackendAddresses"), created.json().path("properties")
                .path("loadBalancerBackendAddresses"), VOLATILE);
    }

    /** The example's answer names a scale-set NIC holding the rule; that member needs NICs, so it is not compared. */
    @Test
    void inboundNatRuleCreate() {
        JsonNode ex = example("InboundNatRuleCreate", "ex7", "ex7t");
        String testrg = group("ex7t");
        network(testrg, "vnet", "subnet");
        String lb = lbPath(testrg, "lb1");
        Reply made = fulcrum.arm().put(lb + V, "{\"location\":\"eastus\",\"properties\":{\"frontendIPConfigurations\":"
                + "[{\"name\":\"ip1\",\"properties\":{\"subnet\":{\"id\":\"" + testrg
                + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/subnet\"}}}]}}");
        assertThat(made.status()).as(made.text()).isEqualTo(201);
        putAsExample(ex, lb + "/inboundNatRules/natRule1.1", "inboundNatRuleParameters",
                Set.of("etag", "backendIPConfiguration"));
        JsonNode natRules = fulcrum.arm().get(lb + V).json().path("properties").path("inboundNatRules");
        assertThat(natRules).hasSize(1);
        assertThat(natRules.get(0).path("properties").path("frontendPort").asInt()).isEqualTo(3390);
    }
}
