package io.fulcrum.network;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import io.fulcrum.testkit.FulcrumExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NetworkInterfaceTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String V = "?api-version=2024-07-01";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String sub() {
        return fulcrum.subscriptionId();
    }

    private static String net(String typeAndName) {
        return "/subscriptions/" + sub() + "/resourceGroups/rg1/providers/Microsoft.Network/" + typeAndName;
    }

    private static String nic(String name) {
        return net("networkInterfaces/" + name);
    }

    private static String subnet(String vnet, String name) {
        return net("virtualNetworks/" + vnet + "/subnets/" + name);
    }

    private static ArmClient arm() {
        return fulcrum.arm();
    }

    @BeforeAll
    static void group() {
        arm().put("/subscriptions/" + sub() + "/resourceGroups/rg1?api-version=2021-04-01", "{\"location\":\"eastus\"}");
    }

    /** A VNet with subnets given as "name=prefix" (a prefix may be "a,b" for several). */
    private static void vnet(String name, String space, String... subnets) {
        StringBuilder s = new StringBuilder();
        for (String sn : subnets) {
            String[] kv = sn.split("=");
            String prefixes = "\"" + String.join("\",\"", kv[1].split(",")) + "\"";
            s.append(s.length() == 0 ? "" : ",").append("{\"name\":\"").append(kv[0])
                    .append("\",\"properties\":{\"addressPrefixes\":[").append(prefixes).append("]}}");
        }
        Reply r = arm().put(net("virtualNetworks/" + name) + V, "{\"location\":\"eastus\",\"properties\":{"
                + "\"addressSpace\":{\"addressPrefixes\":[\"" + String.join("\",\"", space.split(",")) + "\"]},"
                + "\"subnets\":[" + s + "]}}");
        assertThat(r.status()).as(r.text()).isIn(200, 201);
    }

    /** A NIC body with one ip configuration "ipconfig1" whose properties are {@code config}. */
    private static String nicBody(String config) {
        return "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":[{\"name\":\"ipconfig1\","
                + "\"properties\":" + config + "}]}}";
    }

    private static String dynamicIn(String subnetId) {
        return nicBody("{\"subnet\":{\"id\":\"" + subnetId + "\"}}");
    }

    private static String staticIn(String subnetId, String address) {
        return nicBody("{\"privateIPAllocationMethod\":\"Static\",\"privateIPAddress\":\"" + address + "\","
                + "\"subnet\":{\"id\":\"" + subnetId + "\"}}");
    }

    private static JsonNode config(Reply nic, int i) {
        return nic.json().path("properties").path("ipConfigurations").get(i).path("properties");
    }

    private static String address(Reply nic) {
        return config(nic, 0).path("privateIPAddress").asText();
    }

    private static Reply created(String name, String body) {
        Reply r = arm().put(nic(name) + V, body);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r;
    }

    /** A Basic public IP (the default SKU, matching the Basic load balancers below). */
    private static String publicIp(String name, String location) {
        String id = net("publicIPAddresses/" + name);
        Reply r = arm().put(id + V, "{\"location\":\"" + location + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return id;
    }

    /**
     * A Basic load balancer with one frontend "fe" (public, on a new public IP, or internal in {@code subnetId}),
     * pools "pool1" and "pool2" and inbound NAT rule "nat1".
     */
    private static String loadBalancer(String name, String internalSubnetId) {
        LbBody lb = new LbBody(net("loadBalancers/" + name), null);
        if (internalSubnetId == null) {
            lb.publicFrontend("fe", publicIp(name + "-ip", "eastus"));
        } else {
            lb.frontend("fe", internalSubnetId);
        }
        lb.pool("pool1").pool("pool2").natRule("nat1", "fe", "Tcp", 2201, 22);
        Reply r = arm().put(lb.id + V, lb.json());
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return lb.id;
    }

    private static List<Ref> refsTo(String id, String kind) {
        return fulcrum.installation().store().read(tx -> tx.refs().to(ResourceId.parse(id).orElseThrow(), kind));
    }

    /** Every member path of {@code expected} (arrays by index) is present in {@code actual}. */
    private static void assertKeyPaths(JsonNode expected, JsonNode actual, String path) {
        if (expected.isObject()) {
            expected.fieldNames().forEachRemaining(name -> {
                assertThat(actual.has(name)).as(path + "." + name + " in " + actual).isTrue();
                assertKeyPaths(expected.get(name), actual.get(name), path + "." + name);
            });
        } else if (expected.isArray()) {
            assertThat(actual.isArray() && actual.size() >= expected.size()).as(path).isTrue();
            for (int i = 0; i < expected.size(); i++) {
                assertKeyPaths(expected.get(i), actual.get(i), path + "[" + i + "]");
            }
        }
    }

    @Test
    void createsTheSpecExampleAndAnswersWithItsKeyPaths() throws Exception {
        vnet("rg1-vnet", "172.20.0.0/16", "default=172.20.2.0/24");
        publicIp("test-ip", "eastus");
        String ids = "/subscriptions/" + sub() + "/resourceGroups/rg1/providers/Microsoft.Network/";
        // Body of shared/conformance/examples/network/NetworkInterfaceCreate.json, ids in our subscription.
        String body = """
                {"properties":{"enableAcceleratedNetworking":true,"disableTcpStateTracking":true,
                 "ipConfigurations":[
                  {"name":"ipconfig1","properties":{"publicIPAddress":{"id":"%spublicIPAddresses/test-ip"},
                   "subnet":{"id":"%svirtualNetworks/rg1-vnet/subnets/default"}}},
                  {"name":"ipconfig2","properties":{"privateIPAddressPrefixLength":28}}]},
                 "location":"eastus"}""".formatted(ids, ids);
        // Its 200 response (a superset of the 201 one), for the key paths; values are checked below.
        JsonNode example = JSON.readTree("""
                {"name":"test-nic","id":"x","location":"eastus","type":"Microsoft.Network/networkInterfaces",
                 "properties":{"provisioningState":"Succeeded",
                  "ipConfigurations":[
                   {"name":"ipconfig1","id":"x","properties":{"provisioningState":"Succeeded",
                    "privateIPAddress":"172.20.2.4","privateIPAllocationMethod":"Dynamic",
                    "publicIPAddress":{"id":"x"},"subnet":{"id":"x"},"primary":true,"privateIPAddressVersion":"IPv4"}},
                   {"name":"ipconfig2","id":"x","properties":{"provisioningState":"Succeeded",
                    "privateIPAddress":"172.20.2.16/28","privateIPAddressPrefixLength":28,
                    "privateIPAllocationMethod":"Dynamic","subnet":{"id":"x"},"primary":false,
                    "privateIPAddressVersion":"IPv4"}}],
                  "dnsSettings":{"dnsServers":[],"appliedDnsServers":[]},
                  "enableAcceleratedNetworking":true,"disableTcpStateTracking":true,"enableIPForwarding":false,
                  "vnetEncryptionSupported":false}}""");

        Reply create = arm().put(nic("test-nic") + V, body);
        assertThat(create.status()).as(create.text()).isEqualTo(201);
        Reply replace = arm().put(nic("test-nic") + V, body);
        assertThat(replace.status()).as(replace.text()).isEqualTo(200);
        for (Reply r : List.of(create, replace, arm().get(nic("test-nic") + V))) {
            assertKeyPaths(example, r.json(), "$");
            assertThat(address(r)).isEqualTo("172.20.2.4");
            assertThat(config(r, 0).path("primary").asBoolean()).isTrue();
            assertThat(config(r, 1).path("privateIPAddress").asText()).isEqualTo("172.20.2.16/28");
            assertThat(config(r, 1).path("primary").asBoolean()).isFalse();
            assertThat(config(r, 1).path("subnet").path("id").asText())
                    .isEqualTo(ids + "virtualNetworks/rg1-vnet/subnets/default");
            assertThat(r.json().path("properties").path("ipConfigurations").get(1).path("id").asText())
                    .isEqualTo(nic("test-nic") + "/ipConfigurations/ipconfig2");
            assertThat(r.json().path("properties").path("macAddress").asText()).matches("02(-[0-9A-F]{2}){5}");
            assertThat(r.json().path("properties").path("dnsSettings").path("internalDomainNameSuffix").asText())
                    .endsWith(".internal.cloudapp.net");
        }
        assertThat(replace.json().path("properties").path("macAddress").asText())
                .isEqualTo(create.json().path("properties").path("macAddress").asText());
    }

    @Test
    void dynamicAddressesTakeTheLowestFreeAndAreReleasedOnDelete() {
        vnet("alloc", "10.10.0.0/16", "s1=10.10.0.0/24");
        String s1 = subnet("alloc", "s1");
        assertThat(address(created("d1", dynamicIn(s1)))).isEqualTo("10.10.0.4");
        assertThat(address(created("d2", dynamicIn(s1)))).isEqualTo("10.10.0.5");
        assertThat(address(created("d3", staticIn(s1, "10.10.0.6")))).isEqualTo("10.10.0.6");
        assertThat(address(created("d4", dynamicIn(s1)))).isEqualTo("10.10.0.7");

        assertThat(arm().delete(nic("d1") + V).status()).isEqualTo(202);
        assertThat(address(created("d5", dynamicIn(s1)))).as("the deleted NIC's address is free again")
                .isEqualTo("10.10.0.4");
        assertThat(arm().delete(nic("d3") + V).status()).isEqualTo(202);
        assertThat(address(created("d6", staticIn(s1, "10.10.0.6")))).isEqualTo("10.10.0.6");
    }

    @Test
    void staticAddressesMustBeInsideTheSubnetAndFree() {
        vnet("stat", "10.11.0.0/16", "s1=10.11.0.0/24");
        String s1 = subnet("stat", "s1");
        created("holder", staticIn(s1, "10.11.0.20"));
        for (String[] c : new String[][]{
                {"10.12.0.5", "PrivateIPAddressNotInSubnet"},
                {"10.11.0.20", "PrivateIPAddressInUse"},
                {"10.11.0.3", "PrivateIPAddressIsReserved"},
                {"10.11.0.255", "PrivateIPAddressIsReserved"}}) {
            Reply r = arm().put(nic("st") + V, staticIn(s1, c[0]));
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.errorCode()).as(c[0]).isEqualTo(c[1]);
            assertThat(r.json().path("error").path("message").asText()).as(c[0]).contains(c[0]);
        }
        assertThat(arm().get(nic("st") + V).status()).isEqualTo(404);
        assertThat(address(created("st", staticIn(s1, "10.11.0.21")))).isEqualTo("10.11.0.21");

        // A block (the spec: "a single IP address or a CIDR block") holds every address in it.
        assertThat(address(created("block", staticIn(s1, "10.11.0.32/28")))).isEqualTo("10.11.0.32/28");
        Reply inside = arm().put(nic("st2") + V, staticIn(s1, "10.11.0.40"));
        assertThat(inside.errorCode()).isEqualTo("PrivateIPAddressInUse");
        assertThat(inside.json().path("error").path("message").asText()).contains(nic("block"));
    }

    @Test
    void subnetListsTheIpConfigurationsThatUseItAndCannotBeDeletedMeanwhile() {
        vnet("users", "10.12.0.0/16", "s1=10.12.0.0/24");
        String s1 = subnet("users", "s1");
        created("user1", dynamicIn(s1));
        JsonNode users = arm().get(s1 + V).json().path("properties").path("ipConfigurations");
        assertThat(users.size()).isEqualTo(1);
        assertThat(users.get(0).path("id").asText()).isEqualTo(nic("user1") + "/ipConfigurations/ipconfig1");

        Reply refused = arm().delete(s1 + V);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("InUseSubnetCannotBeDeleted");
        assertThat(arm().get(s1 + V).status()).isEqualTo(200);

        assertThat(arm().delete(nic("user1") + V).status()).isEqualTo(202);
        assertThat(arm().get(s1 + V).json().path("properties").has("ipConfigurations")).isFalse();
        assertThat(arm().delete(s1 + V).status()).isEqualTo(202);
    }

    @Test
    void acceptsReferenceObjectsWithJunkPropertiesAsAzSends() {
        vnet("junk", "10.13.0.0/16", "s1=10.13.0.0/24");
        // az network nic create (clients.md section 5): the subnet reference carries model-default properties.
        Reply r = created("junk1", "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":[{\"name\":"
                + "\"ipconfig1\",\"properties\":{\"privateIPAddressVersion\":\"IPv4\",\"privateIPAllocationMethod\":"
                + "\"Dynamic\",\"subnet\":{\"id\":\"" + subnet("junk", "s1") + "\",\"properties\":{"
                + "\"privateEndpointNetworkPolicies\":\"Disabled\",\"privateLinkServiceNetworkPolicies\":\"Enabled\"}}}}]}}");
        assertThat(config(r, 0).path("subnet").toString()).isEqualTo("{\"id\":\"" + subnet("junk", "s1") + "\"}");
    }

    @Test
    void getModifyPutWithReadOnlyFieldsKeepsMacAndAddress() throws Exception {
        vnet("gmp", "10.14.0.0/16", "s1=10.14.0.0/24");
        Reply first = created("gmp1", "{\"location\":\"eastus\",\"properties\":{\"dnsSettings\":{\"internalDnsNameLabel\":"
                + "\"web1\",\"dnsServers\":[\"10.14.0.53\"]},\"ipConfigurations\":[{\"name\":\"ipconfig1\","
                + "\"properties\":{\"subnet\":{\"id\":\"" + subnet("gmp", "s1") + "\"}}}]}}");
        created("gmp2", dynamicIn(subnet("gmp", "s1")));
        ObjectNode got = (ObjectNode) arm().get(nic("gmp1") + V).json();
        ((ObjectNode) got.path("properties")).put("enableIPForwarding", true);
        Reply put = arm().put(nic("gmp1") + V, got.toString());
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        JsonNode p = put.json().path("properties");
        assertThat(p.path("enableIPForwarding").asBoolean()).isTrue();
        assertThat(p.path("macAddress").asText()).isEqualTo(first.json().path("properties").path("macAddress").asText());
        assertThat(p.path("resourceGuid").asText()).isEqualTo(first.json().path("properties").path("resourceGuid").asText());
        assertThat(address(put)).isEqualTo("10.14.0.4");
        assertThat(p.path("dnsSettings").path("appliedDnsServers").size()).isZero();
        assertThat(p.path("dnsSettings").path("internalFqdn").asText()).startsWith("web1.");

        // The shape az sends for `nic ip-config address-pool add` at 2022-01-01 (the recording): ids, type and the
        // allocated address inside the configuration, read-only members dropped by az.
        String lb = loadBalancer("gmp-lb", null);
        Reply add = arm().put(nic("gmp1") + "?api-version=2022-01-01", "{\"id\":\"" + nic("gmp1") + "\",\"location\":"
                + "\"eastus\",\"properties\":{\"auxiliaryMode\":\"None\",\"dnsSettings\":{\"dnsServers\":[]},"
                + "\"enableAcceleratedNetworking\":false,\"enableIPForwarding\":false,\"ipConfigurations\":[{\"id\":\""
                + nic("gmp1") + "/ipConfigurations/ipconfig1\",\"name\":\"ipconfig1\",\"properties\":{"
                + "\"loadBalancerBackendAddressPools\":[{\"id\":\"" + lb + "/backendAddressPools/pool1\"}],"
                + "\"primary\":true,\"privateIPAddress\":\"10.14.0.4\",\"privateIPAddressVersion\":\"IPv4\","
                + "\"privateIPAllocationMethod\":\"Dynamic\",\"subnet\":{\"id\":\"" + subnet("gmp", "s1") + "\"}},"
                + "\"type\":\"Microsoft.Network/networkInterfaces/ipConfigurations\"}],\"nicType\":\"Standard\"}}");
        assertThat(add.status()).as(add.text()).isEqualTo(200);
        assertThat(address(add)).isEqualTo("10.14.0.4");
        assertThat(config(add, 0).path("loadBalancerBackendAddressPools").get(0).path("id").asText())
                .isEqualTo(lb + "/backendAddressPools/pool1");
        assertThat(add.json().path("properties").path("macAddress").asText())
                .isEqualTo(first.json().path("properties").path("macAddress").asText());
    }

    @Test
    void ipConfigurationsAreReadOnlyChildren() {
        vnet("kids", "10.15.0.0/16", "s1=10.15.0.0/24");
        created("kid1", dynamicIn(subnet("kids", "s1")));
        String child = nic("kid1") + "/ipConfigurations/ipconfig1";
        Reply get = arm().get(child + V);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().path("id").asText()).isEqualTo(child);
        assertThat(get.json().path("type").asText()).isEqualTo("Microsoft.Network/networkInterfaces/ipConfigurations");
        assertThat(get.json().path("etag").asText()).startsWith("W/\"");
        for (String key : List.of("provisioningState", "privateIPAddress", "privateIPAllocationMethod", "subnet",
                "privateIPAddressVersion", "primary")) {
            assertThat(get.json().path("properties").has(key)).as(key).isTrue();
        }
        Reply list = arm().get(nic("kid1") + "/ipConfigurations" + V);
        assertThat(list.json().path("value").size()).isEqualTo(1);

        Reply put = arm().put(child + V, "{\"properties\":{\"subnet\":{\"id\":\"" + subnet("kids", "s1") + "\"}}}");
        assertThat(put.status()).isEqualTo(405);
        assertThat(arm().delete(child + V).status()).isEqualTo(405);
        assertThat(arm().get(child + V).status()).isEqualTo(200);
        assertThat(arm().get(nic("nobody") + "/ipConfigurations" + V).errorCode()).isEqualTo("ResourceNotFound");
    }

    @Test
    void poolMembershipLandsInTheReferenceIndexAndTheLoadBalancersView() {
        vnet("pools", "10.16.0.0/16", "s1=10.16.0.0/24");
        String lb = loadBalancer("pub-lb", null);
        String pool = lb + "/backendAddressPools/pool1";
        Reply r = created("member", nicBody("{\"subnet\":{\"id\":\"" + subnet("pools", "s1") + "\"},"
                + "\"loadBalancerBackendAddressPools\":[{\"id\":\"" + pool + "\"}],"
                + "\"loadBalancerInboundNatRules\":[{\"id\":\"" + lb + "/inboundNatRules/nat1\"}]}"));
        String config = nic("member") + "/ipConfigurations/ipconfig1";
        assertThat(config(r, 0).path("loadBalancerInboundNatRules").get(0).path("id").asText())
                .isEqualTo(lb + "/inboundNatRules/nat1");
        assertThat(refsTo(pool, RefKinds.BACKEND_POOL)).extracting(x -> x.from().toString()).containsExactly(config);
        assertThat(refsTo(lb + "/inboundNatRules/nat1", RefKinds.INBOUND_NAT_RULE)).hasSize(1);

        // The view renders each balancer as its own GET does, with the pool's back-reference to this NIC.
        Reply view = arm().get(nic("member") + "/loadBalancers" + V);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.json().path("value").size()).isEqualTo(1);
        JsonNode listed = view.json().path("value").get(0);
        assertThat(listed.path("id").asText()).isEqualTo(lb);
        assertThat(listed.path("type").asText()).isEqualTo("Microsoft.Network/loadBalancers");
        assertThat(listed.path("properties")).isEqualTo(arm().get(lb + V).json().path("properties"));
        assertThat(listed.path("properties").path("backendAddressPools").get(0).path("properties")
                .path("backendIPConfigurations").findValuesAsText("id")).containsExactly(config);
        assertThat(listed.path("properties").path("inboundNatRules").get(0).path("properties")
                .path("backendIPConfiguration").path("id").asText()).isEqualTo(config);

        // az nic ip-config address-pool remove sends the list empty; Azure then omits it.
        Reply removed = arm().put(nic("member") + V, nicBody("{\"subnet\":{\"id\":\"" + subnet("pools", "s1")
                + "\"},\"loadBalancerBackendAddressPools\":[]}"));
        assertThat(removed.status()).as(removed.text()).isEqualTo(200);
        assertThat(config(removed, 0).has("loadBalancerBackendAddressPools")).isFalse();
        assertThat(refsTo(pool, RefKinds.BACKEND_POOL)).isEmpty();
        assertThat(arm().get(nic("member") + "/loadBalancers" + V).json().path("value").size()).isZero();
    }

    @Test
    void refusesPoolsOfTwoLoadBalancersOfTheSameType() {
        vnet("types", "10.17.0.0/16", "s1=10.17.0.0/24");
        String s1 = subnet("types", "s1");
        String pubA = loadBalancer("pub-a", null);
        String pubB = loadBalancer("pub-b", null);
        String intA = loadBalancer("int-a", s1);
        String intB = loadBalancer("int-b", s1);
        String twoPools = "{\"subnet\":{\"id\":\"" + s1 + "\"},\"loadBalancerBackendAddressPools\":[{\"id\":\"%s"
                + "/backendAddressPools/pool1\"},{\"id\":\"%s/backendAddressPools/pool1\"}]}";
        for (String[] pair : new String[][]{{pubA, pubB}, {intA, intB}}) {
            Reply r = arm().put(nic("typed") + V, nicBody(twoPools.formatted(pair[0], pair[1])));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("NetworkInterfaceUsesMultipleLoadBalancersOfSameType");
            assertThat(r.json().path("error").path("message").asText()).contains(pair[0]).contains(pair[1]);
        }
        assertThat(arm().get(nic("typed") + V).status()).isEqualTo(404);
        assertThat(refsTo(pubA + "/backendAddressPools/pool1", RefKinds.BACKEND_POOL)).isEmpty();

        created("typed", nicBody(twoPools.formatted(pubA, intA)));
        Reply twoOfOne = arm().put(nic("typed") + V, nicBody("{\"subnet\":{\"id\":\"" + s1 + "\"},"
                + "\"loadBalancerBackendAddressPools\":[{\"id\":\"" + pubA + "/backendAddressPools/pool1\"},"
                + "{\"id\":\"" + pubA + "/backendAddressPools/pool2\"}]}"));
        assertThat(twoOfOne.status()).as("two pools of one balancer").isEqualTo(200);
    }

    @Test
    void onePrimaryOneVirtualNetworkAndSecondariesInheritTheSubnet() {
        vnet("multi", "10.18.0.0/16", "a=10.18.0.0/24", "b=10.18.1.0/24");
        vnet("other", "10.19.0.0/16", "c=10.19.0.0/24");
        String two = "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":[{\"name\":\"one\",\"properties\":"
                + "%s},{\"name\":\"two\",\"properties\":%s}]}}";
        String inA = "{\"subnet\":{\"id\":\"" + subnet("multi", "a") + "\"}";
        Reply r = created("multi1", two.formatted(inA + ",\"primary\":true}",
                "{\"subnet\":{\"id\":\"" + subnet("multi", "b") + "\"}}"));
        assertThat(config(r, 1).path("privateIPAddress").asText()).isEqualTo("10.18.1.4");
        Reply inherit = created("multi2", two.formatted("{\"primary\":false}", inA + ",\"primary\":true}"));
        assertThat(config(inherit, 0).path("subnet").path("id").asText()).isEqualTo(subnet("multi", "a"));
        assertThat(config(inherit, 0).path("primary").asBoolean()).isFalse();
        assertThat(config(inherit, 1).path("privateIPAddress").asText()).as("the primary is allocated first")
                .isEqualTo("10.18.0.5");
        assertThat(config(inherit, 0).path("privateIPAddress").asText()).isEqualTo("10.18.0.6");
    }

    @Test
    void aNicsStaticAddressWinsOverItsOwnDynamicOneAndDynamicAddressesStay() {
        vnet("keep", "10.20.0.0/16", "s1=10.20.0.0/24");
        String s1 = subnet("keep", "s1");
        assertThat(address(created("keep1", dynamicIn(s1)))).isEqualTo("10.20.0.4");
        created("keep2", dynamicIn(s1));
        String cfg = "{\"subnet\":{\"id\":\"" + s1 + "\"}";
        Reply r = arm().put(nic("keep1") + V, "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":["
                + "{\"name\":\"ipconfig1\",\"properties\":" + cfg + ",\"primary\":true}},"
                + "{\"name\":\"ipconfig2\",\"properties\":" + cfg + ",\"privateIPAllocationMethod\":\"Static\","
                + "\"privateIPAddress\":\"10.20.0.4\"}}]}}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(config(r, 1).path("privateIPAddress").asText()).isEqualTo("10.20.0.4");
        assertThat(address(r)).as("the dynamic one moves to the lowest free").isEqualTo("10.20.0.6");
        assertThat(address(arm().get(nic("keep2") + V))).as("other NICs keep theirs").isEqualTo("10.20.0.5");
    }

    @Test
    void dualStackConfigurationsGetAddressesOfTheirVersion() {
        vnet("dual", "10.21.0.0/16,fd00:21::/48", "s1=10.21.0.0/24,fd00:21::/64");
        String s1 = subnet("dual", "s1");
        Reply r = created("dual1", "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":[{\"name\":\"v4\","
                + "\"properties\":{\"primary\":true,\"subnet\":{\"id\":\"" + s1 + "\"}}},{\"name\":\"v6\",\"properties\":{"
                + "\"privateIPAddressVersion\":\"IPv6\",\"subnet\":{\"id\":\"" + s1 + "\"}}}]}}");
        assertThat(address(r)).isEqualTo("10.21.0.4");
        assertThat(config(r, 1).path("privateIPAddress").asText()).isEqualTo("fd00:21::4");
        assertThat(config(r, 1).path("privateIPAddressVersion").asText()).isEqualTo("IPv6");
    }

    @Test
    void aNicUsedByAVirtualMachineShowsItAndCannotBeDeleted() {
        vnet("vmseam", "10.22.0.0/16", "s1=10.22.0.0/24");
        created("vmnic", dynamicIn(subnet("vmseam", "s1")));
        ResourceId vm = ResourceId.parse("/subscriptions/" + sub() + "/resourceGroups/rg1/providers/Microsoft.Compute"
                + "/virtualMachines/vm1").orElseThrow();
        ResourceId nicId = ResourceId.parse(nic("vmnic")).orElseThrow();
        // STAND-IN for the compute family: the reference a VM will record to its NIC.
        fulcrum.installation().store().write(tx -> {
            tx.refs().replaceFrom(vm, List.of(new Ref(vm, nicId, RefKinds.NETWORK_INTERFACE)));
            return null;
        });
        assertThat(arm().get(nic("vmnic") + V).json().path("properties").path("virtualMachine").path("id").asText())
                .isEqualTo(vm.toString());
        Reply refused = arm().delete(nic("vmnic") + V);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("NicInUse");
        assertThat(refused.json().path("error").path("message").asText()).contains(vm.toString());

        fulcrum.installation().store().write(tx -> {
            tx.refs().replaceFrom(vm, List.of());
            return null;
        });
        assertThat(arm().get(nic("vmnic") + V).json().path("properties").has("virtualMachine")).isFalse();
        assertThat(arm().delete(nic("vmnic") + V).status()).isEqualTo(202);
    }

    @Test
    void anApplicationSecurityGroupInUseCannotBeDeleted() {
        vnet("asgs", "10.23.0.0/16", "s1=10.23.0.0/24");
        String asg = net("applicationSecurityGroups/web");
        assertThat(arm().put(asg + V, "{\"location\":\"eastus\"}").status()).isEqualTo(201);
        created("asgnic", nicBody("{\"subnet\":{\"id\":\"" + subnet("asgs", "s1") + "\"},"
                + "\"applicationSecurityGroups\":[{\"id\":\"" + asg + "\"}]}"));
        assertThat(refsTo(asg, RefKinds.ASG)).hasSize(1);
        Reply refused = arm().delete(asg + V);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("InUseResourceCannotBeDeleted");
        assertThat(arm().get(asg + V).status()).isEqualTo(200);
        assertThat(arm().delete(nic("asgnic") + V).status()).isEqualTo(202);
        assertThat(arm().delete(asg + V).status()).isEqualTo(202);
    }

    @Test
    void refusesBadInputAndChangesNothing() {
        vnet("vbad", "10.30.0.0/16", "s1=10.30.0.0/24");
        vnet("vbad2", "10.31.0.0/16", "s1=10.31.0.0/24");
        String s1 = subnet("vbad", "s1");
        String inS1 = "\"subnet\":{\"id\":\"" + s1 + "\"}";
        String westIp = publicIp("west-ip", "westus");
        String lb = loadBalancer("bad-lb", null);
        String two = "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":[{\"name\":\"a\",\"properties\":"
                + "{%s}},{\"name\":\"b\",\"properties\":{%s}}]}}";
        List<String[]> cases = new ArrayList<>(List.of(
                new String[]{"{\"location\":\"eastus\"}", "NetworkInterfaceMustHaveIpConfigurationOrAttachedElasticNetworkInterface"},
                new String[]{"{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":[]}}",
                        "NetworkInterfaceMustHaveIpConfigurationOrAttachedElasticNetworkInterface"},
                new String[]{nicBody("{}"), "SubnetIsRequired"},
                new String[]{dynamicIn(subnet("vbad", "nope")), "InvalidResourceReference"},
                new String[]{dynamicIn("not-an-id"), "LinkedInvalidPropertyId"},
                new String[]{dynamicIn(net("virtualNetworks/vbad")), "InvalidJsonReferenceWrongType"},
                new String[]{nicBody("{\"privateIPAllocationMethod\":\"Static\"," + inS1 + "}"), "PrivateIPAddressMissing"},
                new String[]{staticIn(s1, "banana"), "PrivateIPAddressInvalid"},
                new String[]{staticIn(s1, "10.30.0.*"), "PrivateIPAddressInvalid"},
                new String[]{staticIn(s1, "10.30.0.17/28"), "PrivateIPAddressInvalid"},
                new String[]{staticIn(s1, "10.99.0.5"), "PrivateIPAddressNotInSubnet"},
                new String[]{staticIn(s1, "10.30.0.1"), "PrivateIPAddressIsReserved"},
                new String[]{nicBody("{\"privateIPAddressVersion\":\"IPv4\",\"privateIPAllocationMethod\":\"Static\","
                        + "\"privateIPAddress\":\"fd00::5\"," + inS1 + "}"), "PrivateIPAddressInvalid"},
                new String[]{nicBody("{\"privateIPAllocationMethod\":\"Sometimes\"," + inS1 + "}"), "InvalidRequestFormat"},
                new String[]{nicBody("{\"privateIPAddressVersion\":\"IPv5\"," + inS1 + "}"), "InvalidRequestFormat"},
                new String[]{nicBody("{\"privateIPAddressPrefixLength\":40," + inS1 + "}"), "InvalidRequestFormat"},
                new String[]{nicBody("{\"privateIPAddressVersion\":\"IPv6\"," + inS1 + "}"),
                        "SubnetHasNoAddressPrefixForIPVersion"},
                new String[]{nicBody("{\"primary\":\"yes\"," + inS1 + "}"), "InvalidRequestContent"},
                new String[]{two.formatted(inS1, inS1), "NetworkInterfaceMustHaveOneOneIPConfigAsPrimary"},
                new String[]{two.formatted(inS1 + ",\"primary\":true", inS1 + ",\"primary\":true"),
                        "NetworkInterfaceMustHaveOneOneIPConfigAsPrimary"},
                new String[]{two.formatted(inS1 + ",\"primary\":true", "\"subnet\":{\"id\":\"" + subnet("vbad2", "s1")
                        + "\"}"), "IpConfigurationsOfNicInDifferentVirtualNetworks"},
                new String[]{nicBody("{" + inS1 + ",\"publicIPAddress\":{\"id\":\"" + net("publicIPAddresses/none")
                        + "\"}}"), "InvalidResourceReference"},
                new String[]{nicBody("{" + inS1 + ",\"publicIPAddress\":{\"id\":\"" + westIp + "\"}}"),
                        "InvalidResourceReference"},
                new String[]{nicBody("{" + inS1 + ",\"loadBalancerBackendAddressPools\":[{\"id\":\"" + lb
                        + "/backendAddressPools/nope\"}]}"), "InvalidResourceReference"},
                new String[]{nicBody("{" + inS1 + ",\"loadBalancerBackendAddressPools\":{\"id\":\"" + lb
                        + "/backendAddressPools/pool1\"}}"), "InvalidRequestContent"},
                new String[]{nicBody("{" + inS1 + ",\"applicationSecurityGroups\":[{\"id\":\""
                        + net("applicationSecurityGroups/none") + "\"}]}"), "InvalidResourceReference"},
                new String[]{"{\"location\":\"eastus\",\"properties\":{\"networkSecurityGroup\":{\"id\":\""
                        + net("networkSecurityGroups/none") + "\"},\"ipConfigurations\":[{\"name\":\"a\",\"properties\":{"
                        + inS1 + "}}]}}", "InvalidResourceReference"},
                new String[]{dynamicIn(s1).replace("\"properties\":{\"ipC", "\"properties\":{\"enableIPForwarding\":"
                        + "\"yes\",\"ipC"), "InvalidRequestContent"},
                new String[]{dynamicIn(s1).replace("\"properties\":{\"ipC", "\"properties\":{\"dnsSettings\":{"
                        + "\"dnsServers\":[\"not-an-ip\"]},\"ipC"), "InvalidRequestFormat"},
                new String[]{dynamicIn(s1).replace("\"properties\":{\"ipC", "\"properties\":{\"dnsSettings\":{"
                        + "\"dnsServers\":[\"AzureProvidedDNS\",\"8.8.8.8\"]},\"ipC"), "InvalidRequestFormat"},
                new String[]{dynamicIn(s1).replace("\"properties\":{\"ipC", "\"properties\":{\"dnsSettings\":{"
                        + "\"internalDnsNameLabel\":\"no_such label\"},\"ipC"), "InvalidRequestFormat"},
                new String[]{dynamicIn(s1).replace("\"properties\":{\"ipC", "\"properties\":{\"nicType\":\"Huge\",\"ipC"),
                        "InvalidRequestFormat"},
                new String[]{dynamicIn(s1).replace("\"location\":\"eastus\",", ""), "LocationRequired"},
                new String[]{"{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":{\"name\":\"a\"}}}",
                        "InvalidRequestContent"},
                new String[]{two.formatted(inS1, inS1).replace("\"name\":\"b\"", "\"name\":\"a\""), "InvalidRequestFormat"},
                new String[]{dynamicIn(s1).replace("ipconfig1", "bad name!"), "InvalidResourceName"}));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(15);
        for (String[] c : cases) {
            Reply r = arm().put(nic("bad") + V, c[0]);
            assertThat(r.status()).as(c[0] + " -> " + r.text()).isEqualTo(400);
            assertThat(r.errorCode()).as(c[0] + " -> " + r.text()).isEqualTo(c[1]);
            assertThat(arm().get(nic("bad") + V).status()).as(c[0]).isEqualTo(404);
        }
        assertThat(arm().get(s1 + V).json().path("properties").has("ipConfigurations")).isFalse();
        assertThat(refsTo(lb + "/backendAddressPools/pool1", RefKinds.BACKEND_POOL)).isEmpty();
    }

    @Test
    void aRefusedUpdateChangesNothing() {
        vnet("upd", "10.32.0.0/16", "s1=10.32.0.0/24");
        String s1 = subnet("upd", "s1");
        String lb = loadBalancer("upd-lb", null);
        Reply before = created("upd1", nicBody("{\"subnet\":{\"id\":\"" + s1 + "\"},\"loadBalancerBackendAddressPools\":"
                + "[{\"id\":\"" + lb + "/backendAddressPools/pool1\"}]}"));
        for (String body : List.of(staticIn(s1, "10.33.0.9"), nicBody("{\"subnet\":{\"id\":\"" + s1 + "\"},"
                + "\"loadBalancerBackendAddressPools\":[{\"id\":\"" + lb + "/backendAddressPools/nope\"}]}"),
                "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":[]}}")) {
            Reply r = arm().put(nic("upd1") + V, body);
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            Reply after = arm().get(nic("upd1") + V);
            assertThat(after.json().path("etag").asText()).isEqualTo(before.json().path("etag").asText());
            assertThat(after.json().path("properties")).isEqualTo(before.json().path("properties"));
            assertThat(refsTo(lb + "/backendAddressPools/pool1", RefKinds.BACKEND_POOL)).hasSize(1);
        }
        assertThat(arm().get(s1 + V).json().path("properties").path("ipConfigurations").size()).isEqualTo(1);
    }

    @Test
    void macAddressesAreUniquePerNic() {
        vnet("macs", "10.34.0.0/16", "s1=10.34.0.0/24");
        Map<String, Boolean> seen = new java.util.HashMap<>();
        for (int i = 0; i < 5; i++) {
            String mac = created("mac" + i, dynamicIn(subnet("macs", "s1"))).json().path("properties")
                    .path("macAddress").asText();
            assertThat(mac).matches("02(-[0-9A-F]{2}){5}");
            assertThat(seen.put(mac, true)).as(mac).isNull();
        }
    }
}
