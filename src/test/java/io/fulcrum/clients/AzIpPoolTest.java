package io.fulcrum.clients;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.AzSession;
import io.fulcrum.testkit.ExternalCommand.Result;
import io.fulcrum.testkit.FulcrumExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real az (Debian azure-cli 2.45 through tools/az-local) against IP-based pools: the article
 * migrate-nic-to-ip-based-pools.md's {@code az rest} call with Azure's own capitalised body, the address-pool
 * commands 2.45 has ({@code create --vnet --backend-address}, {@code --backend-addresses-config-file},
 * {@code address add/list/remove}; 2.45 has no {@code address show/update}), and {@code az resource update} setting
 * syncMode. Set-up goes through the REST API; only what the test is about goes through az. Skipped where az is not
 * installed.
 */
class AzIpPoolTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String V = "?api-version=2022-07-01";

    @TempDir
    static Path work;

    private static AzSession az;

    @BeforeAll
    static void signIn() throws IOException {
        az = AzSession.signIn(fulcrum, work);
    }

    @Test
    void azRestMigratesANamedPoolWithTheArticlesBody() {
        String rg = group("az-migrate");
        String subnet = rg + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/s1";
        Reply vnet = fulcrum.arm().put(rg + "/providers/Microsoft.Network/virtualNetworks/vnet" + V,
                "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/16\"]},"
                + "\"subnets\":[{\"name\":\"s1\",\"properties\":{\"addressPrefix\":\"10.0.0.0/24\"}}]}}");
        assertThat(vnet.status()).as(vnet.text()).isEqualTo(201);
        String lb = rg + "/providers/Microsoft.Network/loadBalancers/lb";
        Reply put = fulcrum.arm().put(lb + V, "{\"location\":\"eastus\",\"sku\":{\"name\":\"Standard\"},"
                + "\"properties\":{\"frontendIPConfigurations\":[{\"name\":\"fe1\",\"properties\":{\"subnet\":{"
                + "\"id\":\"" + subnet + "\"}}}],\"backendAddressPools\":[{\"name\":\"pool1\"},{\"name\":\"pool2\"}]}}");
        assertThat(put.status()).as(put.text()).isEqualTo(201);
        String pool1 = lb + "/backendAddressPools/pool1";
        String pool2 = lb + "/backendAddressPools/pool2";
        Reply nic = fulcrum.arm().put(rg + "/providers/Microsoft.Network/networkInterfaces/nic1" + V,
                "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":[{\"name\":\"ipconfig1\","
                + "\"properties\":{\"subnet\":{\"id\":\"" + subnet + "\"},\"privateIPAllocationMethod\":\"Static\","
                + "\"privateIPAddress\":\"10.0.0.7\",\"loadBalancerBackendAddressPools\":[{\"id\":\"" + pool1
                + "\"},{\"id\":\"" + pool2 + "\"}]}}]}}");
        assertThat(nic.status()).as(nic.text()).isEqualTo(201);

        JsonNode answer = az.json("rest", "-m", "post", "-u", fulcrum.baseUrl() + lb
                + "/migrateToIpBased?api-version=2022-01-01", "-b", "{\"Pools\":[\"pool1\"]}");
        assertThat(answer.path("migratedPools").toString()).isEqualTo("[\"pool1\"]");

        JsonNode p1 = get(pool1).path("properties");
        assertThat(p1.has("backendIPConfigurations")).isFalse();
        assertThat(p1.path("loadBalancerBackendAddresses").findValuesAsText("ipAddress")).containsExactly("10.0.0.7");
        assertThat(get(pool2).path("properties").path("backendIPConfigurations")).hasSize(1);

        // The article's other form: no body migrates every pool.
        JsonNode all = az.json("rest", "-m", "post", "-u", fulcrum.baseUrl() + lb
                + "/migrateToIpBased?api-version=2022-01-01");
        assertThat(all.path("migratedPools").toString()).isEqualTo("[\"pool1\",\"pool2\"]");
        assertThat(get(pool2).path("properties").has("backendIPConfigurations")).isFalse();
        JsonNode config = get(rg + "/providers/Microsoft.Network/networkInterfaces/nic1").path("properties")
                .path("ipConfigurations").get(0).path("properties");
        assertThat(config.has("loadBalancerBackendAddressPools")).as(config.toString()).isFalse();
    }

    @Test
    void addressPoolCommandsOfAz245() throws IOException {
        String rg = group("az-addr");
        String vnet = rg + "/providers/Microsoft.Network/virtualNetworks/vnet";
        Reply v = fulcrum.arm().put(vnet + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{"
                + "\"addressPrefixes\":[\"10.0.0.0/16\"]},\"subnets\":[{\"name\":\"s1\",\"properties\":{"
                + "\"addressPrefix\":\"10.0.0.0/24\"}}]}}");
        assertThat(v.status()).as(v.text()).isEqualTo(201);
        String lb = rg + "/providers/Microsoft.Network/loadBalancers/lb";
        Reply put = fulcrum.arm().put(lb + V, "{\"location\":\"eastus\",\"sku\":{\"name\":\"Standard\"},"
                + "\"properties\":{\"frontendIPConfigurations\":[{\"name\":\"fe1\",\"properties\":{\"subnet\":{"
                + "\"id\":\"" + vnet + "/subnets/s1\"}}}]}}");
        assertThat(put.status()).as(put.text()).isEqualTo(201);

        // The article's form: --vnet for all, several --backend-address.
        JsonNode created = az.json("network", "lb", "address-pool", "create", "-g", "az-addr", "--lb-name", "lb",
                "-n", "bepool", "--vnet", vnet, "--backend-address", "name=a1", "ip-address=10.0.0.4",
                "--backend-address", "name=a2", "ip-address=10.0.0.5");
        assertThat(names(created.path("loadBalancerBackendAddresses"))).containsExactly("a1", "a2");
        JsonNode stored = get(lb + "/backendAddressPools/bepool").path("properties")
                .path("loadBalancerBackendAddresses");
        assertThat(stored.findValuesAsText("ipAddress")).containsExactly("10.0.0.4", "10.0.0.5");

        // az 2.45's file form.
        Path file = work.resolve("addresses.json");
        Files.writeString(file, "[{\"name\":\"f1\",\"virtual_network\":\"" + vnet + "\",\"ip_address\":"
                + "\"10.0.0.6\"},{\"name\":\"f2\",\"virtual_network\":\"" + vnet + "\",\"ip_address\":"
                + "\"10.0.0.7\"}]");
        JsonNode fromFile = az.json("network", "lb", "address-pool", "create", "-g", "az-addr", "--lb-name", "lb",
                "-n", "filepool", "--backend-addresses-config-file", "@" + file);
        assertThat(names(fromFile.path("loadBalancerBackendAddresses"))).containsExactly("f1", "f2");

        // address add / list / remove (2.45 has no address show or update).
        az.json("network", "lb", "address-pool", "address", "add", "-g", "az-addr", "--lb-name", "lb",
                "--pool-name", "bepool", "-n", "a3", "--vnet", vnet, "--ip-address", "10.0.0.8");
        JsonNode list = az.json("network", "lb", "address-pool", "address", "list", "-g", "az-addr", "--lb-name",
                "lb", "--pool-name", "bepool");
        assertThat(names(list)).containsExactly("a1", "a2", "a3");
        az.json("network", "lb", "address-pool", "address", "remove", "-g", "az-addr", "--lb-name", "lb",
                "--pool-name", "bepool", "-n", "a1");
        assertThat(names(get(lb + "/backendAddressPools/bepool").path("properties")
                .path("loadBalancerBackendAddresses"))).containsExactly("a2", "a3");

        // A refused address: az exits non-zero and the pool is unchanged.
        Result bad = az.run("network", "lb", "address-pool", "address", "add", "-g", "az-addr", "--lb-name", "lb",
                "--pool-name", "bepool", "-n", "a4", "--vnet", vnet, "--ip-address", "10.9.0.8");
        assertThat(bad.exitCode()).as(bad.describe()).isNotZero();
        assertThat(bad.stderr()).contains("10.9.0.8");
        assertThat(names(get(lb + "/backendAddressPools/bepool").path("properties")
                .path("loadBalancerBackendAddresses"))).containsExactly("a2", "a3");
    }

    /**
     * backend-pool-management.md's IP-based CLI walkthrough, its lines verbatim (names and case as the article has
     * them; the VNet id filled in): create the pool with two --backend-address, show it (as MyLb/MyBackendPool),
     * then a NIC on 10.0.0.4 with the article's options, which links that address. The article's config-file form
     * (--backend-address-config-file, camelCase keys) is az 2.56+ spelling; 2.45's is tested above. The last step,
     * az vm create, needs the compute family.
     */
    @Test
    void theArticlesIpBasedWalkthrough() {
        String rg = group("myResourceGroup");
        String vnet = rg + "/providers/Microsoft.Network/virtualNetworks/myVnet";
        Reply v = fulcrum.arm().put(vnet + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{"
                + "\"addressPrefixes\":[\"10.0.0.0/16\"]},\"subnets\":[{\"name\":\"mySubnet\",\"properties\":{"
                + "\"addressPrefix\":\"10.0.0.0/24\"}},{\"name\":\"frontend\",\"properties\":{"
                + "\"addressPrefix\":\"10.0.1.0/24\"}}]}}");
        assertThat(v.status()).as(v.text()).isEqualTo(201);
        Reply nsg = fulcrum.arm().put(rg + "/providers/Microsoft.Network/networkSecurityGroups/myNetworkSecurityGroup"
                + V, "{\"location\":\"eastus\"}");
        assertThat(nsg.status()).as(nsg.text()).isEqualTo(201);
        String lb = rg + "/providers/Microsoft.Network/loadBalancers/myLB";
        Reply put = fulcrum.arm().put(lb + V, "{\"location\":\"eastus\",\"sku\":{\"name\":\"Standard\"},"
                + "\"properties\":{\"frontendIPConfigurations\":[{\"name\":\"fe1\",\"properties\":{\"subnet\":{"
                + "\"id\":\"" + vnet + "/subnets/frontend\"}}}]}}");
        assertThat(put.status()).as(put.text()).isEqualTo(201);

        az.json("network", "lb", "address-pool", "create", "--resource-group", "myResourceGroup", "--lb-name",
                "myLB", "--name", "myBackendPool", "--vnet", vnet, "--backend-address", "name=addr1",
                "ip-address=10.0.0.4", "--backend-address", "name=addr2", "ip-address=10.0.0.5");
        JsonNode shown = az.json("network", "lb", "address-pool", "show", "--resource-group", "myResourceGroup",
                "--lb-name", "MyLb", "--name", "MyBackendPool");
        assertThat(shown.path("name").asText()).isEqualTo("myBackendPool");
        assertThat(names(shown.path("loadBalancerBackendAddresses"))).containsExactly("addr1", "addr2");
        assertThat(shown.path("loadBalancerBackendAddresses").findValuesAsText("ipAddress"))
                .containsExactly("10.0.0.4", "10.0.0.5");

        JsonNode nic = az.json("network", "nic", "create", "--resource-group", "myResourceGroup", "--name", "myNic",
                "--vnet-name", "myVnet", "--subnet", "mySubnet", "--network-security-group",
                "myNetworkSecurityGroup", "--lb-name", "myLB", "--private-ip-address", "10.0.0.4");
        JsonNode config = nic.path("NewNIC").path("ipConfigurations").get(0);
        assertThat(config.path("privateIpAddress").asText()).as(nic.toString()).isEqualTo("10.0.0.4");
        JsonNode after = az.json("network", "lb", "address-pool", "show", "--resource-group", "myResourceGroup",
                "--lb-name", "MyLb", "--name", "MyBackendPool");
        JsonNode addr1 = after.path("loadBalancerBackendAddresses").get(0);
        assertThat(addr1.path("name").asText()).isEqualTo("addr1");
        // az prints its Python model's spelling of the member.
        assertThat(addr1.path("networkInterfaceIpConfiguration").path("id").asText()).as(after.toString())
                .isEqualToIgnoringCase(config.path("id").asText());
        assertThat(after.path("loadBalancerBackendAddresses").get(1).path("networkInterfaceIpConfiguration")
                .path("id").isMissingNode()).as("addr2 is held by no NIC").isTrue();
    }

    /** clients.md section 6: az 2.45 has no --sync-mode, so the article's change is made with az resource update. */
    @Test
    void azResourceUpdateSetsSyncMode() {
        String rg = group("az-sync");
        String vnet = rg + "/providers/Microsoft.Network/virtualNetworks/vnet";
        Reply v = fulcrum.arm().put(vnet + V, "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{"
                + "\"addressPrefixes\":[\"10.0.0.0/16\"]},\"subnets\":[{\"name\":\"s1\",\"properties\":{"
                + "\"addressPrefix\":\"10.0.0.0/24\"}}]}}");
        assertThat(v.status()).as(v.text()).isEqualTo(201);
        String lb = rg + "/providers/Microsoft.Network/loadBalancers/lb";
        Reply put = fulcrum.arm().put(lb + V, "{\"location\":\"eastus\",\"sku\":{\"name\":\"Standard\"},"
                + "\"properties\":{\"frontendIPConfigurations\":[{\"name\":\"fe1\",\"properties\":{\"subnet\":{"
                + "\"id\":\"" + vnet + "/subnets/s1\"}}}],\"backendAddressPools\":[{\"name\":\"pool1\","
                + "\"properties\":{\"virtualNetwork\":{\"id\":\"" + vnet + "\"}}}]}}");
        assertThat(put.status()).as(put.text()).isEqualTo(201);
        String pool = lb + "/backendAddressPools/pool1";

        JsonNode updated = az.json("resource", "update", "--ids", pool, "--set", "properties.syncMode=Automatic");
        assertThat(updated.path("properties").path("syncMode").asText()).isEqualTo("Automatic");
        assertThat(get(pool).path("properties").path("syncMode").asText()).isEqualTo("Automatic");
        assertThat(get(pool).path("properties").path("virtualNetwork").path("id").asText()).isEqualTo(vnet);
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("name").asText()));
        return out;
    }

    private static String group(String name) {
        String id = "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/" + name;
        Reply r = fulcrum.arm().put(id + "?api-version=2021-04-01", "{\"location\":\"eastus\"}");
        assertThat(r.status()).as(r.text()).isIn(200, 201);
        return id;
    }

    private static JsonNode get(String id) {
        Reply r = fulcrum.arm().get(id + V);
        assertThat(r.status()).as("GET " + id + ": " + r.text()).isEqualTo(200);
        return r.json();
    }
}
