package io.fulcrum.network;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.FulcrumExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST .../loadBalancers/{lb}/migrateToIpBased}: NIC members become addresses, NICs leave the pool, rules keep
 * the pool id, and a failed call changes nothing.
 */
class LoadBalancerMigrationTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String V = "?api-version=2024-07-01";

    static String group;
    static String vnet;
    static String subnet;

    @BeforeAll
    static void network() {
        group = "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/rg1";
        fulcrum.arm().put(group + "?api-version=2021-04-01", "{\"location\":\"eastus\"}");
        vnet = group + "/providers/Microsoft.Network/virtualNetworks/vnet";
        fulcrum.arm().put(vnet + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":"
                + "[\"10.0.0.0/16\"]},\"subnets\":[{\"name\":\"s1\",\"properties\":{"
                + "\"addressPrefix\":\"10.0.1.0/24\"}}]}}");
        subnet = vnet + "/subnets/s1";
    }

    /** A Standard internal load balancer with pools p1 and p2, a probe, a rule on p1 and a v1 NAT rule. */
    static LbBody loadBalancer(String name) {
        LbBody body = new LbBody(group + "/providers/Microsoft.Network/loadBalancers/" + name, "Standard")
                .frontend("fe", subnet).pool("p1").pool("p2").probe("hp", "Tcp", 80, null)
                .rule("r1", "fe", "p1", "hp", "Tcp", 80, 80).natRule("ssh", "fe", "Tcp", 2200, 22);
        Reply r = fulcrum.arm().put(body.id + V, body.json());
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return body;
    }

    static String nic(String name) {
        return group + "/providers/Microsoft.Network/networkInterfaces/" + name;
    }

    /** A NIC with a static address whose ipconfig1 is in {@code pools} (and NAT rule {@code nat}, nullable). */
    static void member(String name, String ip, String nat, String... pools) {
        StringBuilder refs = new StringBuilder();
        for (String p : pools) {
            refs.append(refs.length() == 0 ? "" : ",").append("{\"id\":\"").append(p).append("\"}");
        }
        String config = "{\"subnet\":{\"id\":\"" + subnet + "\"},\"privateIPAllocationMethod\":\"Static\","
                + "\"privateIPAddress\":\"" + ip + "\",\"loadBalancerBackendAddressPools\":[" + refs + "]"
                + (nat == null ? "" : ",\"loadBalancerInboundNatRules\":[{\"id\":\"" + nat + "\"}]") + "}";
        Reply r = fulcrum.arm().put(nic(name) + V, "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":["
                + "{\"name\":\"ipconfig1\",\"properties\":" + config + "}]}}");
        assertThat(r.status()).as(r.text()).isIn(200, 201);
    }

    static JsonNode get(String id) {
        Reply r = fulcrum.arm().get(id + V);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    static Reply migrate(String lb, String body) {
        return fulcrum.arm().post(lb + "/migrateToIpBased?api-version=2022-01-01", body);
    }

    @Test
    void namedPoolMigratesWithAzuresCapitalisedBody() {
        LbBody lb = loadBalancer("named");
        String p1 = lb.child("backendAddressPools", "p1");
        String p2 = lb.child("backendAddressPools", "p2");
        String nat = lb.child("inboundNatRules", "ssh");
        member("named-nic1", "10.0.1.10", nat, p1, p2);
        member("named-nic2", "10.0.1.11", null, p1);
        String lbEtag = get(lb.id).path("etag").asText();
        String nicEtag = get(nic("named-nic1")).path("etag").asText();

        Reply r = migrate(lb.id, "{\"Pools\":[\"P1\"]}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().path("migratedPools").toString()).isEqualTo("[\"p1\"]");

        JsonNode pool = get(p1).path("properties");
        assertThat(pool.has("backendIPConfigurations")).as(pool.toString()).isFalse();
        assertThat(pool.path("loadBalancerBackendAddresses").findValuesAsText("ipAddress"))
                .containsExactlyInAnyOrder("10.0.1.10", "10.0.1.11");
        assertThat(pool.path("loadBalancerBackendAddresses").findValues("virtualNetwork"))
                .allMatch(v -> v.path("id").asText().equalsIgnoreCase(vnet));
        assertThat(pool.path("virtualNetwork").path("id").asText()).isEqualToIgnoringCase(vnet);
        // Rules keep naming the same pool id.
        assertThat(pool.path("loadBalancingRules").findValuesAsText("id")).containsExactly(lb.child(
                "loadBalancingRules", "r1"));
        assertThat(get(lb.child("loadBalancingRules", "r1")).path("properties").path("backendAddressPool")
                .path("id").asText()).isEqualTo(p1);

        // The NIC left p1 only: it is still in p2 and still behind the NAT rule.
        JsonNode config = get(nic("named-nic1")).path("properties").path("ipConfigurations").get(0)
                .path("properties");
        assertThat(config.path("loadBalancerBackendAddressPools").findValuesAsText("id")).containsExactly(p2);
        assertThat(config.path("loadBalancerInboundNatRules").findValuesAsText("id")).containsExactly(nat);
        assertThat(get(nic("named-nic2")).path("properties").path("ipConfigurations").get(0).path("properties")
                .has("loadBalancerBackendAddressPools")).isFalse();
        assertThat(get(p2).path("properties").path("backendIPConfigurations")).hasSize(1);
        assertThat(get(lb.id).path("etag").asText()).isNotEqualTo(lbEtag);
        assertThat(get(nic("named-nic1")).path("etag").asText()).isNotEqualTo(nicEtag);

        // The pool is IP-based now: a NIC can no longer join it, and a second call is a no-op listing it.
        Reply again = migrate(lb.id, "{\"pools\":[\"p1\"]}");
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.json().path("migratedPools").toString()).isEqualTo("[\"p1\"]");
        assertThat(get(p1).path("properties").path("loadBalancerBackendAddresses")).hasSize(2);
    }

    @Test
    void noBodyOrNoListMigratesEveryPool() {
        LbBody lb = loadBalancer("all");
        String p1 = lb.child("backendAddressPools", "p1");
        String p2 = lb.child("backendAddressPools", "p2");
        member("all-nic1", "10.0.1.20", null, p1, p2);

        Reply r = migrate(lb.id, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().path("migratedPools").toString()).isEqualTo("[\"p1\",\"p2\"]");
        assertThat(get(p2).path("properties").path("loadBalancerBackendAddresses").findValuesAsText("ipAddress"))
                .containsExactly("10.0.1.20");
        assertThat(get(nic("all-nic1")).path("properties").path("ipConfigurations").get(0).path("properties")
                .has("loadBalancerBackendAddressPools")).isFalse();
        assertThat(fulcrum.arm().get(lb.id + "/networkInterfaces" + V).json().path("value")).isEmpty();

        LbBody other = loadBalancer("all2");
        member("all-nic2", "10.0.1.21", null, other.child("backendAddressPools", "p2"));
        Reply empty = migrate(other.id, "{}");
        assertThat(empty.status()).as(empty.text()).isEqualTo(200);
        assertThat(empty.json().path("migratedPools").toString()).isEqualTo("[\"p1\",\"p2\"]");
    }

    @Test
    void anUnknownPoolMigratesNothing() {
        LbBody lb = loadBalancer("unknown");
        String p1 = lb.child("backendAddressPools", "p1");
        member("unknown-nic1", "10.0.1.30", null, p1);
        String before = get(p1).toString();

        Reply r = migrate(lb.id, "{\"pools\":[\"p1\",\"nope\"]}");
        assertThat(r.status()).as(r.text()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("ResourceNotFound");
        assertThat(r.text()).contains("nope");
        assertThat(get(p1).toString()).isEqualTo(before);
        assertThat(get(nic("unknown-nic1")).path("properties").path("ipConfigurations").get(0).path("properties")
                .path("loadBalancerBackendAddressPools").findValuesAsText("id")).containsExactly(p1);
    }

    @Test
    void badBodiesAndMissingLoadBalancers() {
        LbBody lb = loadBalancer("bad");
        assertThat(migrate(lb.id, "{\"pools\":\"p1\"}").status()).isEqualTo(400);
        assertThat(migrate(lb.id, "{\"pools\":[1]}").status()).isEqualTo(400);
        assertThat(migrate(lb.id, "[\"p1\"]").errorCode()).isEqualTo("InvalidRequestContent");
        Reply missing = migrate(group + "/providers/Microsoft.Network/loadBalancers/none", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("ResourceNotFound");
        Reply noGroup = migrate("/subscriptions/" + fulcrum.subscriptionId()
                + "/resourceGroups/nogroup/providers/Microsoft.Network/loadBalancers/x", null);
        assertThat(noGroup.errorCode()).isEqualTo("ResourceGroupNotFound");
    }
}
