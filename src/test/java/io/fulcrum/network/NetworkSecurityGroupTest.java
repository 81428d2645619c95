package io.fulcrum.network;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import io.fulcrum.testkit.FulcrumExtension;
import io.fulcrum.testkit.KeyPaths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NetworkSecurityGroupTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String V = "?api-version=2024-07-01";

    private static String rg() {
        return "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/rg1";
    }

    private static String nsg(String name) {
        return rg() + "/providers/Microsoft.Network/networkSecurityGroups/" + name;
    }

    /** A rule's properties; {@code extra} is spliced in (it may override nothing: JSON refuses duplicate keys). */
    private static String rule(int priority, String direction, String extra) {
        return "{\"protocol\":\"Tcp\",\"sourcePortRange\":\"*\",\"sourceAddressPrefix\":\"*\","
                + "\"destinationAddressPrefix\":\"10.0.0.0/24\",\"access\":\"Allow\",\"priority\":" + priority
                + ",\"direction\":\"" + direction + "\"" + (extra.isEmpty() ? ",\"destinationPortRange\":\"80\"" : "")
                + extra + "}";
    }

    private static String withRules(String... rules) {
        StringBuilder b = new StringBuilder("{\"location\":\"eastus\",\"properties\":{\"securityRules\":[");
        for (int i = 0; i < rules.length; i += 2) {
            b.append(i == 0 ? "" : ",").append("{\"name\":\"").append(rules[i]).append("\",\"properties\":")
                    .append(rules[i + 1]).append('}');
        }
        return b.append("]}}").toString();
    }

    @BeforeAll
    static void group() {
        fulcrum.arm().put(rg() + "?api-version=2021-04-01", "{\"location\":\"eastus\"}");
    }

    @Test
    void createsWithTheDefaultRulesAsAzureExampleShows() {
        // Body of shared/conformance/examples/network/NetworkSecurityGroupCreate.json.
        Reply created = fulcrum.arm().put(nsg("testnsg") + V, "{\"location\":\"eastus\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode body = created.json();
        String rule = "properties.defaultSecurityRules[].";
        assertThat(KeyPaths.of(body)).containsAll(List.of("id", "location", "name", "properties",
                "properties.defaultSecurityRules", rule + "id", rule + "name", rule + "properties",
                rule + "properties.access", rule + "properties.description", rule + "properties.destinationAddressPrefix",
                rule + "properties.destinationPortRange", rule + "properties.direction", rule + "properties.priority",
                rule + "properties.protocol", rule + "properties.provisioningState",
                rule + "properties.sourceAddressPrefix", rule + "properties.sourcePortRange",
                "properties.flushConnection", "properties.provisioningState", "properties.securityRules", "type"));
        JsonNode p = body.path("properties");
        assertThat(p.path("securityRules").isArray() && p.path("securityRules").isEmpty()).isTrue();
        assertThat(p.path("flushConnection").asBoolean(true)).isFalse();
        assertThat(p.has("subnets")).isFalse();
        List<String> defaults = new ArrayList<>();
        p.path("defaultSecurityRules").forEach(d -> defaults.add(d.path("name").asText() + "/"
                + d.path("properties").path("priority").asInt() + "/" + d.path("properties").path("direction").asText()
                + "/" + d.path("properties").path("access").asText()));
        assertThat(defaults).containsExactly("AllowVnetInBound/65000/Inbound/Allow",
                "AllowAzureLoadBalancerInBound/65001/Inbound/Allow", "DenyAllInBound/65500/Inbound/Deny",
                "AllowVnetOutBound/65000/Outbound/Allow", "AllowInternetOutBound/65001/Outbound/Allow",
                "DenyAllOutBound/65500/Outbound/Deny");
        assertThat(p.path("defaultSecurityRules").get(4).path("properties").path("destinationAddressPrefix").asText())
                .isEqualTo("Internet");
        assertThat(p.path("defaultSecurityRules").get(0).path("id").asText())
                .isEqualTo(nsg("testnsg") + "/defaultSecurityRules/AllowVnetInBound");
    }

    @Test
    void defaultRulesAreServedAsReadOnlyChildren() {
        ArmClient arm = fulcrum.arm();
        String etag = arm.put(nsg("defaults") + V, "{\"location\":\"eastus\"}").json().path("etag").asText();
        Reply list = arm.get(nsg("defaults") + "/defaultSecurityRules" + V);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("value").size()).isEqualTo(6);
        Reply one = arm.get(nsg("defaults") + "/defaultSecurityRules/denyallinbound" + V);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().path("name").asText()).isEqualTo("DenyAllInBound");
        assertThat(one.json().path("etag").asText()).isEqualTo(etag);
        assertThat(one.json().path("type").asText())
                .isEqualTo("Microsoft.Network/networkSecurityGroups/defaultSecurityRules");
        assertThat(one.json().path("properties").path("priority").asInt()).isEqualTo(65500);
        assertThat(arm.get(nsg("defaults") + "/defaultSecurityRules/AllowAll" + V).errorCode())
                .isEqualTo("ResourceNotFound");
        assertThat(arm.get(nsg("absent") + "/defaultSecurityRules" + V).errorCode()).isEqualTo("ResourceNotFound");
        assertThat(arm.put(nsg("defaults") + "/defaultSecurityRules/DenyAllInBound" + V, "{}").status())
                .isEqualTo(405);
    }

    @Test
    void childRulesAndInlineRulesAreTheSameRows() {
        ArmClient arm = fulcrum.arm();
        Reply created = arm.put(nsg("web") + V, withRules("http", rule(100, "Inbound", ""),
                "https", rule(110, "Inbound", "")));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode http = arm.get(nsg("web") + "/securityRules/http" + V).json();
        assertThat(http.path("type").asText()).isEqualTo("Microsoft.Network/networkSecurityGroups/securityRules");
        assertThat(http.path("properties").path("destinationPortRange").asText()).isEqualTo("80");
        assertThat(http.path("properties").path("destinationPortRanges").isArray()).isTrue();
        assertThat(http.path("properties").path("sourceAddressPrefixes").isEmpty()).isTrue();

        String before = arm.get(nsg("web") + V).json().path("etag").asText();
        Reply child = arm.put(nsg("web") + "/securityRules/ssh" + V, "{\"properties\":" + rule(120, "Inbound",
                ",\"destinationPortRanges\":[\"22\",\"2200-2299\"],\"description\":\"admins\"") + "}");
        assertThat(child.status()).as(child.text()).isEqualTo(201);
        JsonNode parent = arm.get(nsg("web") + V).json();
        assertThat(parent.path("etag").asText()).isNotEqualTo(before);
        assertThat(ruleNames(parent)).containsExactly("http", "https", "ssh");
        assertThat(arm.get(nsg("web") + "/securityRules" + V).json().path("value").size()).isEqualTo(3);

        assertThat(arm.delete(nsg("web") + "/securityRules/https" + V).status()).isEqualTo(202);
        assertThat(ruleNames(arm.get(nsg("web") + V).json())).containsExactly("http", "ssh");
        assertThat(arm.put(nsg("web") + V, "{\"location\":\"eastus\",\"tags\":{\"a\":\"b\"}}").status())
                .isEqualTo(200);
        assertThat(ruleNames(arm.get(nsg("web") + V).json())).as("an absent list keeps the rules")
                .containsExactly("http", "ssh");
        arm.put(nsg("web") + V, "{\"location\":\"eastus\",\"properties\":{\"securityRules\":[]}}");
        assertThat(ruleNames(arm.get(nsg("web") + V).json())).isEmpty();
    }

    @Test
    void rulesMaySwapPrioritiesInOnePutButNeverShareOne() {
        ArmClient arm = fulcrum.arm();
        arm.put(nsg("swap") + V, withRules("a", rule(200, "Inbound", ""), "b", rule(300, "Inbound", ""),
                "out", rule(200, "Outbound", "")));
        Reply swapped = arm.put(nsg("swap") + V, withRules("a", rule(300, "Inbound", ""),
                "b", rule(200, "Inbound", ""), "out", rule(200, "Outbound", "")));
        assertThat(swapped.status()).as(swapped.text()).isEqualTo(200);
        assertThat(arm.get(nsg("swap") + "/securityRules/a" + V).json().path("properties").path("priority").asInt())
                .isEqualTo(300);
    }

    @Test
    void subnetsAndNicsUsingTheGroupAreListedAndBlockItsDelete() {
        ArmClient arm = fulcrum.arm();
        arm.put(nsg("guarded") + V, "{\"location\":\"eastus\"}");
        String vnet = rg() + "/providers/Microsoft.Network/virtualNetworks/vn";
        Reply withSubnet = arm.put(vnet + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":"
                + "{\"addressPrefixes\":[\"10.5.0.0/16\"]},\"subnets\":[{\"name\":\"s1\",\"properties\":{"
                + "\"addressPrefix\":\"10.5.0.0/24\",\"networkSecurityGroup\":{\"id\":\"" + nsg("guarded") + "\"}}}]}}");
        assertThat(withSubnet.status()).as(withSubnet.text()).isEqualTo(201);
        String nic = rg() + "/providers/Microsoft.Network/networkInterfaces/nic1";
        String inS1 = "\"ipConfigurations\":[{\"name\":\"ipconfig1\",\"properties\":{\"subnet\":{\"id\":\"" + vnet
                + "/subnets/s1\"}}}]";
        Reply guardedNic = arm.put(nic + V, "{\"location\":\"eastus\",\"properties\":{\"networkSecurityGroup\":{\"id\":\""
                + nsg("guarded") + "\"}," + inS1 + "}}");
        assertThat(guardedNic.status()).as(guardedNic.text()).isEqualTo(201);

        JsonNode p = arm.get(nsg("guarded") + V).json().path("properties");
        assertThat(p.path("subnets").get(0).path("id").asText()).isEqualTo(vnet + "/subnets/s1");
        assertThat(p.path("subnets").size()).isEqualTo(1);
        assertThat(p.path("networkInterfaces").get(0).path("id").asText()).isEqualTo(nic);

        Reply refused = arm.delete(nsg("guarded") + V);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("InUseNetworkSecurityGroupCannotBeDeleted");
        assertThat(arm.get(nsg("guarded") + V).status()).isEqualTo(200);

        Reply released = arm.put(nic + V, "{\"location\":\"eastus\",\"properties\":{" + inS1 + "}}");
        assertThat(released.status()).as(released.text()).isEqualTo(200);
        assertThat(released.json().path("properties").has("networkSecurityGroup")).isFalse();
        assertThat(arm.get(nsg("guarded") + V).json().path("properties").has("networkInterfaces")).isFalse();
        assertThat(arm.delete(nsg("guarded") + V).errorCode()).as("the subnet still uses it")
                .isEqualTo("InUseNetworkSecurityGroupCannotBeDeleted");
        arm.put(vnet + "/subnets/s1" + V, "{\"properties\":{\"addressPrefix\":\"10.5.0.0/24\"}}");
        assertThat(arm.get(nsg("guarded") + V).json().path("properties").has("subnets")).isFalse();
        assertThat(arm.delete(nsg("guarded") + V).status()).isEqualTo(202);
    }

    @Test
    void applicationSecurityGroupsAreCheckedAndReferenced() {
        ArmClient arm = fulcrum.arm();
        String asg = rg() + "/providers/Microsoft.Network/applicationSecurityGroups/web-tier";
        arm.put(asg + V, "{\"location\":\"eastus\"}");
        String byGroup = "{\"protocol\":\"Tcp\",\"sourcePortRange\":\"*\",\"destinationPortRange\":\"443\","
                + "\"sourceAddressPrefix\":\"Internet\",\"destinationApplicationSecurityGroups\":[{\"id\":\"" + asg
                + "\"}],\"access\":\"Allow\",\"priority\":100,\"direction\":\"Inbound\"}";
        Reply created = arm.put(nsg("asg") + V, withRules("to-web", byGroup));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("properties").path("securityRules").get(0).path("properties")
                .path("destinationApplicationSecurityGroups").get(0).path("id").asText()).isEqualTo(asg);
        Reply inUse = arm.delete(asg + V);
        assertThat(inUse.status()).isEqualTo(400);
        assertThat(arm.get(asg + V).status()).isEqualTo(200);

        Reply missing = arm.put(nsg("asg2") + V, withRules("to-nowhere", byGroup.replace("web-tier", "absent")));
        assertThat(missing.errorCode()).isEqualTo("InvalidResourceReference");
        assertThat(arm.get(nsg("asg2") + V).status()).isEqualTo(404);
    }

    @Test
    void refusesBadRulesAndChangesNothing() {
        ArmClient arm = fulcrum.arm();
        JsonNode before = arm.put(nsg("strict") + V, withRules("keep", rule(100, "Inbound", ""))).json();
        String[][] cases = {
                {rule(99, "Inbound", ""), "SecurityRuleInvalidPriority"},
                {rule(4097, "Inbound", ""), "SecurityRuleInvalidPriority"},
                {rule(100, "Inbound", ""), "SecurityRuleConflict"},
                {rule(101, "Sideways", ""), "InvalidRequestFormat"},
                {rule(102, "Inbound", "").replace("\"Tcp\"", "\"Icmpv6\""), "InvalidRequestFormat"},
                {rule(103, "Inbound", "").replace("\"protocol\":\"Tcp\",", ""), "SecurityRuleParameterMissing"},
                {rule(104, "Inbound", "").replace("\"access\":\"Allow\",", ""), "SecurityRuleParameterMissing"},
                {rule(105, "Inbound", "").replace("\"priority\":105,", ""), "SecurityRuleParameterMissing"},
                {rule(106, "Inbound", "").replace("\"priority\":106", "\"priority\":\"high\""),
                        "InvalidRequestContent"},
                {rule(107, "Inbound", ",\"destinationPortRange\":\"70000\""), "SecurityRuleInvalidPortRange"},
                {rule(108, "Inbound", ",\"destinationPortRange\":\"80,443\""), "SecurityRuleInvalidPortRange"},
                {rule(109, "Inbound", ",\"destinationPortRange\":\"2000-1000\""), "SecurityRuleInvalidPortRange"},
                {rule(110, "Inbound", ",\"destinationPortRange\":\"80\",\"destinationPortRanges\":[\"81\"]"),
                        "SecurityRuleParametersMissing"},
                {rule(111, "Inbound", "").replace("\"destinationPortRange\":\"80\"", "\"destinationPortRanges\":[]"),
                        "SecurityRuleParametersMissing"},
                {rule(112, "Inbound", "").replace("\"sourceAddressPrefix\":\"*\",", ""),
                        "SecurityRuleParametersMissing"},
                {rule(113, "Inbound", "").replace("\"sourceAddressPrefix\":\"*\"", "\"sourceAddressPrefix\":\"any\""),
                        "SecurityRuleInvalidAddressPrefix"},
                {rule(114, "Inbound", "").replace("10.0.0.0/24", "10.0.0.1/24"), "SecurityRuleInvalidAddressPrefix"},
                {rule(115, "Inbound", "").replace("\"sourceAddressPrefix\":\"*\"",
                        "\"sourceAddressPrefixes\":[\"10.1.0.0/16\",\"Internet\"]"),
                        "SecurityRuleParameterContainsUnsupportedValue"},
                {rule(116, "Inbound", ",\"destinationPortRange\":\"80\",\"description\":\"" + "d".repeat(141) + "\""),
                        "InvalidRequestFormat"}};
        for (String[] c : cases) {
            Reply inline = arm.put(nsg("strict") + V, withRules("keep", rule(100, "Inbound", ""), "new", c[0]));
            assertThat(inline.status()).as(c[0] + " " + inline.text()).isEqualTo(400);
            assertThat(inline.errorCode()).as(c[0]).isEqualTo(c[1]);
            assertThat(inline.json().path("error").path("message").asText()).as(c[0]).isNotBlank();
            Reply child = arm.put(nsg("strict") + "/securityRules/new" + V, "{\"properties\":" + c[0] + "}");
            assertThat(child.status()).as(c[0] + " " + child.text()).isEqualTo(400);
            assertThat(child.errorCode()).as(c[0]).isEqualTo(c[1]);
            assertThat(arm.get(nsg("strict") + "/securityRules/new" + V).status()).as(c[0]).isEqualTo(404);
            assertThat(arm.get(nsg("strict") + V).json()).as(c[0]).isEqualTo(before);
        }
        assertThat(arm.put(nsg("strict") + "/securityRules/out" + V, "{\"properties\":" + rule(100, "Outbound", "")
                + "}").status()).as("the same priority in the other direction").isEqualTo(201);
    }

    private static List<String> ruleNames(JsonNode nsg) {
        List<String> out = new ArrayList<>();
        nsg.path("properties").path("securityRules").forEach(r -> out.add(r.path("name").asText()));
        return out;
    }
}
