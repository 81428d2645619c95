package io.fulcrum.network;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.setup.Secrets;
import io.fulcrum.store.PrincipalTable.Principal;
import io.fulcrum.store.SubscriptionTable.Subscription;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.FulcrumExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cross-subscription backend pools: a load balancer in subscription B whose pool names a virtual network in
 * subscription A (syncMode), NICs of A joining it, and ARM's linked access check refusing a caller who holds only
 * one of the two subscriptions (LinkedAuthorizationFailed, nothing written).
 */
class CrossSubscriptionPoolTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String V = "?api-version=2024-07-01";

    static String subA;
    static String subB;
    static String groupA;
    static String groupB;
    static String vnetA;
    static String lbB;
    /** Principals holding only subscription B, only subscription A: client id to token. */
    static Map.Entry<String, String> onlyB;
    static Map.Entry<String, String> onlyA;

    @BeforeAll
    static void twoSubscriptions() {
        subA = fulcrum.subscriptionId();
        subB = UUID.randomUUID().toString();
        fulcrum.installation().store().write(tx -> {
            tx.subscriptions().put(new Subscription(subB, "B", fulcrum.tenantId(), "Enabled"));
            tx.principals().grant(fulcrum.credentials().clientId(), subB);
            return null;
        });
        onlyB = principal("only-b", subB);
        onlyA = principal("only-a", subA);
        groupA = "/subscriptions/" + subA + "/resourceGroups/rgA";
        groupB = "/subscriptions/" + subB + "/resourceGroups/rgB";
        ok(fulcrum.arm().put(groupA + "?api-version=2021-04-01", "{\"location\":\"eastus\"}"));
        ok(fulcrum.arm().put(groupB + "?api-version=2021-04-01", "{\"location\":\"eastus\"}"));
        vnetA = groupA + "/providers/Microsoft.Network/virtualNetworks/vnetA";
        ok(fulcrum.arm().put(vnetA + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{"
                + "\"addressPrefixes\":[\"10.0.0.0/16\"]},\"subnets\":[{\"name\":\"s1\",\"properties\":{"
                + "\"addressPrefix\":\"10.0.1.0/24\"}}]}}"));
        String vnetB = groupB + "/providers/Microsoft.Network/virtualNetworks/vnetB";
        ok(fulcrum.arm().put(vnetB + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{"
                + "\"addressPrefixes\":[\"10.9.0.0/16\"]},\"subnets\":[{\"name\":\"s1\",\"properties\":{"
                + "\"addressPrefix\":\"10.9.1.0/24\"}}]}}"));
        LbBody lb = new LbBody(groupB + "/providers/Microsoft.Network/loadBalancers/lbB", "Standard")
                .frontend("fe", vnetB + "/subnets/s1").pool("local");
        ok(fulcrum.arm().put(lb.id + V, lb.json()));
        lbB = lb.id;
    }

    /** A principal granted exactly {@code subscription}, as {@code fulcrum principal create} + role assign make. */
    static Map.Entry<String, String> principal(String name, String subscription) {
        String clientId = UUID.randomUUID().toString();
        String secret = Secrets.newSecret();
        fulcrum.installation().store().write(tx -> {
            tx.principals().put(new Principal(clientId, name, Secrets.hash(secret)));
            tx.principals().grant(clientId, subscription);
            return null;
        });
        return Map.entry(clientId, fulcrum.arm().tokenFor(clientId, secret));
    }

    static Reply as(Map.Entry<String, String> who, String method, String path, String body) {
        return fulcrum.arm().send(method, path, body, "application/json", who.getValue(), Map.of());
    }

    static void ok(Reply r) {
        assertThat(r.status()).as(r.text()).isIn(200, 201);
    }

    static String syncedPool(String extra) {
        return "{\"properties\":{\"virtualNetwork\":{\"id\":\"" + vnetA + "\"},\"syncMode\":\"Automatic\"" + extra
                + "}}";
    }

    static String nicBody(String pool) {
        return "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":[{\"name\":\"ipconfig1\",\"properties\":{"
                + "\"subnet\":{\"id\":\"" + vnetA + "/subnets/s1\"},\"loadBalancerBackendAddressPools\":[{\"id\":\""
                + pool + "\"}]}}]}}";
    }

    static void assertLinkedAuthorizationFailed(Reply r, String clientId, String action, String linked) {
        assertThat(r.status()).as(r.text()).isEqualTo(403);
        assertThat(r.errorCode()).as(r.text()).isEqualTo("LinkedAuthorizationFailed");
        assertThat(r.json().path("error").path("message").asText()).contains("The client '" + clientId + "'")
                .contains("does not have permission to perform action(s) '" + action + "'")
                .contains("on the linked scope(s) '" + linked + "'");
    }

    @Test
    void aCallerWithoutTheVirtualNetworksSubscriptionIsRefusedAndNothingChanges() {
        String pool = lbB + "/backendAddressPools/refused";
        String lbBefore = fulcrum.arm().get(lbB + V).text();

        Reply refused = as(onlyB, "PUT", pool + V, syncedPool(""));
        assertLinkedAuthorizationFailed(refused, onlyB.getKey(),
                "Microsoft.Network/virtualNetworks/joinLoadBalancer/action", vnetA);
        Reply addresses = as(onlyB, "PUT", pool + V, "{\"properties\":{\"loadBalancerBackendAddresses\":[{\"name\":"
                + "\"a1\",\"properties\":{\"ipAddress\":\"10.0.1.4\",\"virtualNetwork\":{\"id\":\"" + vnetA
                + "\"}}}]}}");
        assertLinkedAuthorizationFailed(addresses, onlyB.getKey(),
                "Microsoft.Network/virtualNetworks/joinLoadBalancer/action", vnetA);
        assertThat(fulcrum.arm().get(pool + V).status()).isEqualTo(404);
        assertThat(fulcrum.arm().get(lbB + V).text()).isEqualTo(lbBefore);

        // The same principal may still write pools that stay in its subscription.
        ok(as(onlyB, "PUT", lbB + "/backendAddressPools/inB" + V, "{\"properties\":{}}"));
        // The owner holds both subscriptions.
        Reply owner = fulcrum.arm().put(pool + V, syncedPool(""));
        assertThat(owner.status()).as(owner.text()).isEqualTo(201);
        assertThat(owner.json().path("properties").path("syncMode").asText()).isEqualTo("Automatic");
    }

    @Test
    void whatAnotherSubscriptionHoldsIsNotToldToACallerWithoutAccessToIt() {
        String pool = lbB + "/backendAddressPools/probing";
        String absentVnet = groupA + "/providers/Microsoft.Network/virtualNetworks/absent";
        String body = "{\"properties\":{\"virtualNetwork\":{\"id\":\"" + absentVnet + "\"},\"syncMode\":\"Automatic\"}}";

        // Absent or present, the answer is the same refusal: it may not say which.
        assertLinkedAuthorizationFailed(as(onlyB, "PUT", pool + V, body), onlyB.getKey(),
                "Microsoft.Network/virtualNetworks/joinLoadBalancer/action", absentVnet);
        String absentPool = lbB + "/backendAddressPools/absent";
        String nic = groupA + "/providers/Microsoft.Network/networkInterfaces/nicProbing";
        assertLinkedAuthorizationFailed(as(onlyA, "PUT", nic + V, nicBody(absentPool)), onlyA.getKey(),
                "Microsoft.Network/loadBalancers/backendAddressPools/join/action", absentPool);

        // A caller holding both subscriptions is told the target does not exist.
        Reply owner = fulcrum.arm().put(pool + V, body);
        assertThat(owner.status()).as(owner.text()).isEqualTo(400);
        assertThat(owner.errorCode()).isEqualTo("InvalidResourceReference");
        assertThat(owner.json().path("error").path("message").asText()).contains(absentVnet).contains("not found");
        assertThat(fulcrum.arm().get(pool + V).status()).isEqualTo(404);
        assertThat(fulcrum.arm().get(nic + V).status()).isEqualTo(404);
    }

    @Test
    void aNicOfTheOtherSubscriptionJoinsAndLeavesThePool() {
        String pool = lbB + "/backendAddressPools/synced";
        ok(fulcrum.arm().put(pool + V, syncedPool("")));
        String nic = groupA + "/providers/Microsoft.Network/networkInterfaces/nicA";
        String config = nic + "/ipConfigurations/ipconfig1";

        Reply created = fulcrum.arm().put(nic + V, nicBody(pool));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode props = fulcrum.arm().get(pool + V).json().path("properties");
        assertThat(ids(props.path("backendIPConfigurations"))).containsExactly(config);
        assertThat(ids(props.path("loadBalancerBackendAddresses").findValues("networkInterfaceIPConfiguration")))
                .containsExactly(config);
        assertThat(ids(fulcrum.arm().get(lbB + "/networkInterfaces" + V).json().path("value"))).containsExactly(nic);
        assertThat(ids(fulcrum.arm().get(nic + "/loadBalancers" + V).json().path("value"))).containsExactly(lbB);

        Reply deleted = fulcrum.arm().delete(nic + V);
        assertThat(deleted.status()).as(deleted.text()).isIn(200, 202, 204);
        JsonNode after = fulcrum.arm().get(pool + V).json().path("properties");
        assertThat(after.has("backendIPConfigurations")).as(after.toString()).isFalse();
        assertThat(after.path("loadBalancerBackendAddresses")).isEmpty();
        assertThat(fulcrum.arm().get(lbB + "/networkInterfaces" + V).json().path("value")).isEmpty();
    }

    @Test
    void aCallerWithoutThePoolsSubscriptionCannotJoinItsNic() {
        String pool = lbB + "/backendAddressPools/joinRefused";
        ok(fulcrum.arm().put(pool + V, syncedPool("")));
        String nic = groupA + "/providers/Microsoft.Network/networkInterfaces/nicRefused";

        Reply refused = as(onlyA, "PUT", nic + V, nicBody(pool));
        assertLinkedAuthorizationFailed(refused, onlyA.getKey(),
                "Microsoft.Network/loadBalancers/backendAddressPools/join/action", pool);
        assertThat(fulcrum.arm().get(nic + V).status()).isEqualTo(404);
        assertThat(fulcrum.arm().get(pool + V).json().path("properties").has("backendIPConfigurations")).isFalse();
    }

    @Test
    void migratingNicsOfTheOtherSubscriptionNeedsThatSubscriptionToo() {
        LbBody body = new LbBody(groupB + "/providers/Microsoft.Network/loadBalancers/lbMigrate", "Standard")
                .frontend("fe", groupB + "/providers/Microsoft.Network/virtualNetworks/vnetB/subnets/s1")
                .pool("members");
        ok(fulcrum.arm().put(body.id + V, body.json()));
        String pool = body.id + "/backendAddressPools/members";
        String nic = groupA + "/providers/Microsoft.Network/networkInterfaces/nicMigrate";
        ok(fulcrum.arm().put(nic + V, nicBody(pool)));
        String before = fulcrum.arm().get(pool + V).text();

        // The addresses would name subscription A's virtual network, which this caller cannot join.
        Reply refused = as(onlyB, "POST", body.id + "/migrateToIpBased" + V, "{\"pools\":[\"members\"]}");
        assertLinkedAuthorizationFailed(refused, onlyB.getKey(),
                "Microsoft.Network/virtualNetworks/joinLoadBalancer/action", vnetA);
        assertThat(fulcrum.arm().get(pool + V).text()).isEqualTo(before);

        Reply migrated = fulcrum.arm().post(body.id + "/migrateToIpBased" + V, "{\"pools\":[\"members\"]}");
        assertThat(migrated.status()).as(migrated.text()).isEqualTo(200);
        JsonNode props = fulcrum.arm().get(pool + V).json().path("properties");
        assertThat(props.has("backendIPConfigurations")).isFalse();
        assertThat(props.path("loadBalancerBackendAddresses").get(0).path("properties").path("virtualNetwork")
                .path("id").asText()).isEqualTo(vnetA);
    }

    private static List<String> ids(Iterable<JsonNode> list) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : list) {
            out.add(n.path("id").asText());
        }
        return out;
    }
}
