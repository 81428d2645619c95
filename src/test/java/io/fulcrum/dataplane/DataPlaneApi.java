package io.fulcrum.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.Fulcrum;
import io.fulcrum.dataplane.underlay.AddressPlan;
import io.fulcrum.network.publicip.PublicIpPool;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.FulcrumExtension;
import java.util.List;

/**
 * What the data-plane end-to-end tests share: a real server whose VNet 10.0.0.0/16 maps onto 127.10.0.0/16, and the
 * ARM calls and bodies that set up and inspect a load balancer there.
 */
final class DataPlaneApi {

    static final String V = "?api-version=2024-07-01";

    private final FulcrumExtension fulcrum;
    final String group;
    final String vnet;

    private DataPlaneApi(FulcrumExtension fulcrum, String group, String vnet) {
        this.fulcrum = fulcrum;
        this.group = group;
        this.vnet = vnet;
    }

    /** A server started with {@code --underlay 10.0.0.0/16=127.10.0.0/16} and the data plane on. */
    static FulcrumExtension server() {
        return FulcrumExtension.withOptions(dir -> new Fulcrum.Options(dir, "127.0.0.1", 0, PublicIpPool.DEFAULT,
                AddressPlan.parse(List.of("10.0.0.0/16=127.10.0.0/16"), AddressPlan.DEFAULT_ALLOW,
                        AddressPlan.hostAddresses()), true));
    }

    /** Creates the resource group and the VNet 10.0.0.0/16 with its subnet "s" (10.0.0.0/24). */
    static DataPlaneApi withVnet(FulcrumExtension fulcrum, String groupName) {
        String group = "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/" + groupName;
        ok(fulcrum.arm().put(group + "?api-version=2021-04-01", "{\"location\":\"eastus\"}"));
        String vnet = group + "/providers/Microsoft.Network/virtualNetworks/vnet";
        ok(fulcrum.arm().put(vnet + V, network("10.0.0.0/16", "10.0.0.0/24")));
        return new DataPlaneApi(fulcrum, group, vnet);
    }

    static String network(String space, String subnet) {
        return """
                {"location": "eastus", "properties": {"addressSpace": {"addressPrefixes": ["%s"]},
                  "subnets": [{"name": "s", "properties": {"addressPrefix": "%s"}}]}}
                """.formatted(space, subnet);
    }

    /** An IP-based pool address in this VNet; {@code adminState} null leaves it out. */
    String address(String name, String ip, String adminState) {
        return "{\"name\": \"" + name + "\", \"properties\": {\"ipAddress\": \"" + ip + "\", \"virtualNetwork\": {\"id\":"
                + " \"" + vnet + "\"}" + (adminState == null ? "" : ", \"adminState\": \"" + adminState + "\"") + "}}";
    }

    String loadBalancer(String name) {
        return group + "/providers/Microsoft.Network/loadBalancers/" + name;
    }

    /** The rule-health action's answer. */
    JsonNode health(String lb, String rule) {
        Reply r = fulcrum.arm().post(lb + "/loadBalancingRules/" + rule + "/health" + V, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    static JsonNode member(JsonNode health, String ip) {
        for (JsonNode m : health.path("loadBalancerBackendAddresses")) {
            if (m.path("ipAddress").asText().equals(ip)) {
                return m;
            }
        }
        throw new AssertionError("no member " + ip + " in " + health);
    }

    static void ok(Reply r) {
        assertThat(r.status()).as(r.text()).isIn(200, 201);
    }
}
