package io.fulcrum.dataplane.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.store.Store;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.FulcrumExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache re-reads only what a commit can have changed; this checks that what it keeps is always what a full read
 * gives. Writes go through the real ARM API (so every path that writes the store is the one users take), and after
 * every commit the cache, refreshed with what the commit touched, must equal a cache that reads everything.
 */
class DesiredStateCacheTest {

    private static final String V = "?api-version=2024-07-01";

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    /** The cache and what was seen of it are used by writing threads one commit at a time, and by the test at the end. */
    private final DesiredStateCache cache = new DesiredStateCache();
    private final List<String> mismatches = new ArrayList<>();
    private int commits;
    private boolean deleting;
    private boolean groupDeletionSeen;
    private String group;
    private String net;

    @Test
    void afterEveryCommitTheCacheEqualsAFullRead() {
        Store store = fulcrum.installation().store();
        store.read(tx -> cache.refresh(Set.of(), tx));
        store.onCommit(touched -> compare(store, touched));

        group = "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/cache";
        net = group + "/providers/Microsoft.Network";
        ok(fulcrum.arm().put(group + "?api-version=2021-04-01", "{\"location\": \"eastus\"}"));
        ok(put("virtualNetworks/vnet", """
                {"location": "eastus", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
                  "subnets": [{"name": "s", "properties": {"addressPrefix": "10.0.0.0/24"}}]}}"""));
        for (String pip : List.of("pip1", "pip2")) {
            ok(put("publicIPAddresses/" + pip, "{\"location\": \"eastus\", \"sku\": {\"name\": \"Standard\"},"
                    + " \"properties\": {\"publicIPAllocationMethod\": \"Static\"}}"));
        }
        ok(put("loadBalancers/lb1", publicLoadBalancer("pip1")));
        ok(put("loadBalancers/lb2", internalLoadBalancer()));

        Random random = new Random(20261130L);
        List<Integer> nics = new ArrayList<>();
        for (int step = 0; step < 80; step++) {
            int n = random.nextInt(12);
            switch (random.nextInt(8)) {
                case 0, 1 -> {
                    ok(put("networkInterfaces/nic" + n, nic(n, random.nextInt(3), random.nextBoolean())));
                    if (!nics.contains(n)) {
                        nics.add(n);
                    }
                }
                case 2 -> {
                    if (!nics.isEmpty()) {
                        Integer gone = nics.remove(random.nextInt(nics.size()));
                        ok(fulcrum.arm().delete(net + "/networkInterfaces/nic" + gone + V));
                    }
                }
                case 3 -> ok(put("loadBalancers/lb1/backendAddressPools/ips", ipPool(random)));
                case 4 -> ok(put("loadBalancers/lb1", publicLoadBalancer(random.nextBoolean() ? "pip1" : "pip2")));
                case 5 -> ok(put("publicIPAddresses/pip" + (1 + random.nextInt(2)), "{\"location\": \"eastus\","
                        + " \"sku\": {\"name\": \"Standard\"}, \"properties\": {\"publicIPAllocationMethod\":"
                        + " \"Static\", \"idleTimeoutInMinutes\": " + (4 + random.nextInt(20)) + "}}"));
                case 6 -> {
                    // An internal load balancer comes and goes; NICs in its pool leave it first.
                    Reply r = fulcrum.arm().get(net + "/loadBalancers/lb2" + V);
                    if (r.status() == 200) {
                        for (int nicNumber : nics) {
                            ok(put("networkInterfaces/nic" + nicNumber, nic(nicNumber, 0, false)));
                        }
                        ok(fulcrum.arm().delete(net + "/loadBalancers/lb2" + V));
                    } else {
                        ok(put("loadBalancers/lb2", internalLoadBalancer()));
                    }
                }
                default -> ok(fulcrum.arm().patch(net + "/loadBalancers/lb1" + V,
                        "{\"tags\": {\"step\": \"" + step + "\"}}"));
            }
        }
        synchronized (this) {
            deleting = true;
        }
        Reply deleted = fulcrum.arm().delete(group + "?api-version=2021-04-01");
        assertThat(deleted.status()).as(deleted.text()).isIn(200, 202);
        // The deletion may finish after its 202, on another thread: wait for its commit to have been compared.
        await().atMost(Duration.ofSeconds(10)).until(this::groupDeletionSeen);

        synchronized (this) {
            assertThat(commits).as("commits compared").isGreaterThan(60);
            assertThat(mismatches).isEmpty();
            DesiredState last = store.read(tx -> cache.refresh(Set.of(), tx));
            assertThat(last.balancers()).as("the resource group's deletion took its load balancers").isEmpty();
        }
    }

    private synchronized boolean groupDeletionSeen() {
        return groupDeletionSeen;
    }

    private synchronized void compare(Store store, Set<ResourceId> touched) {
        commits++;
        groupDeletionSeen |= deleting && touched.stream().anyMatch(ResourceId::isResourceGroup);
        DesiredState kept = store.read(tx -> cache.refresh(touched, tx));
        DesiredState full = store.read(tx -> new DesiredStateCache().refresh(Set.of(), tx));
        if (!kept.equals(full)) {
            mismatches.add("after a commit touching " + touched + ":\n kept " + kept + "\n full " + full);
        }
    }

