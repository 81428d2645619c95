package io.fulcrum.clients;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.AzSession;
import io.fulcrum.testkit.ExternalCommand.Result;
import io.fulcrum.testkit.FulcrumExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real az (Debian azure-cli 2.45, through tools/az-local, which works around Debian's broken network
 * profile) against the real server, for Microsoft.Network: the NIC-based backend pool workflow of the article
 * "Backend pool management" and the commands around it. Each command is asserted on what az prints and on what the
 * server then holds. az runs with a private config dir, signed in once for the class, and can reach 127.0.0.1 only.
 *
 * <p>az costs seconds per call (start-up alone is 3 to 7 s), so the commands are grouped into a few tests, each with
 * its own resource group; what a test does not exercise through az is set up through the REST API.
 */
class AzNetworkTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String RG_V = "?api-version=2021-04-01";
    private static final String V = "?api-version=2022-07-01";

    @TempDir
    static Path work;

    private static AzSession az;

    @BeforeAll
    static void signIn() throws IOException {
        az = AzSession.signIn(fulcrum, work);
    }

    @AfterAll
    static void printTimings() {
        if (az != null) {
            System.out.println("AzNetworkTest az calls (seconds):\n  " + String.join("\n  ", az.timings()));
        }
    }

    @Test
    void virtualNetworkSubnetsSecurityGroupsAndPublicIp() {
        String rg = group("az-net");

        JsonNode vnet = az.json("network", "vnet", "create", "-g", "az-net", "-n", "vnet", "--address-prefixes",
                "10.0.0.0/16", "--subnet-name", "s1", "--subnet-prefixes", "10.0.0.0/24").path("newVNet");
        assertThat(vnet.path("id").asText()).isEqualTo(rg + "/providers/Microsoft.Network/virtualNetworks/vnet");
        assertThat(vnet.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(vnet.path("addressSpace").path("addressPrefixes").get(0).asText()).isEqualTo("10.0.0.0/16");
        assertThat(vnet.path("subnets")).hasSize(1);
        assertThat(vnet.path("subnets").get(0).path("name").asText()).isEqualTo("s1");
        assertThat(vnet.path("subnets").get(0).path("addressPrefix").asText()).isEqualTo("10.0.0.0/24");
        JsonNode storedVnet = get(rg + "/providers/Microsoft.Network/virtualNetworks/vnet");
        assertThat(storedVnet.path("properties").path("addressSpace").path("addressPrefixes").get(0).asText())
                .isEqualTo("10.0.0.0/16");

        JsonNode s2 = az.json("network", "vnet", "subnet", "create", "-g", "az-net", "--vnet-name", "vnet", "-n", "s2",
                "--address-prefixes", "10.0.1.0/24");
        assertThat(s2.path("id").asText()).isEqualTo(rg + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/s2");
        assertThat(s2.path("addressPrefix").asText()).isEqualTo("10.0.1.0/24");
        assertThat(s2.path("provisioningState").asText()).isEqualTo("Succeeded");
        JsonNode s1 = az.json("network", "vnet", "subnet", "show", "-g", "az-net", "--vnet-name", "vnet", "-n", "s1");
        assertThat(s1.path("addressPrefix").asText()).isEqualTo("10.0.0.0/24");
        assertThat(s1.path("type").asText()).isEqualTo("Microsoft.Network/virtualNetworks/subnets");
        // Adding a subnet through its own PUT leaves the VNet with both.
        assertThat(names(get(rg + "/providers/Microsoft.Network/virtualNetworks/vnet").path("properties")
                .path("subnets"))).containsExactly("s1", "s2");

        JsonNode nsg = az.json("network", "nsg", "create", "-g", "az-net", "-n", "nsg1").path("NewNSG");
        assertThat(nsg.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(names(nsg.path("defaultSecurityRules"))).contains("AllowVnetInBound", "DenyAllInBound",
                "AllowInternetOutBound", "DenyAllOutBound").hasSize(6);
        assertThat(nsg.path("securityRules")).isEmpty();
        JsonNode rule = az.json("network", "nsg", "rule", "create", "-g", "az-net", "--nsg-name", "nsg1", "-n",
                "allow-web", "--priority", "100", "--access", "Allow", "--protocol", "Tcp", "--direction", "Inbound",
                "--destination-port-ranges", "80", "443");
        assertThat(rule.path("id").asText()).isEqualTo(rg
                + "/providers/Microsoft.Network/networkSecurityGroups/nsg1/securityRules/allow-web");
        assertThat(rule.path("priority").asInt()).isEqualTo(100);
        assertThat(rule.path("destinationPortRanges").toString()).isEqualTo("[\"80\",\"443\"]");
        JsonNode storedNsg = get(rg + "/providers/Microsoft.Network/networkSecurityGroups/nsg1").path("properties");
        assertThat(names(storedNsg.path("securityRules"))).containsExactly("allow-web");
        assertThat(storedNsg.path("securityRules").get(0).path("properties").path("access").asText())
                .isEqualTo("Allow");

        JsonNode asg = az.json("network", "asg", "create", "-g", "az-net", "-n", "asg1");
        assertThat(asg.path("id").asText()).isEqualTo(rg
                + "/providers/Microsoft.Network/applicationSecurityGroups/asg1");
        assertThat(asg.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(get(rg + "/providers/Microsoft.Network/applicationSecurityGroups/asg1").path("location").asText())
                .isEqualTo("eastus");

        JsonNode pip = az.json("network", "public-ip", "create", "-g", "az-net", "-n", "pip1", "--sku", "Standard")
                .path("publicIp");
        assertThat(pip.path("sku").path("name").asText()).isEqualTo("Standard");
        assertThat(pip.path("publicIPAllocationMethod").asText()).isEqualTo("Static");
        String address = pip.path("ipAddress").asText();
        assertThat(address).isNotEmpty();
        JsonNode shown = az.json("network", "public-ip", "show", "-g", "az-net", "-n", "pip1");
        assertThat(shown.path("ipAddress").asText()).isEqualTo(address);
        assertThat(shown.path("id").asText()).isEqualTo(rg + "/providers/Microsoft.Network/publicIPAddresses/pip1");
        JsonNode storedPip = get(rg + "/providers/Microsoft.Network/publicIPAddresses/pip1");
        assertThat(storedPip.path("properties").path("ipAddress").asText()).isEqualTo(address);
        assertThat(storedPip.path("sku").path("name").asText()).isEqualTo("Standard");
    }

    /** The article's CLI workflow: a pool on the load balancer, NICs that join it, the pool that follows them. */
    @Test
    void backendPoolByNetworkInterface() {
        String rg = group("az-pool");
        String lb = rg + "/providers/Microsoft.Network/loadBalancers/lb";
        String pool1 = lb + "/backendAddressPools/pool1";
        vnetAndLoadBalancer(rg);

        JsonNode created = az.json("network", "lb", "address-pool", "create", "-g", "az-pool", "--lb-name", "lb", "-n",
                "pool2");
        assertThat(created.path("id").asText()).isEqualTo(lb + "/backendAddressPools/pool2");
        assertThat(created.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(created.path("loadBalancerBackendAddresses")).isEmpty();
        assertThat(get(lb + "/backendAddressPools/pool2").path("name").asText()).isEqualTo("pool2");
        assertThat(az.json("network", "lb", "address-pool", "show", "-g", "az-pool", "--lb-name", "lb", "-n", "pool2")
                .path("id").asText()).isEqualTo(lb + "/backendAddressPools/pool2");
        assertThat(names(az.json("network", "lb", "address-pool", "list", "-g", "az-pool", "--lb-name", "lb")))
                .containsExactly("pool1", "pool2");
        az.ok("network", "lb", "address-pool", "delete", "-g", "az-pool", "--lb-name", "lb", "-n", "pool2");
        assertThat(fulcrum.arm().get(lb + "/backendAddressPools/pool2" + V).status()).isEqualTo(404);
        assertThat(names(get(lb).path("properties").path("backendAddressPools"))).containsExactly("pool1");

        // az builds the pool id itself (no LB read) and PUTs the NIC; the pool is then derived from the NICs.
        JsonNode nic1 = az.json("network", "nic", "create", "-g", "az-pool", "-n", "nic1", "--vnet-name", "vnet",
                "--subnet", "s1", "--lb-name", "lb", "--lb-address-pools", "pool1").path("NewNIC");
        String config1 = rg + "/providers/Microsoft.Network/networkInterfaces/nic1/ipConfigurations/ipconfig1";
        assertThat(nic1.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(nic1.path("ipConfigurations").get(0).path("id").asText()).isEqualTo(config1);
        assertThat(ids(nic1.path("ipConfigurations").get(0).path("loadBalancerBackendAddressPools")))
                .containsExactly(pool1);
        assertThat(nic1.path("ipConfigurations").get(0).path("privateIpAddress").asText()).startsWith("10.0.0.");
        JsonNode nic2 = az.json("network", "nic", "create", "-g", "az-pool", "-n", "nic2", "--vnet-name", "vnet",
                "--subnet", "s1", "--network-security-group", "nsg1", "--lb-name", "lb", "--lb-address-pools",
                "pool1").path("NewNIC");
        String config2 = rg + "/providers/Microsoft.Network/networkInterfaces/nic2/ipConfigurations/ipconfig1";
        assertThat(nic2.path("networkSecurityGroup").path("id").asText())
                .isEqualTo(rg + "/providers/Microsoft.Network/networkSecurityGroups/nsg1");
        assertThat(ids(get(rg + "/providers/Microsoft.Network/networkInterfaces/nic2").path("properties")
                .path("ipConfigurations").get(0).path("properties").path("loadBalancerBackendAddressPools")))
                .containsExactly(pool1);

        // Debian's SDK model spells it backendIpConfigurations; on the wire it is backendIPConfigurations.
        JsonNode shown = az.json("network", "lb", "address-pool", "show", "-g", "az-pool", "--lb-name", "lb", "-n",
                "pool1");
        assertThat(ids(shown.path("backendIpConfigurations"))).containsExactlyInAnyOrder(config1, config2);
        assertThat(poolMembers(pool1)).containsExactlyInAnyOrder(config1, config2);

        // By pool name (with --lb-name) ...
        JsonNode removed = az.json("network", "nic", "ip-config", "address-pool", "remove", "-g", "az-pool",
                "--nic-name", "nic1", "--ip-config-name", "ipconfig1", "--lb-name", "lb", "--address-pool", "pool1");
        assertThat(removed.path("loadBalancerBackendAddressPools")).isEmpty();
        assertThat(poolMembers(pool1)).containsExactly(config2);
        JsonNode added = az.json("network", "nic", "ip-config", "address-pool", "add", "-g", "az-pool", "--nic-name",
                "nic1", "--ip-config-name", "ipconfig1", "--lb-name", "lb", "--address-pool", "pool1");
        assertThat(ids(added.path("loadBalancerBackendAddressPools"))).containsExactly(pool1);
        assertThat(poolMembers(pool1)).containsExactlyInAnyOrder(config1, config2);
        // ... and by pool id.
        az.json("network", "nic", "ip-config", "address-pool", "remove", "-g", "az-pool", "--nic-name", "nic2",
                "--ip-config-name", "ipconfig1", "--address-pool", pool1);
        assertThat(poolMembers(pool1)).containsExactly(config1);
        assertThat(get(rg + "/providers/Microsoft.Network/networkInterfaces/nic2").path("properties")
                .path("ipConfigurations").get(0).path("properties").path("loadBalancerBackendAddressPools")).isEmpty();
        JsonNode back = az.json("network", "nic", "ip-config", "address-pool", "add", "-g", "az-pool", "--nic-name",
                "nic2", "--ip-config-name", "ipconfig1", "--address-pool", pool1);
        assertThat(ids(back.path("loadBalancerBackendAddressPools"))).containsExactly(pool1);
        assertThat(poolMembers(pool1)).containsExactlyInAnyOrder(config1, config2);
    }

    /**
     * Probes, rules and inbound NAT rules, each an AAZ whole-LB PUT that echoes the pool's NIC members; then the
     * pool in use is refused, and clean-up works in dependency order.
     */
    @Test
    void probesRulesNatRulesAndDeleteOrder() {
        String rg = group("az-rules");
        String lb = rg + "/providers/Microsoft.Network/loadBalancers/lb";
        String pool1 = lb + "/backendAddressPools/pool1";
        vnetAndLoadBalancer(rg);
        String nic = rg + "/providers/Microsoft.Network/networkInterfaces/nic1";
        Reply nicPut = fulcrum.arm().put(nic + V, "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":[{"
                + "\"name\":\"ipconfig1\",\"properties\":{\"subnet\":{\"id\":\"" + rg
                + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/s1\"},"
                + "\"loadBalancerBackendAddressPools\":[{\"id\":\"" + pool1 + "\"}]}}]}}");
        assertThat(nicPut.status()).as(nicPut.text()).isEqualTo(201);
        String config = nic + "/ipConfigurations/ipconfig1";

        JsonNode tcp = az.json("network", "lb", "probe", "create", "-g", "az-rules", "--lb-name", "lb", "-n", "tcp80",
                "--protocol", "Tcp", "--port", "80");
        assertThat(tcp.path("id").asText()).isEqualTo(lb + "/probes/tcp80");
        assertThat(tcp.path("protocol").asText()).isEqualTo("Tcp");
        assertThat(tcp.path("port").asInt()).isEqualTo(80);
        assertThat(tcp.path("intervalInSeconds").asInt()).isEqualTo(15);
        JsonNode http = az.json("network", "lb", "probe", "create", "-g", "az-rules", "--lb-name", "lb", "-n", "web",
                "--protocol", "Http", "--port", "8080", "--path", "/healthz");
        assertThat(http.path("protocol").asText()).isEqualTo("Http");
        assertThat(http.path("requestPath").asText()).isEqualTo("/healthz");
        assertThat(get(lb + "/probes/web").path("properties").path("requestPath").asText()).isEqualTo("/healthz");
        // The whole-LB PUTs carried the NIC member back and changed nothing about it.
        assertThat(poolMembers(pool1)).containsExactly(config);

        JsonNode rule = az.json("network", "lb", "rule", "create", "-g", "az-rules", "--lb-name", "lb", "-n", "http",
                "--protocol", "Tcp", "--frontend-port", "80", "--backend-port", "8080", "--frontend-ip-name", "fe1",
                "--backend-pool-name", "pool1", "--probe-name", "web");
        assertThat(rule.path("id").asText()).isEqualTo(lb + "/loadBalancingRules/http");
        assertThat(rule.path("backendAddressPool").path("id").asText()).isEqualTo(pool1);
        assertThat(rule.path("probe").path("id").asText()).isEqualTo(lb + "/probes/web");
        assertThat(rule.path("frontendIPConfiguration").path("id").asText())
                .isEqualTo(lb + "/frontendIPConfigurations/fe1");
        assertThat(ids(get(lb + "/probes/web").path("properties").path("loadBalancingRules")))
                .containsExactly(lb + "/loadBalancingRules/http");

        JsonNode ssh = az.json("network", "lb", "inbound-nat-rule", "create", "-g", "az-rules", "--lb-name", "lb",
                "-n", "ssh", "--protocol", "Tcp", "--frontend-port", "2201", "--backend-port", "22",
                "--frontend-ip-name", "fe1");
        assertThat(ssh.path("frontendPort").asInt()).isEqualTo(2201);
        assertThat(ssh.path("backendPort").asInt()).isEqualTo(22);
        JsonNode range = az.json("network", "lb", "inbound-nat-rule", "create", "-g", "az-rules", "--lb-name", "lb",
                "-n", "ssh-range", "--protocol", "Tcp", "--frontend-port-range-start", "3000",
                "--frontend-port-range-end", "3099", "--backend-port", "22", "--backend-pool-name", "pool1");
        assertThat(range.path("frontendPortRangeStart").asInt()).isEqualTo(3000);
        assertThat(range.path("frontendPortRangeEnd").asInt()).isEqualTo(3099);
        assertThat(range.path("backendAddressPool").path("id").asText()).isEqualTo(pool1);
        // The only frontend is used when none is named.
        assertThat(range.path("frontendIPConfiguration").path("id").asText())
                .isEqualTo(lb + "/frontendIPConfigurations/fe1");
        assertThat(ids(get(pool1).path("properties").path("inboundNatRules")))
                .containsExactly(lb + "/inboundNatRules/ssh-range");

        JsonNode shown = az.json("network", "lb", "show", "-g", "az-rules", "-n", "lb");
        assertThat(names(shown.path("frontendIPConfigurations"))).containsExactly("fe1");
        assertThat(names(shown.path("backendAddressPools"))).containsExactly("pool1");
        assertThat(names(shown.path("probes"))).containsExactlyInAnyOrder("tcp80", "web");
        assertThat(names(shown.path("loadBalancingRules"))).containsExactly("http");
        assertThat(names(shown.path("inboundNatRules"))).containsExactlyInAnyOrder("ssh", "ssh-range");
        assertThat(shown.path("inboundNatPools").isArray()).isTrue();
        assertThat(shown.path("inboundNatPools")).isEmpty();
        assertThat(shown.path("outboundRules").isArray()).isTrue();
        assertThat(shown.path("outboundRules")).isEmpty();
        assertThat(ids(shown.path("backendAddressPools").get(0).path("backendIPConfigurations")))
                .containsExactly(config);

        Result inUse = az.run("network", "lb", "address-pool", "delete", "-g", "az-rules", "--lb-name", "lb", "-n",
                "pool1");
        assertThat(inUse.exitCode()).as(inUse.describe()).isNotZero();
        assertThat(inUse.stderr()).as(inUse.describe()).contains("InUseBackendAddressPoolCannotBeDeleted")
                .contains(config).contains(lb + "/loadBalancingRules/http");
        assertThat(fulcrum.arm().get(pool1 + V).status()).isEqualTo(200);

        // az 2.45's probe delete is an SDK whole-LB PUT that strips the NIC member down to its name.
        az.ok("network", "lb", "probe", "delete", "-g", "az-rules", "--lb-name", "lb", "-n", "tcp80");
        assertThat(names(get(lb).path("properties").path("probes"))).containsExactly("web");
        assertThat(poolMembers(pool1)).containsExactly(config);

        Result vnetInUse = az.run("network", "vnet", "delete", "-g", "az-rules", "-n", "vnet");
        assertThat(vnetInUse.exitCode()).as(vnetInUse.describe()).isNotZero();
        assertThat(vnetInUse.stderr()).as(vnetInUse.describe()).contains("InUseSubnetCannotBeDeleted");

        az.ok("network", "lb", "rule", "delete", "-g", "az-rules", "--lb-name", "lb", "-n", "http");
        az.ok("network", "lb", "inbound-nat-rule", "delete", "-g", "az-rules", "--lb-name", "lb", "-n", "ssh-range");
        az.ok("network", "nic", "delete", "-g", "az-rules", "-n", "nic1");
        assertThat(fulcrum.arm().get(nic + V).status()).isEqualTo(404);
        assertThat(poolMembers(pool1)).isEmpty();
        az.ok("network", "lb", "address-pool", "delete", "-g", "az-rules", "--lb-name", "lb", "-n", "pool1");
        assertThat(fulcrum.arm().get(pool1 + V).status()).isEqualTo(404);
        az.ok("network", "lb", "delete", "-g", "az-rules", "-n", "lb");
        assertThat(fulcrum.arm().get(lb + V).status()).isEqualTo(404);
        az.ok("network", "vnet", "delete", "-g", "az-rules", "-n", "vnet");
        assertThat(fulcrum.arm().get(rg + "/providers/Microsoft.Network/virtualNetworks/vnet" + V).status())
                .isEqualTo(404);
        Reply left = fulcrum.arm().get("/subscriptions/" + fulcrum.subscriptionId()
                + "/resources?$filter=resourceGroup%20eq%20'az-rules'&api-version=2021-04-01");
        assertThat(left.status()).as(left.text()).isEqualTo(200);
        assertThat(names(left.json().path("value"))).containsExactly("nsg1");
    }

    /**
     * {@code az network lb create} in its three forms. It PUTs a template deployment (clients.md 7.1), so it waits
     * for template deployments.
     */
    @Test
    void lbCreateForms() {
        String rg = group("az-create");
        vnetAndNsg(rg);
        String s1 = rg + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/s1";

        // Internal, on the existing VNet: the vnet query finds it, so the template holds the load balancer only.
        JsonNode internal = az.json("network", "lb", "create", "-g", "az-create", "-n", "lb-int", "--sku", "Standard",
                "--vnet-name", "vnet", "--subnet", "s1", "--backend-pool-name", "pool1").path("loadBalancer");
        JsonNode frontend = internal.path("frontendIPConfigurations").get(0);
        assertThat(frontend.path("name").asText()).isEqualTo("LoadBalancerFrontEnd");
        assertThat(frontend.path("properties").path("subnet").path("id").asText()).isEqualToIgnoringCase(s1);
        assertThat(frontend.path("properties").path("privateIPAddress").asText()).startsWith("10.0.0.");
        assertThat(names(internal.path("backendAddressPools"))).containsExactly("pool1");
        assertThat(internal.path("provisioningState").asText()).isEqualTo("Succeeded");
        JsonNode stored = get(rg + "/providers/Microsoft.Network/loadBalancers/lb-int");
        assertThat(stored.path("sku").path("name").asText()).isEqualTo("Standard");
        assertThat(stored.path("properties").path("frontendIPConfigurations").get(0).path("properties")
                .path("subnet").path("id").asText()).isEqualToIgnoringCase(s1);

        // Internal, creating the VNet: the template also holds the VNet (apiVersion 2015-06-15).
        JsonNode withVnet = az.json("network", "lb", "create", "-g", "az-create", "-n", "lb-vnet", "--sku",
                "Standard", "--vnet-name", "vnet-new", "--subnet", "inner", "--backend-pool-name", "pool1")
                .path("loadBalancer");
        String inner = rg + "/providers/Microsoft.Network/virtualNetworks/vnet-new/subnets/inner";
        assertThat(withVnet.path("frontendIPConfigurations").get(0).path("properties").path("subnet").path("id")
                .asText()).isEqualToIgnoringCase(inner);
        JsonNode newVnet = get(rg + "/providers/Microsoft.Network/virtualNetworks/vnet-new").path("properties");
        assertThat(newVnet.path("addressSpace").path("addressPrefixes").get(0).asText()).isEqualTo("10.0.0.0/16");
        assertThat(names(newVnet.path("subnets"))).containsExactly("inner");
        assertThat(newVnet.path("subnets").get(0).path("properties").path("addressPrefix").asText())
                .isEqualTo("10.0.0.0/24");

        // Public: the template adds PublicIP<lb>, Standard and Static, and the frontend references it.
        JsonNode pub = az.json("network", "lb", "create", "-g", "az-create", "-n", "lbp", "--sku", "Standard")
                .path("loadBalancer");
        String pip = rg + "/providers/Microsoft.Network/publicIPAddresses/PublicIPlbp";
        assertThat(pub.path("frontendIPConfigurations").get(0).path("properties").path("publicIPAddress").path("id")
                .asText()).isEqualToIgnoringCase(pip);
        assertThat(names(pub.path("backendAddressPools"))).containsExactly("lbpbepool");
        JsonNode storedPip = get(pip);
        assertThat(storedPip.path("sku").path("name").asText()).isEqualTo("Standard");
        assertThat(storedPip.path("properties").path("publicIPAllocationMethod").asText()).isEqualTo("Static");
        assertThat(storedPip.path("properties").path("ipAddress").asText()).isNotEmpty();
        assertThat(storedPip.path("properties").path("ipConfiguration").path("id").asText().toLowerCase(Locale.ROOT))
                .startsWith((rg + "/providers/Microsoft.Network/loadBalancers/lbp/").toLowerCase(Locale.ROOT));
        assertThat(names(az.json("network", "lb", "list", "-g", "az-create")))
                .containsExactlyInAnyOrder("lb-int", "lb-vnet", "lbp");
    }

    // ---- set-up through the REST API ----

    /** A resource group; returns its id. */
    private static String group(String name) {
        String id = "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/" + name;
        Reply r = fulcrum.arm().put("/subscriptions/" + fulcrum.subscriptionId() + "/resourcegroups/" + name + RG_V,
                "{\"location\":\"eastus\"}");
        assertThat(r.status()).as(r.text()).isIn(200, 201);
        return id;
    }

    /** VNet "vnet" 10.0.0.0/16 with subnet s1 10.0.0.0/24, and an empty NSG "nsg1". */
    private static void vnetAndNsg(String rg) {
        Reply vnet = fulcrum.arm().put(rg + "/providers/Microsoft.Network/virtualNetworks/vnet" + V,
                "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/16\"]},"
                + "\"subnets\":[{\"name\":\"s1\",\"properties\":{\"addressPrefix\":\"10.0.0.0/24\"}}]}}");
        assertThat(vnet.status()).as(vnet.text()).isEqualTo(201);
        Reply nsg = fulcrum.arm().put(rg + "/providers/Microsoft.Network/networkSecurityGroups/nsg1" + V,
                "{\"location\":\"eastus\"}");
        assertThat(nsg.status()).as(nsg.text()).isEqualTo(201);
    }

    /**
     * What {@code az network lb create --sku Standard --vnet-name vnet --subnet s1 --backend-pool-name pool1 -n lb}
     * makes (frontend named fe1 here), PUT directly until template deployments land.
     */
    private static void vnetAndLoadBalancer(String rg) {
        vnetAndNsg(rg);
        Reply lb = fulcrum.arm().put(rg + "/providers/Microsoft.Network/loadBalancers/lb" + V,
                "{\"location\":\"eastus\",\"sku\":{\"name\":\"Standard\"},\"properties\":{"
                + "\"frontendIPConfigurations\":[{\"name\":\"fe1\",\"properties\":{\"subnet\":{\"id\":\"" + rg
                + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/s1\"}}}],"
                + "\"backendAddressPools\":[{\"name\":\"pool1\"}]}}");
        assertThat(lb.status()).as(lb.text()).isEqualTo(201);
    }

    // ---- reading the server ----

    private static JsonNode get(String id) {
        Reply r = fulcrum.arm().get(id + V);
        assertThat(r.status()).as("GET " + id + ": " + r.text()).isEqualTo(200);
        return r.json();
    }

    /** The pool's NIC members as the server derives them (its backendIPConfigurations). */
    private static List<String> poolMembers(String pool) {
        return ids(get(pool).path("properties").path("backendIPConfigurations"));
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("name").asText()));
        return out;
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("id").asText()));
        return out;
    }
}
