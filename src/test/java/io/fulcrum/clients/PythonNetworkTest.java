package io.fulcrum.clients;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ExternalCommand.Result;
import io.fulcrum.testkit.FulcrumExtension;
import io.fulcrum.testkit.PythonSdk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Python SDK (python3-azure: azure-identity 1.13.0b2, azure-mgmt-network 23.0.0b1, which sends
 * api-version 2022-07-01 whatever it is asked) against the real server: src/test/python/network_pool.py signs in
 * through the AAD v2 endpoints, builds an internal load balancer whose pool a NIC joins, and prints what it read
 * back; this test asserts on that summary and on what the server holds afterwards.
 */
class PythonNetworkTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "py-net";

    @TempDir
    Path work;

    @Test
    void nicJoinsAnInternalLoadBalancersPoolThroughTheSdk() throws IOException {
        PythonSdk.require(work, "azure.mgmt.network", "azure.mgmt.resource", "azure.identity");
        String sub = fulcrum.subscriptionId();
        Result run = PythonSdk.run(fulcrum, work, "network_pool.py", Map.of("FULCRUM_GROUP", GROUP));
        JsonNode s = JSON.readTree(run.stdout());

        String network = "/subscriptions/" + sub + "/resourceGroups/" + GROUP + "/providers/Microsoft.Network/";
        String lb = network + "loadBalancers/ilb";
        String config = network + "networkInterfaces/nic1/ipConfigurations/ipconfig1";
        assertThat(s.path("nicIpConfiguration").asText()).isEqualTo(config);
        // The frontend is allocated first, so the NIC takes the next free address of the subnet.
        assertThat(s.path("frontendAddress").asText()).isEqualTo("10.50.1.4");
        assertThat(s.path("nicAddress").asText()).isEqualTo("10.50.1.5");

        JsonNode pool = s.path("pool");
        assertThat(pool.path("id").asText()).isEqualTo(lb + "/backendAddressPools/pool");
        assertThat(ids(pool.path("backend_ip_configurations"))).containsExactly(config);
        assertThat(ids(pool.path("load_balancing_rules"))).containsExactly(lb + "/loadBalancingRules/http");
        JsonNode addresses = pool.path("load_balancer_backend_addresses");
        assertThat(addresses).hasSize(1);
        assertThat(addresses.get(0).path("network_interface_ip_configuration").path("id").asText()).isEqualTo(config);
        assertThat(texts(s.path("lbNics"))).containsExactly("nic1");

        // The SDK's whole-LB PUT sends the NIC entry back without its read-only members; membership stays.
        assertThat(s.path("updatedTags")).isEqualTo(JSON.createObjectNode().put("by", "python"));
        assertThat(ids(s.path("poolAfterUpdate").path("backend_ip_configurations"))).containsExactly(config);

        JsonNode afterDelete = s.path("poolAfterNicDelete");
        assertThat(afterDelete.has("backend_ip_configurations")).isFalse();
        assertThat(afterDelete.path("load_balancer_backend_addresses")).isEmpty();
        assertThat(ids(afterDelete.path("load_balancing_rules"))).containsExactly(lb + "/loadBalancingRules/http");

        List<String> networkCalls = new ArrayList<>();
        s.path("requests").forEach(r -> {
            if (r.asText().contains("/providers/Microsoft.Network/")) {
                networkCalls.add(r.asText());
            }
        });
        assertThat(networkCalls).isNotEmpty().allMatch(r -> r.contains("api-version=2022-07-01"));
        assertThat(networkCalls).anyMatch(r -> r.startsWith("PUT ") && r.contains("/loadBalancers/ilb?"));

        String v = "?api-version=2022-07-01";
        Reply stored = fulcrum.arm().get(lb + v);
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.json().path("tags").path("by").asText()).isEqualTo("python");
        assertThat(stored.json().path("sku").path("name").asText()).isEqualTo("Standard");
        assertThat(fulcrum.arm().get(network + "networkInterfaces/nic1" + v).status()).isEqualTo(404);
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("id").asText()));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