    private Reply put(String path, String body) {
        return fulcrum.arm().put(net + "/" + path + V, body);
    }

    private static void ok(Reply r) {
        assertThat(r.status()).as(r.text()).isIn(200, 201, 202, 204);
    }

    private String publicLoadBalancer(String pip) {
        String lb = net + "/loadBalancers/lb1";
        return """
                {"location": "eastus", "sku": {"name": "Standard"}, "properties": {
                  "frontendIPConfigurations": [{"name": "fe", "properties": {
                    "publicIPAddress": {"id": "%1$s/publicIPAddresses/%2$s"}}}],
                  "backendAddressPools": [{"name": "nics"}, {"name": "ips"}],
                  "probes": [{"name": "p", "properties": {"protocol": "Tcp", "port": 80, "intervalInSeconds": 5}}],
                  "loadBalancingRules": [{"name": "web", "properties": {"protocol": "Tcp", "frontendPort": 80,
                    "backendPort": 80, "frontendIPConfiguration": {"id": "%3$s/frontendIPConfigurations/fe"},
                    "backendAddressPool": {"id": "%3$s/backendAddressPools/nics"}, "probe": {"id": "%3$s/probes/p"}}},
                    {"name": "ips", "properties": {"protocol": "Udp", "frontendPort": 53, "backendPort": 53,
                    "frontendIPConfiguration": {"id": "%3$s/frontendIPConfigurations/fe"},
                    "backendAddressPool": {"id": "%3$s/backendAddressPools/ips"}}}],
                  "inboundNatRules": [
                    {"name": "ssh", "properties": {"protocol": "Tcp", "frontendPort": 2222, "backendPort": 22,
                      "frontendIPConfiguration": {"id": "%3$s/frontendIPConfigurations/fe"}}},
                    {"name": "range", "properties": {"protocol": "Tcp", "frontendPortRangeStart": 5000,
                      "frontendPortRangeEnd": 5010, "backendPort": 22,
                      "frontendIPConfiguration": {"id": "%3$s/frontendIPConfigurations/fe"},
                      "backendAddressPool": {"id": "%3$s/backendAddressPools/nics"}}}]}}
                """.formatted(net, pip, lb);
    }

    private String internalLoadBalancer() {
        return """
                {"location": "eastus", "sku": {"name": "Standard"}, "properties": {
                  "frontendIPConfigurations": [{"name": "fe", "properties": {
                    "subnet": {"id": "%1$s/virtualNetworks/vnet/subnets/s"}, "privateIPAddress": "10.0.0.200",
                    "privateIPAllocationMethod": "Static"}}],
                  "backendAddressPools": [{"name": "pool"}],
                  "loadBalancingRules": [{"name": "all", "properties": {"protocol": "Tcp", "frontendPort": 443,
                    "backendPort": 443, "frontendIPConfiguration": {"id": "%2$s/frontendIPConfigurations/fe"},
                    "backendAddressPool": {"id": "%2$s/backendAddressPools/pool"}}}]}}
                """.formatted(net, net + "/loadBalancers/lb2");
    }

    /**
     * NIC n at 10.0.0.(10+n) or (100+n); in lb1's NIC pool (0), lb2's pool if it exists (1), or none (2). NIC 0 also
     * holds lb1's v1 NAT rule (a v1 rule maps to one ip configuration).
     */
    private String nic(int n, int membership, boolean otherAddress) {
        String pools = switch (membership) {
            case 0 -> "[{\"id\": \"" + net + "/loadBalancers/lb1/backendAddressPools/nics\"}]";
            case 1 -> fulcrum.arm().get(net + "/loadBalancers/lb2" + V).status() == 200
                    ? "[{\"id\": \"" + net + "/loadBalancers/lb2/backendAddressPools/pool\"}]" : "[]";
            default -> "[]";
        };
        String nat = n == 0 ? "[{\"id\": \"" + net + "/loadBalancers/lb1/inboundNatRules/ssh\"}]" : "[]";
        return """
                {"location": "eastus", "properties": {"ipConfigurations": [{"name": "ipconfig1", "properties": {
                  "subnet": {"id": "%s/virtualNetworks/vnet/subnets/s"}, "privateIPAllocationMethod": "Static",
                  "privateIPAddress": "10.0.0.%d", "loadBalancerBackendAddressPools": %s,
                  "loadBalancerInboundNatRules": %s}}]}}
                """.formatted(net, (otherAddress ? 100 : 10) + n, pools, nat);
    }

    private String ipPool(Random random) {
        StringBuilder addresses = new StringBuilder();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            addresses.append(i == 0 ? "" : ", ").append("{\"name\": \"a").append(i).append("\", \"properties\": {")
                    .append("\"ipAddress\": \"10.0.0.").append(50 + random.nextInt(20)).append("\", \"adminState\": \"")
                    .append(random.nextBoolean() ? "Down" : "None").append("\", \"virtualNetwork\": {\"id\": \"")
                    .append(net).append("/virtualNetworks/vnet\"}}}");
        }
        return "{\"properties\": {\"loadBalancerBackendAddresses\": [" + addresses + "]}}";
    }
}
