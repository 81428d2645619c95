package io.fulcrum.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddressString;
import io.fulcrum.cli.Main;
import io.fulcrum.network.publicip.PublicIpPool;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import io.fulcrum.testkit.FulcrumExtension;
import io.fulcrum.testkit.KeyPaths;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PublicIpAddressTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    /** Two IPv4 addresses (127.225.0.1 and .2) and two IPv6 ones, to run the pool dry. */
    @RegisterExtension
    static final FulcrumExtension tiny = new FulcrumExtension(
            PublicIpPool.parse(List.of("127.225.0.0/30", "fd00:f0c::/127")));

    private static final String V = "?api-version=2024-07-01";

    private static String pip(FulcrumExtension server, String name) {
        return "/subscriptions/" + server.subscriptionId() + "/resourceGroups/rg1/providers/Microsoft.Network"
                + "/publicIPAddresses/" + name;
    }

    private static String pip(String name) {
        return pip(fulcrum, name);
    }

    private static String nic(String name) {
        return "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/rg1/providers/Microsoft.Network"
                + "/networkInterfaces/" + name;
    }

    private static String ipConfig(String nic) {
        return nic(nic) + "/ipConfigurations/ipconfig1";
    }

    /** Puts NIC {@code name} with one ip configuration in the test's subnet, using {@code publicIp} if not null. */
    private static void nicUsing(String name, String publicIp) {
        String subnet = "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/rg1/providers"
                + "/Microsoft.Network/virtualNetworks/vnet/subnets/s1";
        Reply r = fulcrum.arm().put(nic(name) + V, "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":["
                + "{\"name\":\"ipconfig1\",\"properties\":{\"subnet\":{\"id\":\"" + subnet + "\"}"
                + (publicIp == null ? "" : ",\"publicIPAddress\":{\"id\":\"" + publicIp + "\"}") + "}}]}}");
        assertThat(r.status()).as(r.text()).isIn(200, 201);
    }

    @BeforeAll
    static void groups() {
        for (FulcrumExtension server : List.of(fulcrum, tiny)) {
            server.arm().put("/subscriptions/" + server.subscriptionId() + "/resourceGroups/rg1"
                    + "?api-version=2021-04-01", "{\"location\":\"eastus\"}");
        }
        Reply vnet = fulcrum.arm().put("/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/rg1/providers"
                + "/Microsoft.Network/virtualNetworks/vnet" + V, "{\"location\":\"eastus\",\"properties\":{"
                + "\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/16\"]},\"subnets\":[{\"name\":\"s1\","
                + "\"properties\":{\"addressPrefix\":\"10.0.0.0/24\"}}]}}");
        assertThat(vnet.status()).as(vnet.text()).isEqualTo(201);
    }

    @Test
    void createsWithDefaultsAsAzureExampleShows() {
        // Body of shared/conformance/examples/network/PublicIpAddressCreateDefaults.json.
        Reply created = fulcrum.arm().put(pip("test-ip") + V, "{\"location\":\"eastus\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.path("sku").path("name").asText()).isEqualTo("Basic");
        assertThat(body.path("type").asText()).isEqualTo("Microsoft.Network/publicIPAddresses");
        JsonNode p = body.path("properties");
        assertThat(p.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(p.path("publicIPAddressVersion").asText()).isEqualTo("IPv4");
        assertThat(p.path("publicIPAllocationMethod").asText()).isEqualTo("Dynamic");
        assertThat(p.path("idleTimeoutInMinutes").asInt()).isEqualTo(4);
        assertThat(p.has("ipAddress")).as("an unattached Dynamic IP shows no address").isFalse();
        // The example's response shows the IP in use by a NIC; everything else is there from the start.
        assertThat(KeyPaths.of(body)).containsAll(List.of("id", "location", "name", "properties",
                "properties.idleTimeoutInMinutes", "properties.provisioningState", "properties.publicIPAddressVersion",
                "properties.publicIPAllocationMethod", "sku", "sku.name", "type"));

        nicUsing("testDNS649", pip("test-ip"));
        JsonNode attached = fulcrum.arm().get(pip("test-ip") + V).json();
        assertThat(KeyPaths.of(attached)).contains("properties.ipConfiguration", "properties.ipConfiguration.id");
        assertThat(attached.path("properties").path("ipConfiguration").path("id").asText())
                .isEqualTo(ipConfig("testDNS649"));
        String address = attached.path("properties").path("ipAddress").asText();
        assertThat(inDefaultPool(address)).as(address).isTrue();

        nicUsing("testDNS649", null);
        JsonNode detached = fulcrum.arm().get(pip("test-ip") + V).json();
        assertThat(detached.path("properties").has("ipAddress")).isFalse();
        assertThat(detached.path("properties").has("ipConfiguration")).isFalse();
        nicUsing("testDNS649", pip("test-ip"));
        assertThat(fulcrum.arm().get(pip("test-ip") + V).json().path("properties").path("ipAddress").asText())
                .as("the address is reserved, so re-attaching gives the same one").isEqualTo(address);
        assertThat(fulcrum.arm().delete(nic("testDNS649") + V).status()).isEqualTo(202);
        assertThat(fulcrum.arm().get(pip("test-ip") + V).json().path("properties").has("ipAddress")).isFalse();
    }

    @Test
    void createsWithCustomizedValuesAsAzureExampleShows() {
        // Body of PublicIpAddressCreateCustomizedValues.json; the example lists "zones" beside the body rather than
        // in it, while its response carries them, so they are sent in the body here.
        Reply created = fulcrum.arm().put(pip("custom-ip") + V, "{\"properties\":{\"publicIPAllocationMethod\":"
                + "\"Static\",\"idleTimeoutInMinutes\":10,\"publicIPAddressVersion\":\"IPv4\"},\"sku\":{\"name\":"
                + "\"Standard\",\"tier\":\"Global\"},\"location\":\"eastus\",\"zones\":[\"1\"]}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(KeyPaths.of(body)).containsAll(List.of("id", "location", "name", "properties",
                "properties.ddosSettings", "properties.ddosSettings.protectionMode", "properties.idleTimeoutInMinutes",
                "properties.provisioningState", "properties.publicIPAddressVersion",
                "properties.publicIPAllocationMethod", "sku", "sku.name", "sku.tier", "type", "zones"));
        assertThat(body.path("zones").get(0).asText()).isEqualTo("1");
        assertThat(body.path("sku").path("tier").asText()).isEqualTo("Global");
        assertThat(body.path("properties").path("idleTimeoutInMinutes").asInt()).isEqualTo(10);
        assertThat(body.path("properties").path("ddosSettings").path("protectionMode").asText())
                .isEqualTo("VirtualNetworkInherited");
        assertThat(inDefaultPool(body.path("properties").path("ipAddress").asText())).isTrue();
        // The generic resource list shows the stored envelope too.
        Reply generic = fulcrum.arm().get("/subscriptions/" + fulcrum.subscriptionId() + "/resources"
                + "?api-version=2021-04-01&$filter=" + ArmClient.enc("name eq 'custom-ip'"));
        assertThat(generic.json().path("value").get(0).path("sku").path("name").asText()).isEqualTo("Standard");
    }

    @Test
    void staticAddressesAreUniqueAndKeptAcrossUpdates() {
        ArmClient arm = fulcrum.arm();
        Set<String> seen = new HashSet<>();
        for (String name : List.of("s1", "s2", "s3")) {
            Reply r = arm.put(pip(name) + V, "{\"location\":\"eastus\",\"properties\":"
                    + "{\"publicIPAllocationMethod\":\"Static\"}}");
            String address = r.json().path("properties").path("ipAddress").asText();
            assertThat(inDefaultPool(address)).as(address).isTrue();
            assertThat(seen.add(address)).as("unique: " + address).isTrue();
        }
        ObjectNode roundTrip = (ObjectNode) arm.get(pip("s2") + V).json();
        String kept = roundTrip.path("properties").path("ipAddress").asText();
        ObjectNode props = (ObjectNode) roundTrip.path("properties");
        props.put("idleTimeoutInMinutes", 20);
        props.put("ipAddress", "127.224.200.200");
        Reply updated = arm.put(pip("s2") + V, roundTrip.toString());
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.json().path("properties").path("idleTimeoutInMinutes").asInt()).isEqualTo(20);
        assertThat(updated.json().path("properties").path("ipAddress").asText()).isEqualTo(kept);
        Reply dynamic = arm.put(pip("s2") + V, "{\"location\":\"eastus\",\"tags\":{\"k\":\"v\"}}");
        assertThat(dynamic.json().path("properties").path("publicIPAllocationMethod").asText()).isEqualTo("Dynamic");
        assertThat(arm.put(pip("s2") + V, "{\"location\":\"eastus\",\"properties\":{\"publicIPAllocationMethod\":"
                + "\"Static\"}}").json().path("properties").path("ipAddress").asText()).isEqualTo(kept);

        assertThat(names(arm.get("/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/rg1/providers"
                + "/Microsoft.Network/publicIPAddresses" + V))).contains("s1", "s2", "s3");
        assertThat(names(arm.get("/subscriptions/" + fulcrum.subscriptionId()
                + "/providers/Microsoft.Network/publicIPAddresses" + V))).contains("s1", "s2", "s3");
    }

    @Test
    void domainNameLabelGivesAnFqdnThatIsUniquePerRegion() {
        ArmClient arm = fulcrum.arm();
        Reply labelled = arm.put(pip("dns1") + V, "{\"location\":\"eastus\",\"properties\":{\"dnsSettings\":"
                + "{\"domainNameLabel\":\"my-app-1\"}}}");
        assertThat(labelled.status()).as(labelled.text()).isEqualTo(201);
        assertThat(labelled.json().path("properties").path("dnsSettings").path("fqdn").asText())
                .isEqualTo("my-app-1.eastus.cloudapp.azure.com");
        Reply taken = arm.put(pip("dns2") + V, "{\"location\":\"eastus\",\"properties\":{\"dnsSettings\":"
                + "{\"domainNameLabel\":\"my-app-1\"}}}");
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.errorCode()).isEqualTo("DnsRecordInUse");
        assertThat(taken.json().path("error").path("message").asText())
                .contains("my-app-1.eastus.cloudapp.azure.com");
        assertThat(arm.get(pip("dns2") + V).status()).isEqualTo(404);
        assertThat(arm.put(pip("dns3") + V, "{\"location\":\"westus\",\"properties\":{\"dnsSettings\":"
                + "{\"domainNameLabel\":\"my-app-1\"}}}").status()).isEqualTo(201);
        assertThat(arm.put(pip("dns1") + V, "{\"location\":\"eastus\",\"properties\":{\"dnsSettings\":"
                + "{\"domainNameLabel\":\"my-app-1\"}}}").status()).as("a PUT keeping its own label").isEqualTo(200);
    }

    @Test
    void deleteIsRefusedWhileSomethingUsesTheAddress() {
        ArmClient arm = fulcrum.arm();
        arm.put(pip("used") + V, "{\"location\":\"eastus\"}");
        nicUsing("nic-used", pip("used"));
        Reply refused = arm.delete(pip("used") + V);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("PublicIPAddressCannotBeDeleted");
        assertThat(refused.json().path("error").path("message").asText()).contains(ipConfig("nic-used"));
        assertThat(arm.get(pip("used") + V).status()).isEqualTo(200);
        nicUsing("nic-used", null);
        assertThat(arm.delete(pip("used") + V).status()).isEqualTo(202);
        assertThat(arm.get(pip("used") + V).status()).isEqualTo(404);
    }

    @Test
    void refusesBadInputAndChangesNothing() {
        ArmClient arm = fulcrum.arm();
        String[][] cases = {
                {"{\"location\":\"eastus\",\"sku\":{\"name\":\"Standard\"},\"properties\":"
                        + "{\"publicIPAllocationMethod\":\"Dynamic\"}}", "StandardSkuPublicIPAddressesMustBeStatic"},
                {"{\"location\":\"eastus\",\"sku\":{\"name\":\"Standard\"}}", "StandardSkuPublicIPAddressesMustBeStatic"},
                {"{\"location\":\"eastus\",\"properties\":{\"idleTimeoutInMinutes\":3}}",
                        "PublicIPAddressInvalidIdleTimeout"},
                {"{\"location\":\"eastus\",\"properties\":{\"idleTimeoutInMinutes\":31}}",
                        "PublicIPAddressInvalidIdleTimeout"},
                {"{\"location\":\"eastus\",\"properties\":{\"idleTimeoutInMinutes\":\"10\"}}", "InvalidRequestContent"},
                {label("1abc"), "InvalidDomainNameLabel"},
                {label("MyApp"), "InvalidDomainNameLabel"},
                {label("ab"), "InvalidDomainNameLabel"},
                {label("abc-"), "InvalidDomainNameLabel"},
                {label("a".repeat(64)), "InvalidDomainNameLabel"},
                {"{\"location\":\"eastus\",\"properties\":{\"publicIPAllocationMethod\":\"Sticky\"}}",
                        "InvalidRequestFormat"},
                {"{\"location\":\"eastus\",\"properties\":{\"publicIPAddressVersion\":\"IPv5\"}}",
                        "InvalidRequestFormat"},
                {"{\"location\":\"eastus\",\"sku\":{\"name\":\"Premium\"}}", "InvalidRequestFormat"},
                {"{\"location\":\"eastus\",\"properties\":{\"deleteOption\":\"Keep\"}}", "InvalidRequestFormat"},
                {"{\"location\":\"eastus\",\"zones\":\"1\"}", "InvalidRequestContent"},
                {"{\"location\":\"eastus\",\"properties\":{\"publicIPAddressVersion\":\"IPv6\"}}",
                        "PublicIPCountLimitReached"},
                {"{\"location\":\"eastus\",\"properties\":{\"ddosSettings\":{\"ddosProtectionPlan\":{\"id\":"
                        + "\"" + pip("not-a-plan") + "\"}}}}", "InvalidJsonReferenceWrongType"}};
        for (String[] c : cases) {
            Reply r = arm.put(pip("bad") + V, c[0]);
            assertThat(r.status()).as(c[0] + " " + r.text()).isEqualTo(400);
            assertThat(r.errorCode()).as(c[0]).isEqualTo(c[1]);
            assertThat(r.json().path("error").path("message").asText()).as(c[0]).isNotBlank();
            assertThat(arm.get(pip("bad") + V).status()).as(c[0]).isEqualTo(404);
        }
        // Refused updates leave the stored IP as it was, address included.
        JsonNode before = arm.put(pip("zonal") + V, "{\"location\":\"eastus\",\"zones\":[\"1\"],\"sku\":{\"name\":"
                + "\"Standard\"},\"properties\":{\"publicIPAllocationMethod\":\"Static\"}}").json();
        for (String[] c : new String[][]{
                {"{\"location\":\"eastus\",\"zones\":[\"2\"],\"sku\":{\"name\":\"Standard\"},\"properties\":"
                        + "{\"publicIPAllocationMethod\":\"Static\"}}", "ResourceAvailabilityZonesCannotBeModified"},
                {"{\"location\":\"eastus\",\"sku\":{\"name\":\"Standard\"},\"properties\":"
                        + "{\"publicIPAllocationMethod\":\"Static\"}}", "ResourceAvailabilityZonesCannotBeModified"},
                {"{\"location\":\"eastus\",\"zones\":[\"1\"],\"properties\":{\"publicIPAllocationMethod\":"
                        + "\"Dynamic\"}}", "StandardSkuPublicIPAddressesMustBeStatic"},
                {"{\"location\":\"westus\",\"zones\":[\"1\"],\"sku\":{\"name\":\"Standard\"},\"properties\":"
                        + "{\"publicIPAllocationMethod\":\"Static\"}}", "InvalidResourceLocation"}}) {
            Reply r = arm.put(pip("zonal") + V, c[0]);
            assertThat(r.status()).as(c[0] + " " + r.text()).isIn(400, 409);
            assertThat(r.errorCode()).as(c[0]).isEqualTo(c[1]);
            assertThat(arm.get(pip("zonal") + V).json()).as(c[0]).isEqualTo(before);
        }
    }

    private static String label(String label) {
        return "{\"location\":\"eastus\",\"properties\":{\"dnsSettings\":{\"domainNameLabel\":\"" + label + "\"}}}";
    }

    @Test
    void aTinyPoolRunsDryAndFreedAddressesAreReused() {
        ArmClient arm = tiny.arm();
        String body = "{\"location\":\"eastus\",\"properties\":{\"publicIPAllocationMethod\":\"Static\"}}";
        assertThat(arm.put(pip(tiny, "t1") + V, body).json().path("properties").path("ipAddress").asText())
                .isEqualTo("127.225.0.1");
        // Dynamic IPs hold their address too, so they count against the pool.
        arm.put(pip(tiny, "t2") + V, "{\"location\":\"eastus\"}");
        Reply dry = arm.put(pip(tiny, "t3") + V, body);
        assertThat(dry.status()).isEqualTo(400);
        assertThat(dry.errorCode()).isEqualTo("PublicIPCountLimitReached");
        assertThat(dry.json().path("error").path("message").asText()).contains("127.225.0.0/30");
        assertThat(arm.get(pip(tiny, "t3") + V).status()).isEqualTo(404);

        assertThat(arm.delete(pip(tiny, "t1") + V).status()).isEqualTo(202);
        assertThat(arm.put(pip(tiny, "t3") + V, body).json().path("properties").path("ipAddress").asText())
                .isEqualTo("127.225.0.1");

        String v6 = "{\"location\":\"eastus\",\"properties\":{\"publicIPAllocationMethod\":\"Static\","
                + "\"publicIPAddressVersion\":\"IPv6\"}}";
        assertThat(arm.put(pip(tiny, "v6a") + V, v6).json().path("properties").path("ipAddress").asText())
                .isEqualTo("fd00:f0c::");
        assertThat(arm.put(pip(tiny, "v6b") + V, v6).json().path("properties").path("ipAddress").asText())
                .isEqualTo("fd00:f0c::1");
        assertThat(arm.put(pip(tiny, "v6c") + V, v6).errorCode()).isEqualTo("PublicIPCountLimitReached");
    }

    @Test
    void poolsAreCheckedBeforeServing() throws Exception {
        assertThatThrownBy(() -> PublicIpPool.parse(List.of("127.224.0.0/33"))).hasMessageContaining("127.224.0.0/33");
        assertThatThrownBy(() -> PublicIpPool.parse(List.of("127.224.0.1/16"))).hasMessageContaining("host bits");
        assertThatThrownBy(() -> PublicIpPool.parse(List.of("127.224.0.0/16", "127.224.8.0/24")))
                .hasMessageContaining("overlaps");
        Path dir = Files.createTempDirectory("fulcrum-pool-");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run("serve", "--data-dir", dir.toString(), "--port", "0", "--public-ip-pool",
                    "127.224.0.0/16,not-a-block");
            assertThat(exit).isEqualTo(1);
        } finally {
            System.setErr(err);
            FulcrumExtension.deleteTree(dir);
        }
        String out = captured.toString(StandardCharsets.UTF_8).strip();
        assertThat(out).isEqualTo("fulcrum: --public-ip-pool: 'not-a-block' is not a CIDR block such as "
                + "127.224.0.0/16.");
    }

    private static boolean inDefaultPool(String address) {
        return new IPAddressString(PublicIpPool.DEFAULT_CIDR).getAddress()
                .contains(new IPAddressString(address).getAddress());
    }

    private static List<String> names(Reply r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().path("value").forEach(v -> out.add(v.path("name").asText()));
        return out;
    }
}
