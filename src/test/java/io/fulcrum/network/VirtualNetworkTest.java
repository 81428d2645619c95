package io.fulcrum.network;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import io.fulcrum.testkit.FulcrumExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VirtualNetworkTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String V = "?api-version=2024-07-01";

    private static String vnet(String name) {
        return "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/rg1/providers/Microsoft.Network"
                + "/virtualNetworks/" + name;
    }

    @BeforeAll
    static void group() {
        fulcrum.arm().put("/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/rg1?api-version=2021-04-01",
                "{\"location\":\"eastus\"}");
    }

    @Test
    void createsWithInlineSubnetsAsAzureExampleShows() {
        // Body of shared/conformance/examples/network/VirtualNetworkCreateSubnet.json.
        Reply created = fulcrum.arm().put(vnet("test-vnet") + V, "{\"properties\":{\"addressSpace\":{"
                + "\"addressPrefixes\":[\"10.0.0.0/16\"]},\"subnets\":[{\"name\":\"test-1\",\"properties\":{"
                + "\"addressPrefix\":\"10.0.0.0/24\"}}]},\"location\":\"eastus\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode p = created.json().path("properties");
        assertThat(p.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(p.path("addressSpace").path("addressPrefixes").get(0).asText()).isEqualTo("10.0.0.0/16");
        assertThat(p.path("virtualNetworkPeerings").isArray()).isTrue();
        JsonNode subnet = p.path("subnets").get(0);
        assertThat(subnet.path("id").asText()).isEqualTo(vnet("test-vnet") + "/subnets/test-1");
        assertThat(subnet.path("properties").path("addressPrefix").asText()).isEqualTo("10.0.0.0/24");
        assertThat(subnet.path("properties").path("privateEndpointNetworkPolicies").asText()).isEqualTo("Disabled");
    }

    @Test
    void subnetsAreChildResourcesAndChangeTheParentEtag() {
        ArmClient arm = fulcrum.arm();
        String before = arm.put(vnet("v2") + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":"
                + "{\"addressPrefixes\":[\"10.1.0.0/16\"]}}}").json().path("etag").asText();
        Reply subnet = arm.put(vnet("v2") + "/subnets/s1" + V, "{\"properties\":{\"addressPrefix\":\"10.1.1.0/24\"}}");
        assertThat(subnet.status()).as(subnet.text()).isEqualTo(201);
        assertThat(subnet.json().path("type").asText()).isEqualTo("Microsoft.Network/virtualNetworks/subnets");
        JsonNode parent = arm.get(vnet("v2") + V).json();
        assertThat(parent.path("etag").asText()).isNotEqualTo(before);
        assertThat(parent.path("properties").path("subnets").get(0).path("name").asText()).isEqualTo("s1");
        assertThat(arm.get(vnet("v2") + "/subnets" + V).json().path("value").size()).isEqualTo(1);

        Reply overlap = arm.put(vnet("v2") + "/subnets/s2" + V, "{\"properties\":{\"addressPrefix\":\"10.1.1.128/25\"}}");
        assertThat(overlap.status()).isEqualTo(400);
        assertThat(overlap.errorCode()).isEqualTo("NetcfgSubnetRangesOverlap");
        Reply outside = arm.put(vnet("v2") + "/subnets/s3" + V, "{\"properties\":{\"addressPrefix\":\"10.2.0.0/24\"}}");
        assertThat(outside.errorCode()).isEqualTo("NetcfgSubnetRangeOutsideVnet");
        Reply shrink = arm.put(vnet("v2") + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":"
                + "{\"addressPrefixes\":[\"10.9.0.0/16\"]}}}");
        assertThat(shrink.errorCode()).isEqualTo("NetcfgSubnetRangeOutsideVnet");
        assertThat(arm.get(vnet("v2") + V).json().path("properties").path("addressSpace").path("addressPrefixes")
                .get(0).asText()).isEqualTo("10.1.0.0/16");

        assertThat(arm.delete(vnet("v2") + "/subnets/s1" + V).status()).isEqualTo(202);
        assertThat(arm.get(vnet("v2") + V).json().path("properties").path("subnets").size()).isZero();
        assertThat(arm.get(vnet("v2") + "/subnets/s1" + V).status()).isEqualTo(404);
    }

    @Test
    void inlineSubnetListReplacesTheSetButAnAbsentListKeepsIt() {
        ArmClient arm = fulcrum.arm();
        arm.put(vnet("v3") + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":"
                + "[\"10.3.0.0/16\"]},\"subnets\":[{\"name\":\"a\",\"properties\":{\"addressPrefix\":\"10.3.0.0/24\"}},"
                + "{\"name\":\"b\",\"properties\":{\"addressPrefix\":\"10.3.1.0/24\"}}]}}");
        arm.put(vnet("v3") + V, "{\"location\":\"eastus\",\"tags\":{\"k\":\"v\"},\"properties\":{\"addressSpace\":"
                + "{\"addressPrefixes\":[\"10.3.0.0/16\"]}}}");
        assertThat(arm.get(vnet("v3") + V).json().path("properties").path("subnets").size()).isEqualTo(2);
        arm.put(vnet("v3") + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":"
                + "[\"10.3.0.0/16\"]},\"subnets\":[{\"name\":\"b\",\"properties\":{\"addressPrefix\":\"10.3.1.0/24\"}}]}}");
        JsonNode subnets = arm.get(vnet("v3") + V).json().path("properties").path("subnets");
        assertThat(subnets.size()).isEqualTo(1);
        assertThat(subnets.get(0).path("name").asText()).isEqualTo("b");
    }

    @Test
    void refusesBadAddressSpaces() {
        ArmClient arm = fulcrum.arm();
        for (String[] c : new String[][]{
                {"[\"10.0.0.0/33\"]", "InvalidAddressPrefix"},
                {"[\"10.0.0.1/16\"]", "InvalidAddressPrefix"},
                {"[\"127.0.0.0/16\"]", "InvalidAddressPrefix"},
                {"[\"224.1.0.0/16\"]", "InvalidAddressPrefix"},
                {"[\"10.0.0.0/16\",\"10.0.128.0/17\"]", "NetcfgAddressSpacesOverlap"},
                {"[]", "InvalidAddressPrefix"},
                {"\"10.0.0.0/16\"", "InvalidRequestContent"}}) {
            Reply r = arm.put(vnet("bad") + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":"
                    + "{\"addressPrefixes\":" + c[0] + "}}}");
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.errorCode()).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(arm.get(vnet("bad") + V).status()).isEqualTo(404);
    }
}
