package io.fulcrum.network;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.store.SubscriptionTable.Subscription;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.FulcrumExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IP-based pools: addresses in a virtual network, their validation (each refusal changes nothing), the derived
 * link to a NIC holding a pre-allocated address, and drainPeriodInSeconds.
 */
class LoadBalancerIpPoolTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String V = "?api-version=2024-07-01";

    static String group;
    static String vnet;
    static String vnet2;
    static String subnet;
    static String std;
    static String basic;
    static String nicPool;

    @BeforeAll
    static void network() {
        group = "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/rg1";
        fulcrum.arm().put(group + "?api-version=2021-04-01", "{\"location\":\"eastus\"}");
        vnet = group + "/providers/Microsoft.Network/virtualNetworks/vnet";
        vnet2 = group + "/providers/Microsoft.Network/virtualNetworks/vnet2";
        ok(fulcrum.arm().put(vnet + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":"
                + "[\"10.0.0.0/16\"]},\"subnets\":[{\"name\":\"s1\",\"properties\":{"
                + "\"addressPrefix\":\"10.0.1.0/24\"}}]}}"));
        ok(fulcrum.arm().put(vnet2 + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":"
                + "[\"10.1.0.0/16\"]},\"subnets\":[{\"name\":\"s1\",\"properties\":{"
                + "\"addressPrefix\":\"10.1.1.0/24\"}}]}}"));
        subnet = vnet + "/subnets/s1";
        std = lb("std", "Standard");
        basic = lb("basic", "Basic");
        nicPool = std + "/backendAddressPools/nics";
        ok(fulcrum.arm().put(group + "/providers/Microsoft.Network/networkInterfaces/member" + V,
                "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":[{\"name\":\"ipconfig1\","
                + "\"properties\":{\"subnet\":{\"id\":\"" + subnet + "\"},\"loadBalancerBackendAddressPools\":[{"
                + "\"id\":\"" + nicPool + "\"}]}}]}}"));
    }

    static String lb(String name, String sku) {
        LbBody body = new LbBody(group + "/providers/Microsoft.Network/loadBalancers/" + name, sku)
                .frontend("fe", subnet).pool("p").pool("nics");
        ok(fulcrum.arm().put(body.id + V, body.json()));
        return body.id;
    }

    static void ok(Reply r) {
        assertThat(r.status()).as(r.text()).isIn(200, 201);
    }

    static String address(String name, String ip, String network) {
        return "{\"name\":\"" + name + "\",\"properties\":{\"ipAddress\":\"" + ip + "\""
                + (network == null ? "" : ",\"virtualNetwork\":{\"id\":\"" + network + "\"}") + "}}";
    }

    static String pool(String extra, String... addresses) {
        return "{\"properties\":{" + extra + (extra.isEmpty() ? "" : ",") + "\"loadBalancerBackendAddresses\":["
                + String.join(",", addresses) + "]}}";
    }

    static String many(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(address("a" + i, "10.0." + (2 + i / 250) + "." + (4 + i % 250), vnet));
        }
        return pool("", out.toArray(String[]::new));
    }

    /** {where, body, status, code, a substring of the message}; where is "std", "basic", "nics" or "lb:std". */
    static Stream<Arguments> badInput() {
        String a1 = address("a1", "10.0.1.4", null);
        return Stream.of(
                Arguments.of("std", pool("", address("a1", "10.0.1.999", null)), 400, "PrivateIPAddressInvalid",
                        "10.0.1.999"),
                Arguments.of("std", pool("", address("a1", "ten", vnet)), 400, "PrivateIPAddressInvalid", "ten"),
                Arguments.of("std", pool("", address("a1", "10.0.1.0/24", vnet)), 400, "PrivateIPAddressInvalid",
                        "10.0.1.0/24"),
                Arguments.of("std", pool("", address("a1", "10.0.1.4.5", vnet)), 400, "PrivateIPAddressInvalid",
                        "10.0.1.4.5"),
                Arguments.of("std", pool("", address("a1", "10.2.0.4", vnet)), 400, "InvalidRequestFormat",
                        "10.2.0.4"),
                Arguments.of("std", pool("", address("a1", "192.168.0.1", vnet)), 400, "InvalidRequestFormat",
                        "192.168.0.1"),
                Arguments.of("std", pool("", address("a1", "fd00::1", vnet)), 400, "InvalidRequestFormat",
                        "fd00::1"),
                Arguments.of("std", pool("\"virtualNetwork\":{\"id\":\"" + vnet + "\"}", address("a1", "10.1.1.4",
                        null)), 400, "InvalidRequestFormat", "10.1.1.4"),
                Arguments.of("std", pool("", address("a1", "10.0.1.4", vnet), address("a1", "10.0.1.5", vnet)), 400,
                        "InvalidRequestFormat", "a1"),
                Arguments.of("std", pool("", address("a1", "10.0.1.4", vnet), address("A1", "10.0.1.5", vnet)), 400,
                        "InvalidRequestFormat", "A1"),
                Arguments.of("std", pool("", address("a1", "10.0.1.4", vnet), address("a2", "10.0.1.4", vnet)), 400,
                        "InvalidRequestFormat", "'a2' (10.0.1.4)"),
                Arguments.of("std", pool("", address("a1", "10.0.1.4", vnet), address("a2", "10.0.1.5", vnet),
                        address("a3", "10.0.1.4", vnet)), 400, "InvalidRequestFormat", "'a1' (10.0.1.4)"),
                Arguments.of("std", pool("", address("a1", "10.0.1.4", group
                        + "/providers/Microsoft.Network/virtualNetworks/ghost")), 400, "InvalidResourceReference",
                        "ghost"),
                Arguments.of("std", pool("\"virtualNetwork\":{\"id\":\"" + group
                        + "/providers/Microsoft.Network/virtualNetworks/ghost\"}", a1), 400,
                        "InvalidResourceReference", "ghost"),
                Arguments.of("std", pool("", address("a1", "10.0.1.4", subnet)), 400,
                        "InvalidJsonReferenceWrongType", "subnets"),
                Arguments.of("std", pool("", address("a1", "10.0.1.4", vnet), address("a2", "10.1.1.4", vnet2)), 400,
                        "InvalidRequestFormat", "one virtual network"),
                Arguments.of("std", pool("\"virtualNetwork\":{\"id\":\"" + vnet2 + "\"}",
                        address("a1", "10.0.1.4", vnet)), 400, "InvalidRequestFormat", "one virtual network"),
                Arguments.of("nics", pool("", address("a1", "10.0.1.4", vnet)), 400,
                        "CannotMixIPBasedAddressesAndIPConfigurationsOnLoadBalancerBackendAddressPool", "member"),
                Arguments.of("std", many(5_001), 400, "InvalidRequestFormat", "at most 5000"),
                Arguments.of("basic", pool("", address("a1", "10.0.1.4", vnet)), 400, "InvalidRequestFormat",
                        "Basic"),
                Arguments.of("lb:basic", "{\"location\":\"eastus\",\"sku\":{\"name\":\"Basic\"},\"properties\":{"
                        + "\"frontendIPConfigurations\":[{\"name\":\"fe\",\"properties\":{\"subnet\":{\"id\":\""
                        + subnet + "\"}}}],\"backendAddressPools\":[" + "{\"name\":\"p\"," + pool("", address("a1",
                        "10.0.1.4", vnet)).substring(1) + ",{\"name\":\"nics\"}]}}", 400, "InvalidRequestFormat",
                        "Basic"),
                Arguments.of("lb:std", "{\"location\":\"eastus\",\"sku\":{\"name\":\"Standard\"},\"properties\":{"
                        + "\"frontendIPConfigurations\":[{\"name\":\"fe\",\"properties\":{\"subnet\":{\"id\":\""
                        + subnet + "\"}}}],\"backendAddressPools\":[" + "{\"name\":\"p\"," + pool("", address("a1",
                        "10.9.1.4", vnet)).substring(1) + ",{\"name\":\"nics\"}]}}", 400, "InvalidRequestFormat",
                        "10.9.1.4"),
                Arguments.of("std", "{\"properties\":{\"drainPeriodInSeconds\":-1}}", 400, "InvalidRequestFormat",
                        "-1"),
                Arguments.of("std", "{\"properties\":{\"drainPeriodInSeconds\":3601}}", 400, "InvalidRequestFormat",
                        "3600"),
                Arguments.of("std", "{\"properties\":{\"drainPeriodInSeconds\":\"soon\"}}", 400, null,
                        "drainPeriodInSeconds"),
                Arguments.of("std", "{\"properties\":{\"drainPeriodInSeconds\":1.5}}", 400, null,
                        "drainPeriodInSeconds"),
                Arguments.of("std", "{\"properties\":{\"drainPeriodInSeconds\":4294967296}}", 400, null,
                        "drainPeriodInSeconds"),
                Arguments.of("std", pool("", "{\"name\":\"a1\",\"properties\":{\"ipAddress\":\"10.0.1.4\","
                        + "\"adminState\":\"Sideways\"}}"), 400, "InvalidRequestFormat", "Sideways"),
                Arguments.of("std", pool("", "{\"properties\":{\"ipAddress\":\"10.0.1.4\"}}"), 400,
                        "InvalidRequestFormat", "name"),
                Arguments.of("std", pool("", address("a/b", "10.0.1.4", vnet)), 400, null, "a/b"),
                Arguments.of("std", "{\"properties\":{\"loadBalancerBackendAddresses\":{}}}", 400, null,
                        "loadBalancerBackendAddresses"),
                Arguments.of("std", pool("", "\"a1\""), 400, null, "loadBalancerBackendAddresses[0]"),
                Arguments.of("std", pool("", "{\"name\":\"a1\",\"properties\":{\"adminState\":\"Up\"}}"), 400,
                        "InvalidRequestFormat", "ipAddress"),
                Arguments.of("std", pool("", "{\"name\":\"a1\",\"properties\":{\"ipAddress\":\"10.0.1.4\","
                        + "\"subnet\":{\"id\":\"" + vnet + "/subnets/ghost\"}}}"), 400, "InvalidResourceReference",
                        "ghost"),
                Arguments.of("std", pool("", "{\"name\":\"a1\",\"properties\":{\"ipAddress\":\"10.0.1.4\","
                        + "\"virtualNetwork\":{\"id\":\"" + vnet + "\"},\"subnet\":{\"id\":\"" + vnet2
                        + "/subnets/s1\"}}}"), 400, "InvalidRequestFormat", "one virtual network"),
                Arguments.of("std", "{\"properties\":{\"syncMode\":\"Sometimes\"}}", 400, "InvalidRequestFormat",
                        "Sometimes"),
                Arguments.of("std", "{\"properties\":{\"syncMode\":\"Automatic\"}}", 400, "InvalidRequestFormat",
                        "virtualNetwork"));
    }

    @ParameterizedTest(name = "[{index}] {0} {4}")
    @MethodSource("badInput")
    void badInputIsRefusedAndChangesNothing(String where, String body, int status, String code, String says) {
        String target = where.startsWith("lb:") ? group + "/providers/Microsoft.Network/loadBalancers/"
                + where.substring(3) : (where.equals("nics") ? nicPool : (where.equals("basic") ? basic : std)
                + "/backendAddressPools/p");
        String lbId = target.contains("/backendAddressPools/") ? target.substring(0,
                target.indexOf("/backendAddressPools/")) : target;
        String before = fulcrum.arm().get(lbId + V).text();
        Reply r = fulcrum.arm().put(target + V, body);
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        if (code != null) {
            assertThat(r.errorCode()).as(r.text()).isEqualTo(code);
        }
        assertThat(r.text()).contains(says);
        assertThat(fulcrum.arm().get(lbId + V).text()).isEqualTo(before);
    }

    @Test
    void preAllocatedAddressLinksToTheNicThatTakesIt() {
        String lbId = lb("prealloc", "Standard");
        String pool = lbId + "/backendAddressPools/p";
        Reply put = fulcrum.arm().put(pool + V, pool("\"virtualNetwork\":{\"id\":\"" + vnet + "\"},"
                + "\"drainPeriodInSeconds\":3600", address("a1", "10.0.1.40", null),
                address("a2", "10.0.1.41", vnet)));
        assertThat(put.status()).as(put.text()).isIn(200, 201);
        JsonNode props = fulcrum.arm().get(pool + V).json().path("properties");
        assertThat(props.path("drainPeriodInSeconds").asInt()).isEqualTo(3600);
        assertThat(props.path("loadBalancerBackendAddresses").findValues("networkInterfaceIPConfiguration"))
                .isEmpty();

        String nic = group + "/providers/Microsoft.Network/networkInterfaces/prealloc-nic";
        ok(fulcrum.arm().put(nic + V, "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":[{\"name\":"
                + "\"ipconfig1\",\"properties\":{\"subnet\":{\"id\":\"" + subnet + "\"},"
                + "\"privateIPAllocationMethod\":\"Static\",\"privateIPAddress\":\"10.0.1.41\"}}]}}"));
        JsonNode addresses = fulcrum.arm().get(pool + V).json().path("properties").path("loadBalancerBackendAddresses");
        assertThat(addresses).hasSize(2);
        assertThat(addresses.get(0).path("properties").has("networkInterfaceIPConfiguration")).isFalse();
        assertThat(addresses.get(1).path("properties").path("networkInterfaceIPConfiguration").path("id").asText())
                .isEqualTo(nic + "/ipConfigurations/ipconfig1");

        // A GET-modify-PUT echoing the derived link keeps the address.
        JsonNode got = fulcrum.arm().get(pool + V).json();
        Reply echo = fulcrum.arm().put(pool + V, got.toString());
        assertThat(echo.status()).as(echo.text()).isEqualTo(200);
        assertThat(echo.json().path("properties").path("loadBalancerBackendAddresses")).hasSize(2);

        assertThat(fulcrum.arm().delete(nic + V).status()).isIn(200, 202, 204);
        addresses = fulcrum.arm().get(pool + V).json().path("properties").path("loadBalancerBackendAddresses");
        assertThat(addresses).hasSize(2);
        assertThat(addresses.findValues("networkInterfaceIPConfiguration")).isEmpty();
    }

    @Test
    void fiveThousandAddressesFit() {
        String lbId = lb("big", "Standard");
        Reply put = fulcrum.arm().put(lbId + "/backendAddressPools/p" + V, many(5_000));
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(put.json().path("properties").path("loadBalancerBackendAddresses")).hasSize(5_000);
    }

    @Test
    void crossSubscriptionVirtualNetworkNeedsSyncMode() {
        String other = java.util.UUID.randomUUID().toString();
        fulcrum.installation().store().write(tx -> {
            tx.subscriptions().put(new Subscription(other, "Other", fulcrum.tenantId(), "Enabled"));
            tx.principals().grant(fulcrum.credentials().clientId(), other);
            return null;
        });
        String otherGroup = "/subscriptions/" + other + "/resourceGroups/rgB";
        ok(fulcrum.arm().put(otherGroup + "?api-version=2021-04-01", "{\"location\":\"eastus\"}"));
        String remote = otherGroup + "/providers/Microsoft.Network/virtualNetworks/vnetB";
        ok(fulcrum.arm().put(remote + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{"
                + "\"addressPrefixes\":[\"10.5.0.0/16\"]}}}"));
        String lbId = lb("xsub", "Standard");
        String pool = lbId + "/backendAddressPools/p";
        String before = fulcrum.arm().get(pool + V).text();

        Reply without = fulcrum.arm().put(pool + V, "{\"properties\":{\"virtualNetwork\":{\"id\":\"" + remote
                + "\"}}}");
        assertThat(without.status()).as(without.text()).isEqualTo(400);
        assertThat(without.text()).contains("syncMode").contains(remote);
        assertThat(fulcrum.arm().get(pool + V).text()).isEqualTo(before);

        Reply with = fulcrum.arm().put(pool + V, "{\"properties\":{\"virtualNetwork\":{\"id\":\"" + remote
                + "\"},\"syncMode\":\"Automatic\"}}");
        assertThat(with.status()).as(with.text()).isEqualTo(200);
        JsonNode props = fulcrum.arm().get(pool + V).json().path("properties");
        assertThat(props.path("syncMode").asText()).isEqualTo("Automatic");
        assertThat(props.path("virtualNetwork").path("id").asText()).isEqualToIgnoringCase(remote);
    }
}
