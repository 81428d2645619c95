package io.fulcrum.network;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import io.fulcrum.testkit.FulcrumExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoadBalancerTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    static final String V = "?api-version=2024-07-01";
    static final List<String> COLLECTIONS = List.of("frontendIPConfigurations", "backendAddressPools",
            "loadBalancingRules", "probes", "inboundNatRules", "inboundNatPools", "outboundRules");

    static String group;
    static String vnet;
    static String subnet1;

    @BeforeAll
    static void network() {
        group = "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/rg1";
        fulcrum.arm().put(group + "?api-version=2021-04-01", "{\"location\":\"eastus\"}");
        vnet = group + "/providers/Microsoft.Network/virtualNetworks/vnet";
        Reply r = fulcrum.arm().put(vnet + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{"
                + "\"addressPrefixes\":[\"10.0.0.0/16\"]},\"subnets\":[{\"name\":\"s1\",\"properties\":{"
                + "\"addressPrefix\":\"10.0.1.0/24\"}}]}}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        subnet1 = vnet + "/subnets/s1";
    }

    static String lb(String name) {
        return group + "/providers/Microsoft.Network/loadBalancers/" + name;
    }

    static Reply put(LbBody b) {
        return fulcrum.arm().put(b.id + V, b.json());
    }

    static JsonNode get(String id) {
        Reply r = fulcrum.arm().get(id + V);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    static List<String> ids(JsonNode refs) {
        List<String> out = new ArrayList<>();
        refs.forEach(r -> out.add(r.path("id").asText()));
        return out;
    }

    @Test
    void rendersAllSevenCollectionsEvenWhenEmpty() {
        Reply created = put(new LbBody(lb("bare"), null).frontend("fe", subnet1));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode lb = get(lb("bare"));
        for (String c : COLLECTIONS) {
            assertThat(lb.path("properties").path(c).isArray()).as(c).isTrue();
        }
        assertThat(lb.path("properties").path("backendAddressPools")).isEmpty();
        assertThat(lb.path("sku").path("name").asText()).isEqualTo("Basic");
        assertThat(lb.path("type").asText()).isEqualTo("Microsoft.Network/loadBalancers");
        assertThat(lb.path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        Reply tagged = fulcrum.arm().patch(lb("bare") + V, "{\"tags\":{\"team\":\"net\"}}");
        assertThat(tagged.status()).as(tagged.text()).isEqualTo(200);
        assertThat(tagged.json().path("tags").path("team").asText()).isEqualTo("net");
        assertThat(tagged.json().path("sku").path("name").asText()).isEqualTo("Basic");
        assertThat(tagged.json().path("properties").path("frontendIPConfigurations")).hasSize(1);
        JsonNode list = fulcrum.arm().get(group + "/providers/Microsoft.Network/loadBalancers" + V).json();
        assertThat(list.path("value").findValuesAsText("name")).contains("bare");
        for (JsonNode item : list.path("value")) {
            for (String c : COLLECTIONS) {
                assertThat(item.path("properties").path(c).isArray()).as(c).isTrue();
            }
        }
    }

    @Test
    void privateFrontendsTakeAddressesFromTheirSubnetAndKeepThem() {
        LbBody body = new LbBody(lb("addr"), "Standard").frontend("dyn", subnet1).frontend("fixed", subnet1);
        body.item("frontendIPConfigurations", "fixed").put("privateIPAddress", "10.0.1.100");
        assertThat(put(body).status()).isEqualTo(201);
        JsonNode lb = get(lb("addr"));
        JsonNode dyn = get(body.child("frontendIPConfigurations", "dyn")).path("properties");
        JsonNode fixed = get(body.child("frontendIPConfigurations", "fixed")).path("properties");
        assertThat(fixed.path("privateIPAddress").asText()).isEqualTo("10.0.1.100");
        assertThat(fixed.path("privateIPAllocationMethod").asText()).isEqualTo("Static");
        assertThat(dyn.path("privateIPAllocationMethod").asText()).isEqualTo("Dynamic");
        String dynamicAddress = dyn.path("privateIPAddress").asText();
        assertThat(dynamicAddress).startsWith("10.0.1.");
        JsonNode subnet = get(subnet1).path("properties").path("ipConfigurations");
        assertThat(ids(subnet)).contains(body.child("frontendIPConfigurations", "dyn"),
                body.child("frontendIPConfigurations", "fixed"));

        // A GET-modify-PUT sends the whole document back; the dynamic address stays what it was.
        Reply again = fulcrum.arm().put(lb("addr") + V, lb.toString());
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(get(body.child("frontendIPConfigurations", "dyn")).path("properties").path("privateIPAddress")
                .asText()).isEqualTo(dynamicAddress);

        Reply subnetDelete = fulcrum.arm().delete(subnet1 + V);
        assertThat(subnetDelete.errorCode()).isEqualTo("InUseSubnetCannotBeDeleted");
    }

    @Test
    void poolAndNatRuleWrittenAloneShowInTheLoadBalancerAndBack() {
        ArmClient arm = fulcrum.arm();
        LbBody body = new LbBody(lb("kids"), "Standard").frontend("fe", subnet1).pool("p1");
        assertThat(put(body).status()).isEqualTo(201);
        String etag = get(lb("kids")).path("etag").asText();

        Reply pool = arm.put(body.child("backendAddressPools", "p2") + V,
                "{\"properties\":{\"drainPeriodInSeconds\":30}}");
        assertThat(pool.status()).as(pool.text()).isEqualTo(201);
        assertThat(pool.json().path("type").asText()).isEqualTo("Microsoft.Network/loadBalancers/backendAddressPools");
        Reply nat = arm.put(body.child("inboundNatRules", "ssh") + V, "{\"properties\":{\"protocol\":\"Tcp\","
                + "\"frontendPort\":2222,\"backendPort\":22,\"frontendIPConfiguration\":{\"id\":\""
                + body.child("frontendIPConfigurations", "fe") + "\"}}}");
        assertThat(nat.status()).as(nat.text()).isEqualTo(201);
        assertThat(nat.json().path("properties").path("idleTimeoutInMinutes").asInt()).isEqualTo(4);

        JsonNode lb = get(lb("kids"));
        assertThat(lb.path("etag").asText()).isNotEqualTo(etag);
        assertThat(lb.path("properties").path("backendAddressPools").findValuesAsText("name"))
                .containsExactly("p1", "p2");
        assertThat(lb.path("properties").path("inboundNatRules").findValuesAsText("name")).containsExactly("ssh");
        assertThat(ids(get(body.child("frontendIPConfigurations", "fe")).path("properties")
                .path("inboundNatRules"))).containsExactly(body.child("inboundNatRules", "ssh"));

        // A whole PUT that leaves a collection out keeps it; one that lists it replaces it.
        assertThat(put(body).status()).isEqualTo(200);
        lb = get(lb("kids"));
        assertThat(lb.path("properties").path("backendAddressPools").findValuesAsText("name"))
                .containsExactly("p1");
        assertThat(lb.path("properties").path("inboundNatRules")).hasSize(1);
        LbBody changed = body.copy().natRule("ssh", "fe", "Tcp", 2200, 22);
        assertThat(put(changed).status()).isEqualTo(200);
        assertThat(get(body.child("inboundNatRules", "ssh")).path("properties").path("frontendPort").asInt())
                .isEqualTo(2200);
        changed.collection("inboundNatRules").removeAll();
        assertThat(put(changed).status()).isEqualTo(200);
        assertThat(arm.get(body.child("inboundNatRules", "ssh") + V).status()).isEqualTo(404);

        Reply delete = arm.delete(body.child("backendAddressPools", "p1") + V);
        assertThat(delete.status()).isEqualTo(202);
        assertThat(get(lb("kids")).path("properties").path("backendAddressPools")).isEmpty();
        assertThat(arm.get(body.child("backendAddressPools", "p1") + V).status()).isEqualTo(404);
    }

    @Test
    void childrenChangedOnlyThroughTheLoadBalancerRefuseWrites() {
        LbBody body = new LbBody(lb("ro"), "Standard").frontend("fe", subnet1).pool("p").probe("pr", "Tcp", 22, null)
                .rule("r", "fe", "p", "pr", "Tcp", 80, 80).outbound("o", "p", "Udp", "fe");
        body.item("loadBalancingRules", "r").put("disableOutboundSnat", true);
        Reply created = put(body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        for (String[] c : new String[][]{{"frontendIPConfigurations", "fe"}, {"loadBalancingRules", "r"},
                {"probes", "pr"}, {"outboundRules", "o"}}) {
            String child = body.child(c[0], c[1]);
            assertThat(get(child).path("name").asText()).isEqualTo(c[1]);
            assertThat(fulcrum.arm().get(body.id + "/" + c[0] + V).json().path("value")).hasSize(1);
            Reply write = fulcrum.arm().put(child + V, "{\"properties\":{}}");
            assertThat(write.status()).as(c[0]).isEqualTo(405);
            assertThat(write.errorCode()).isEqualTo("MethodNotAllowed");
            assertThat(fulcrum.arm().delete(child + V).status()).as(c[0]).isEqualTo(405);
        }
        // NAT pools have no path of their own at all.
        Reply natPool = fulcrum.arm().get(body.child("inboundNatPools", "x") + V);
        assertThat(natPool.errorCode()).isEqualTo("InvalidResourceType");
    }

    @Test
    void backReferencesAreDerivedFromTheRules() {
        LbBody body = new LbBody(lb("refs"), "Standard").frontend("fe", subnet1).frontend("out", subnet1)
                .pool("p").probe("pr", "Http", 80, "/health").rule("r", "fe", "p", "pr", "Tcp", 80, 8080)
                .natRule("n1", "fe", "Tcp", 2200, 22).natRuleOnPool("n2", "fe", "p", 3000, 3099, 22)
                .outbound("o", "p", "All", "out");
        Reply created = put(body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode fe = get(body.child("frontendIPConfigurations", "fe")).path("properties");
        assertThat(ids(fe.path("loadBalancingRules"))).containsExactly(body.child("loadBalancingRules", "r"));
        assertThat(ids(fe.path("inboundNatRules"))).containsExactly(body.child("inboundNatRules", "n1"),
                body.child("inboundNatRules", "n2"));
        assertThat(fe.has("outboundRules")).isFalse();
        JsonNode out = get(body.child("frontendIPConfigurations", "out")).path("properties");
        assertThat(ids(out.path("outboundRules"))).containsExactly(body.child("outboundRules", "o"));
        JsonNode pool = get(body.child("backendAddressPools", "p")).path("properties");
        assertThat(ids(pool.path("loadBalancingRules"))).containsExactly(body.child("loadBalancingRules", "r"));
        assertThat(ids(pool.path("inboundNatRules"))).containsExactly(body.child("inboundNatRules", "n2"));
        assertThat(ids(pool.path("outboundRules"))).containsExactly(body.child("outboundRules", "o"));
        assertThat(pool.path("outboundRule").path("id").asText()).isEqualTo(body.child("outboundRules", "o"));
        assertThat(pool.path("loadBalancerBackendAddresses")).isEmpty();
        JsonNode probe = get(body.child("probes", "pr")).path("properties");
        assertThat(ids(probe.path("loadBalancingRules"))).containsExactly(body.child("loadBalancingRules", "r"));
        assertThat(probe.path("intervalInSeconds").asInt()).isEqualTo(15);
        assertThat(probe.path("numberOfProbes").asInt()).isEqualTo(2);
        assertThat(probe.path("probeThreshold").asInt()).isEqualTo(1);
        JsonNode n2 = get(body.child("inboundNatRules", "n2")).path("properties");
        assertThat(n2.path("frontendPortRangeStart").asInt()).isEqualTo(3000);
        assertThat(n2.path("frontendPort").asInt()).isZero();

        // Dropping the rule drops its back-references; nothing is stored twice.
        LbBody without = body.copy();
        without.collection("loadBalancingRules").removeAll();
        assertThat(put(without).status()).isEqualTo(200);
        assertThat(get(body.child("probes", "pr")).path("properties").has("loadBalancingRules")).isFalse();
        assertThat(get(body.child("backendAddressPools", "p")).path("properties").has("loadBalancingRules"))
                .isFalse();
        assertThat(get(lb("refs")).path("properties").path("loadBalancingRules")).isEmpty();
    }

    /**
     * az's AAZ commands PUT the whole load balancer at 2022-05-01, whose schema lacks syncMode (clients.md section
     * 5); older templates lack sku. What they leave out must survive.
     */
    @Test
    void olderClientsWholePutKeepsWhatTheirSchemaLacks() {
        String pool = lb("sync") + "/backendAddressPools/be";
        LbBody body = new LbBody(lb("sync"), "Standard").frontend("fe", subnet1).pool("be");
        body.item("backendAddressPools", "be").put("syncMode", "Automatic").put("drainPeriodInSeconds", 30)
                .set("virtualNetwork", LbBody.ref(vnet));
        Reply created = put(body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);

        LbBody old = new LbBody(lb("sync"), null).frontend("fe", subnet1).pool("be");
        Reply replaced = fulcrum.arm().put(lb("sync") + "?api-version=2022-05-01", old.json());
        assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
        JsonNode p = get(pool).path("properties");
        assertThat(p.path("syncMode").asText()).isEqualTo("Automatic");
        assertThat(p.path("drainPeriodInSeconds").asInt()).isEqualTo(30);
        assertThat(p.path("virtualNetwork").path("id").asText()).isEqualTo(vnet);
        assertThat(get(lb("sync")).path("sku").path("name").asText()).isEqualTo("Standard");

        // The pool on its own, as az's generic update sends it: still kept; an explicit change is refused.
        assertThat(fulcrum.arm().put(pool + V, "{\"properties\":{\"loadBalancerBackendAddresses\":[]}}").status())
                .isEqualTo(200);
        assertThat(get(pool).path("properties").path("syncMode").asText()).isEqualTo("Automatic");
        Reply change = fulcrum.arm().put(pool + V, "{\"properties\":{\"syncMode\":\"Manual\"}}");
        assertThat(change.status()).isEqualTo(400);
        assertThat(change.errorCode()).isEqualTo("InvalidRequestFormat");
        assertThat(get(pool).path("properties").path("syncMode").asText()).isEqualTo("Automatic");
    }

    @Test
    void ipBasedPoolAddressesAreStoredAndRendered() {
        String members = group + "/providers/Microsoft.Network/virtualNetworks/members";
        assertThat(fulcrum.arm().put(members + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{"
                + "\"addressPrefixes\":[\"10.1.0.0/16\"]},\"subnets\":[{\"name\":\"a\",\"properties\":{"
                + "\"addressPrefix\":\"10.1.0.0/24\"}}]}}").status()).isEqualTo(201);
        LbBody body = new LbBody(lb("ips"), "Standard").frontend("fe", subnet1).pool("be");
        assertThat(put(body).status()).isEqualTo(201);
        String pool = body.child("backendAddressPools", "be");
        // az sends references with model-default properties attached (clients.md section 5); only the id counts.
        Reply r = fulcrum.arm().put(pool + V, "{\"properties\":{\"loadBalancerBackendAddresses\":[{\"name\":\"a1\","
                + "\"properties\":{\"ipAddress\":\"10.1.0.10\",\"virtualNetwork\":{\"id\":\"" + members + "\","
                + "\"properties\":{\"enableDdosProtection\":false}},\"adminState\":\"Down\"}},{\"name\":\"a2\","
                + "\"properties\":{\"ipAddress\":\"10.1.0.11\",\"subnet\":{\"id\":\"" + members + "/subnets/a\"}}}]}}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode addresses = get(pool).path("properties").path("loadBalancerBackendAddresses");
        assertThat(addresses.findValuesAsText("name")).containsExactly("a1", "a2");
        assertThat(addresses.get(0).path("id").asText()).isEqualTo(pool + "/loadBalancerBackendAddresses/a1");
        assertThat(addresses.get(0).path("properties").path("adminState").asText()).isEqualTo("Down");
        assertThat(addresses.get(0).path("properties").path("virtualNetwork").path("id").asText())
                .isEqualTo(members);
        assertThat(addresses.get(0).path("properties").path("virtualNetwork").has("properties")).isFalse();
        assertThat(addresses.get(1).path("properties").path("subnet").path("id").asText())
                .isEqualTo(members + "/subnets/a");
        // The network a pool's addresses live in cannot go while they do.
        assertThat(fulcrum.arm().delete(members + V).status()).isEqualTo(400);
        assertThat(fulcrum.arm().put(pool + V, "{\"properties\":{\"loadBalancerBackendAddresses\":[]}}").status())
                .isEqualTo(200);
        assertThat(fulcrum.arm().delete(members + V).status()).isEqualTo(202);
    }

    @Test
    void deletingTheLoadBalancerRemovesItsChildrenAndFreesTheSubnet() {
        LbBody body = new LbBody(lb("gone"), "Standard").frontend("fe", subnet1).pool("p")
                .rule("r", "fe", "p", null, "Tcp", 443, 443);
        assertThat(put(body).status()).isEqualTo(201);
        assertThat(fulcrum.arm().delete(lb("gone") + V).status()).isEqualTo(202);
        assertThat(fulcrum.arm().get(lb("gone") + V).status()).isEqualTo(404);
        assertThat(fulcrum.arm().get(body.child("backendAddressPools", "p") + V).status()).isEqualTo(404);
        assertThat(ids(get(subnet1).path("properties").path("ipConfigurations")))
                .doesNotContain(body.child("frontendIPConfigurations", "fe"));
        assertThat(fulcrum.arm().delete(lb("gone") + V).status()).isEqualTo(204);
    }

    @Test
    void networkInterfacesOfALoadBalancerIsAList() {
        assertThat(put(new LbBody(lb("nics"), "Standard").frontend("fe", subnet1).pool("p")).status())
                .isEqualTo(201);
        Reply r = fulcrum.arm().get(lb("nics") + "/networkInterfaces" + V);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().path("value").isArray()).isTrue();
        assertThat(fulcrum.arm().get(lb("absent") + "/networkInterfaces" + V).errorCode())
                .isEqualTo("ResourceNotFound");
    }
}
