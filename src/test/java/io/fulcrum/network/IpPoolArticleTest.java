package io.fulcrum.network;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.FulcrumExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The REST half of backend-pool-management.md's "Configure backend pool by IP address and virtual network", run as
 * written: its request bodies verbatim (placeholders filled in) at its api-version 2020-05-01. The article's
 * GET URL lacks "/subscriptions/" before the subscription id, which no ARM endpoint serves; it is sent with it. The
 * last step (a Microsoft.Compute VM on the NIC) belongs to the compute family. The CLI half is in AzIpPoolTest.
 */
class IpPoolArticleTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String V = "?api-version=2020-05-01";

    /** The article's pool body, its placeholders filled in. */
    private static final String POOL_BODY = """
            {
              "properties": {
                "loadBalancerBackendAddresses": [
                  {
                    "name": "address1",
                    "properties": {
                      "virtualNetwork": {
                        "id": "VNET"
                      },
                      "ipAddress": "10.0.0.4"
                    }
                  },
                  {
                    "name": "address2",
                    "properties": {
                      "virtualNetwork": {
                        "id": "VNET"
                      },
                      "ipAddress": "10.0.0.5"
                    }
                  }
                ]
              }
            }""";

    /** The article's NIC body: an address of the pool, and no reference to the pool at all. */
    private static final String NIC_BODY = """
            {
              "properties": {
                "enableAcceleratedNetworking": true,
                "ipConfigurations": [
                  {
                    "name": "ipconfig1",
                    "properties": {
                      "privateIPAddress": "10.0.0.4",
                      "subnet": {
                        "id": "VNET/subnets/mySubnet"
                      }
                    }
                  }
                ]
              },
              "location": "eastus"
            }""";

    @Test
    void theArticlesRestCallsAsWritten() {
        String group = "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/myResourceGroup";
        ok(fulcrum.arm().put(group + "?api-version=2021-04-01", "{\"location\":\"eastus\"}"));
        String vnet = group + "/providers/Microsoft.Network/virtualNetworks/myVnet";
        ok(fulcrum.arm().put(vnet + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{"
                + "\"addressPrefixes\":[\"10.0.0.0/16\"]},\"subnets\":[{\"name\":\"mySubnet\",\"properties\":{"
                + "\"addressPrefix\":\"10.0.0.0/24\"}},{\"name\":\"frontend\",\"properties\":{"
                + "\"addressPrefix\":\"10.0.1.0/24\"}}]}}"));
        LbBody lb = new LbBody(group + "/providers/Microsoft.Network/loadBalancers/lb", "Standard")
                .frontend("fe", vnet + "/subnets/frontend");
        ok(fulcrum.arm().put(lb.id + V, lb.json()));

        // PUT .../loadBalancers/lb/backendAddressPools/backend?api-version=2020-05-01
        String pool = lb.id + "/backendAddressPools/backend";
        Reply created = fulcrum.arm().put(pool + V, POOL_BODY.replace("VNET", vnet));
        assertThat(created.status()).as(created.text()).isEqualTo(201);

        // GET the pool: both addresses, in the virtual network.
        JsonNode addresses = get(pool).path("properties").path("loadBalancerBackendAddresses");
        assertThat(addresses.findValuesAsText("name")).containsExactly("address1", "address2");
        assertThat(addresses.findValuesAsText("ipAddress")).containsExactly("10.0.0.4", "10.0.0.5");
        assertThat(addresses.get(0).path("properties").path("virtualNetwork").path("id").asText()).isEqualTo(vnet);

        // PUT the NIC holding 10.0.0.4: the pool shows which configuration holds address1.
        String nic = group + "/providers/Microsoft.Network/networkInterfaces/myNic";
        Reply nicPut = fulcrum.arm().put(nic + V, NIC_BODY.replace("VNET", vnet));
        assertThat(nicPut.status()).as(nicPut.text()).isEqualTo(201);
        assertThat(nicPut.json().path("properties").path("ipConfigurations").get(0).path("properties")
                .path("privateIPAddress").asText()).isEqualTo("10.0.0.4");
        JsonNode linked = get(pool).path("properties").path("loadBalancerBackendAddresses");
        assertThat(linked.get(0).path("properties").path("networkInterfaceIPConfiguration").path("id").asText())
                .isEqualTo(nic + "/ipConfigurations/ipconfig1");
        assertThat(linked.get(1).path("properties").has("networkInterfaceIPConfiguration")).isFalse();
        assertThat(get(pool).path("properties").has("backendIPConfigurations"))
                .as("the NIC is linked to an address, not a NIC-based member").isFalse();
    }

    private static void ok(Reply r) {
        assertThat(r.status()).as(r.text()).isIn(200, 201);
    }

    private static JsonNode get(String id) {
        Reply r = fulcrum.arm().get(id + V);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }
}
