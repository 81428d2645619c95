package io.fulcrum.network;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.FulcrumExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * NIC-based pool membership, seen from the load balancer. Membership is stored on the NICs (their ip
 * configurations name pools and inbound NAT rules), so these tests make members by PUTting real NICs, and read the
 * load balancer's derived back-references.
 */
class LoadBalancerMembershipTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String V = "?api-version=2024-07-01";
    private static final ObjectMapper JSON = new ObjectMapper();

    static String group;
    static String subnet;

    @BeforeAll
    static void network() {
        group = "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/rg1";
        fulcrum.arm().put(group + "?api-version=2021-04-01", "{\"location\":\"eastus\"}");
        String vnet = group + "/providers/Microsoft.Network/virtualNetworks/vnet";
        fulcrum.arm().put(vnet + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":"
                + "[\"10.0.0.0/16\"]},\"subnets\":[{\"name\":\"s1\",\"properties\":{"
                + "\"addressPrefix\":\"10.0.1.0/24\"}}]}}");
        subnet = vnet + "/subnets/s1";
    }

    static LbBody loadBalancer(String name) {
        LbBody body = new LbBody(group + "/providers/Microsoft.Network/loadBalancers/" + name, "Standard")
                .frontend("fe", subnet).pool("p").natRule("ssh", "fe", "Tcp", 2200, 22);
        Reply r = fulcrum.arm().put(body.id + V, body.json());
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return body;
    }

    static String nic(String name) {
        return group + "/providers/Microsoft.Network/networkInterfaces/" + name;
    }

    static String ipConfiguration(String nic) {
        return nic(nic) + "/ipConfigurations/ipconfig1";
    }

    /** PUTs NIC {@code name} in the subnet, its ip configuration in {@code pool} and {@code natRule} (each nullable). */
    static void member(String name, String pool, String natRule) {
        String config = "{\"subnet\":{\"id\":\"" + subnet + "\"}"
                + (pool == null ? "" : ",\"loadBalancerBackendAddressPools\":[{\"id\":\"" + pool + "\"}]")
                + (natRule == null ? "" : ",\"loadBalancerInboundNatRules\":[{\"id\":\"" + natRule + "\"}]") + "}";
        Reply r = fulcrum.arm().put(nic(name) + V, "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":["
                + "{\"name\":\"ipconfig1\",\"properties\":" + config + "}]}}");
        assertThat(r.status()).as(r.text()).isIn(200, 201);
    }

    /**
     * STAND-IN for the compute family, which is not in this tree: what a scale-set instance's ip configuration
     * records, written straight into the reference index (the contract between the two families).
     */
    static void scaleSetMember(String ipConfiguration, String pool) {
        ResourceId from = ResourceId.parse(ipConfiguration).orElseThrow();
        List<Ref> refs = pool == null ? List.of()
                : List.of(new Ref(from, ResourceId.parse(pool).orElseThrow(), RefKinds.BACKEND_POOL));
        fulcrum.installation().store().write(tx -> {
            tx.refs().replaceFrom(from, refs);
            return null;
        });
    }

    static JsonNode get(String id) {
        Reply r = fulcrum.arm().get(id + V);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    @Test
    void nicMembersShowOnThePoolAndTheNatRule() {
        LbBody lb = loadBalancer("show");
        String pool = lb.child("backendAddressPools", "p");
        String nat = lb.child("inboundNatRules", "ssh");
        member("nic1", pool, nat);
        member("nic2", pool, null);

        JsonNode p = get(pool).path("properties");
        assertThat(p.path("backendIPConfigurations").findValuesAsText("id"))
                .containsExactly(ipConfiguration("nic1"), ipConfiguration("nic2"));
        JsonNode addresses = p.path("loadBalancerBackendAddresses");
        assertThat(addresses).hasSize(2).allMatch(a -> a.path("id").asText().startsWith(pool
                + "/loadBalancerBackendAddresses/"));
        assertThat(addresses.get(0).path("properties").path("networkInterfaceIPConfiguration").path("id").asText())
                .isEqualTo(ipConfiguration("nic1"));
        assertThat(get(nat).path("properties").path("backendIPConfiguration").path("id").asText())
                .isEqualTo(ipConfiguration("nic1"));
        // The load balancer's own GET renders the same children.
        assertThat(get(lb.id).path("properties").path("backendAddressPools").get(0).path("properties")
                .path("backendIPConfigurations")).hasSize(2);
        Reply nics = fulcrum.arm().get(lb.id + "/networkInterfaces" + V);
        assertThat(nics.status()).isEqualTo(200);
        assertThat(nics.json().path("value")).extracting(n -> n.path("name").asText()).containsExactly("nic1", "nic2");
        assertThat(nics.json().path("value").get(0)).as("rendered as the NIC's own GET").isEqualTo(get(nic("nic1")));

        // Leaving the pool is a NIC write too, and the pool's view follows it.
        member("nic2", null, null);
        assertThat(get(pool).path("properties").path("backendIPConfigurations").findValuesAsText("id"))
                .containsExactly(ipConfiguration("nic1"));
    }

    @Test
    void aNicBasedPoolTakesNoAddressesButAcceptsItsOwnEcho() throws Exception {
        LbBody lb = loadBalancer("mix");
        String pool = lb.child("backendAddressPools", "p");
        member("nic3", pool, null);
        JsonNode before = get(lb.id);

        Reply mixed = fulcrum.arm().put(pool + V, "{\"properties\":{\"loadBalancerBackendAddresses\":[{\"name\":\"a\","
                + "\"properties\":{\"ipAddress\":\"10.0.1.50\",\"subnet\":{\"id\":\"" + subnet + "\"}}}]}}");
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.errorCode()).isEqualTo(
                "CannotMixIPBasedAddressesAndIPConfigurationsOnLoadBalancerBackendAddressPool");
        assertThat(mixed.json().path("error").path("message").asText()).contains(ipConfiguration("nic3"))
                .contains("loadBalancerBackendAddressPools");
        assertThat(get(lb.id)).isEqualTo(before);

        // A GET-modify-PUT client sends the NIC entries back; they are read-only and change nothing.
        JsonNode echo = get(pool);
        Reply again = fulcrum.arm().put(pool + V, echo.toString());
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.json().path("properties").path("loadBalancerBackendAddresses")).hasSize(1);
        assertThat(again.json().path("properties").path("backendIPConfigurations")).hasSize(1);

        // The Java SDK drops read-only members when it serializes, so its echo of a NIC entry is only its name,
        // in the pool's own PUT and in a whole-load-balancer PUT alike.
        String entry = echo.path("properties").path("loadBalancerBackendAddresses").get(0).path("name").asText();
        String stripped = "[{\"name\":\"" + entry + "\",\"properties\":{}}]";
        Reply poolPut = fulcrum.arm().put(pool + V, "{\"properties\":{\"loadBalancerBackendAddresses\":" + stripped + "}}");
        assertThat(poolPut.status()).as(poolPut.text()).isEqualTo(200);
        LbBody whole = lb.copy();
        whole.item("backendAddressPools", "p").set("loadBalancerBackendAddresses", JSON.readTree(stripped));
        Reply lbPut = fulcrum.arm().put(lb.id + V, whole.json());
        assertThat(lbPut.status()).as(lbPut.text()).isEqualTo(200);
        JsonNode kept = get(pool).path("properties");
        assertThat(kept.path("backendIPConfigurations").findValuesAsText("id")).containsExactly(ipConfiguration("nic3"));
        assertThat(kept.path("loadBalancerBackendAddresses")).hasSize(1);
        assertThat(kept.path("loadBalancerBackendAddresses").get(0).path("properties")
                .path("networkInterfaceIPConfiguration").path("id").asText()).isEqualTo(ipConfiguration("nic3"));

        // A bare name that no NIC member goes by is still an address without an address.
        Reply bare = fulcrum.arm().put(pool + V, "{\"properties\":{\"loadBalancerBackendAddresses\":"
                + stripped.replace(entry, "not-a-member") + "}}");
        assertThat(bare.status()).isEqualTo(400);
        assertThat(bare.errorCode()).isEqualTo("InvalidRequestFormat");
        assertThat(bare.json().path("error").path("target").asText())
                .isEqualTo("properties.loadBalancerBackendAddresses[0].properties");
    }

    @Test
    void whatNicsUseCannotBeDeleted() {
        LbBody lb = loadBalancer("used");
        String pool = lb.child("backendAddressPools", "p");
        String nat = lb.child("inboundNatRules", "ssh");
        member("nic4", pool, nat);
        JsonNode before = get(lb.id);

        Reply poolDelete = fulcrum.arm().delete(pool + V);
        assertThat(poolDelete.status()).isEqualTo(400);
        assertThat(poolDelete.errorCode()).isEqualTo("InUseBackendAddressPoolCannotBeDeleted");
        assertThat(poolDelete.json().path("error").path("message").asText()).contains(ipConfiguration("nic4"));
        Reply natDelete = fulcrum.arm().delete(nat + V);
        assertThat(natDelete.errorCode()).isEqualTo("InUseInboundNatRuleCannotBeDeleted");
        LbBody withoutPool = lb.copy();
        withoutPool.collection("backendAddressPools").removeAll();
        assertThat(fulcrum.arm().put(lb.id + V, withoutPool.json()).errorCode())
                .isEqualTo("InUseBackendAddressPoolCannotBeDeleted");
        Reply lbDelete = fulcrum.arm().delete(lb.id + V);
        assertThat(lbDelete.errorCode()).isEqualTo("InUseResourceCannotBeDeleted");
        assertThat(get(lb.id)).isEqualTo(before);

        member("nic4", null, null);
        assertThat(fulcrum.arm().delete(nat + V).status()).isEqualTo(202);
        assertThat(fulcrum.arm().delete(pool + V).status()).isEqualTo(202);
        assertThat(fulcrum.arm().delete(lb.id + V).status()).isEqualTo(202);
    }

    @Test
    void scaleSetMembersAreBackendIpConfigurationsAndBlockTheDelete() {
        LbBody lb = loadBalancer("vmss");
        String pool = lb.child("backendAddressPools", "p");
        String instance = group + "/providers/Microsoft.Compute/virtualMachineScaleSets/ss/virtualMachines/0"
                + "/networkInterfaces/nic/ipConfigurations/ip";
        scaleSetMember(instance, pool);
        assertThat(get(pool).path("properties").path("backendIPConfigurations").findValuesAsText("id"))
                .containsExactly(instance);
        assertThat(fulcrum.arm().delete(lb.id + V).errorCode()).isEqualTo("LoadBalancerInUseByVirtualMachineScaleSet");
        scaleSetMember(instance, null);
    }

    @Test
    void rulesOfTheSameLoadBalancerCountAsUsers() {
        LbBody lb = loadBalancer("rules").pool("q").rule("r", "fe", "q", null, "Tcp", 80, 80);
        assertThat(fulcrum.arm().put(lb.id + V, lb.json()).status()).isEqualTo(200);
        Reply delete = fulcrum.arm().delete(lb.child("backendAddressPools", "q") + V);
        assertThat(delete.errorCode()).isEqualTo("InUseBackendAddressPoolCannotBeDeleted");
        assertThat(delete.json().path("error").path("message").asText())
                .contains(lb.child("loadBalancingRules", "r"));
        lb.collection("loadBalancingRules").removeAll();
        assertThat(fulcrum.arm().put(lb.id + V, lb.json()).status()).isEqualTo(200);
        assertThat(fulcrum.arm().delete(lb.child("backendAddressPools", "q") + V).status()).isEqualTo(202);
    }
}
