package io.fulcrum.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import com.azure.core.management.Region;
import com.azure.core.management.SubResource;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.network.fluent.LoadBalancerBackendAddressPoolsClient;
import com.azure.resourcemanager.network.fluent.models.BackendAddressPoolInner;
import com.azure.resourcemanager.network.models.LoadBalancerBackendAddress;
import com.azure.resourcemanager.network.models.LoadBalancerBackendAddressAdminState;
import com.azure.resourcemanager.network.models.Network;
import com.azure.resourcemanager.network.models.SyncMode;
import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.store.SubscriptionTable.Subscription;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.FulcrumExtension;
import io.fulcrum.testkit.JavaSdk;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An IP-based, cross-subscription backend pool through the Azure SDK for Java (azure-resourcemanager-network 2.57.0):
 * the load balancer is in subscription B, its pool's virtual network (syncMode Automatic) and addresses in
 * subscription A, written with the inner {@code LoadBalancerBackendAddressPools} client the way an application
 * managing pools by address does: create, read back, GET-modify-PUT of an address's adminState, delete.
 */
@Timeout(180)
class JavaSdkIpPoolTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String GROUP_A = "sdk-a";
    private static final String GROUP_B = "sdk-b";
    private static final String LB = "lb";

    private static Network vnetA;
    private static LoadBalancerBackendAddressPoolsClient pools;

    @BeforeAll
    static void twoSubscriptions() {
        String subB = UUID.randomUUID().toString();
        fulcrum.installation().store().write(tx -> {
            tx.subscriptions().put(new Subscription(subB, "B", fulcrum.tenantId(), "Enabled"));
            tx.principals().grant(fulcrum.credentials().clientId(), subB);
            return null;
        });
        NetworkManager a = JavaSdk.network(fulcrum, fulcrum.subscriptionId());
        NetworkManager b = JavaSdk.network(fulcrum, subB);
        a.resourceManager().resourceGroups().define(GROUP_A).withRegion(Region.US_EAST).create();
        b.resourceManager().resourceGroups().define(GROUP_B).withRegion(Region.US_EAST).create();
        vnetA = a.networks().define("vnet-a").withRegion(Region.US_EAST).withExistingResourceGroup(GROUP_A)
                .withAddressSpace("10.50.0.0/16").withSubnet("backend", "10.50.1.0/24").create();
        Network vnetB = b.networks().define("vnet-b").withRegion(Region.US_EAST).withExistingResourceGroup(GROUP_B)
                .withAddressSpace("10.60.0.0/16").withSubnet("fe", "10.60.1.0/24").create();
        // The load balancer itself is plain REST: the pool is what this test drives through the SDK.
        Reply lb = fulcrum.arm().put("/subscriptions/" + subB + "/resourceGroups/" + GROUP_B
                + "/providers/Microsoft.Network/loadBalancers/" + LB + "?api-version=2024-07-01",
                "{\"location\":\"eastus\",\"sku\":{\"name\":\"Standard\"},\"properties\":{"
                + "\"frontendIPConfigurations\":[{\"name\":\"fe\",\"properties\":{\"subnet\":{\"id\":\""
                + vnetB.subnets().get("fe").id() + "\"}}}]}}");
        assertThat(lb.status()).as(lb.text()).isEqualTo(201);
        pools = b.serviceClient().getLoadBalancerBackendAddressPools();
    }

    static LoadBalancerBackendAddress address(String name, String ip) {
        return new LoadBalancerBackendAddress().withName(name).withIpAddress(ip)
                .withVirtualNetwork(new SubResource().withId(vnetA.id()));
    }

    @Test
    void ipBasedPoolOnAVirtualNetworkOfAnotherSubscription() {
        BackendAddressPoolInner created = pools.createOrUpdate(GROUP_B, LB, "ips", new BackendAddressPoolInner()
                .withVirtualNetwork(new SubResource().withId(vnetA.id())).withSyncMode(SyncMode.AUTOMATIC)
                .withLoadBalancerBackendAddresses(List.of(address("a1", "10.50.1.4"), address("a2", "10.50.1.5"))));
        assertThat(created.syncMode()).isEqualTo(SyncMode.AUTOMATIC);
        assertThat(created.virtualNetwork().id()).isEqualToIgnoringCase(vnetA.id());
        assertThat(created.loadBalancerBackendAddresses()).extracting(LoadBalancerBackendAddress::name,
                LoadBalancerBackendAddress::ipAddress).containsExactly(
                tuple("a1", "10.50.1.4"),
                tuple("a2", "10.50.1.5"));

        BackendAddressPoolInner read = pools.get(GROUP_B, LB, "ips");
        assertThat(read.id()).isEqualToIgnoringCase(created.id());
        assertThat(read.loadBalancerBackendAddresses()).allSatisfy(a -> assertThat(a.virtualNetwork().id())
                .isEqualToIgnoringCase(vnetA.id()));

        // GET-modify-PUT: take a2 out of rotation, keep everything else as read.
        read.loadBalancerBackendAddresses().get(1).withAdminState(LoadBalancerBackendAddressAdminState.DOWN);
        BackendAddressPoolInner updated = pools.createOrUpdate(GROUP_B, LB, "ips", read);
        assertThat(updated.loadBalancerBackendAddresses()).extracting(LoadBalancerBackendAddress::name,
                LoadBalancerBackendAddress::adminState).containsExactly(
                tuple("a1", null),
                tuple("a2", LoadBalancerBackendAddressAdminState.DOWN));
        assertThat(updated.syncMode()).isEqualTo(SyncMode.AUTOMATIC);
        JsonNode stored = fulcrum.arm().get(updated.id() + "?api-version=2024-07-01").json().path("properties");
        assertThat(stored.path("loadBalancerBackendAddresses").get(1).path("properties").path("adminState").asText())
                .isEqualTo("Down");

        pools.delete(GROUP_B, LB, "ips");
        assertThat(fulcrum.arm().get(updated.id() + "?api-version=2024-07-01").status()).isEqualTo(404);
        assertThat(pools.list(GROUP_B, LB).stream().map(BackendAddressPoolInner::name)).doesNotContain("ips");
    }
}
