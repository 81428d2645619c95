package io.fulcrum.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.json.Json;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.FulcrumExtension;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every member of valid Microsoft.Network bodies, one at a time, replaced by a hostile value (null, the wrong type, a
 * number past any range, a 5,000-character string, a NUL, a broken CIDR, a reference with a numeric id ...) or
 * removed, written as an update of an existing resource and as the creation of a new one. Whatever the server
 * decides, it must never answer 5xx, a refusal must be ARM's error shape, and a refused update must leave the
 * resource as it was (same etag). BadInputTest names the expected code for chosen cases; this covers the rest.
 */
class HostileBodiesTest {

    private static final String V = "?api-version=2024-07-01";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static String net;

    /** The resource path under the group's Microsoft.Network, and a body that the server accepts. */
    record Target(String path, String body) {
        @Override
        public String toString() {
            return path;
        }
    }

    @BeforeAll
    static void resources() {
        String group = "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/hostile";
        net = group + "/providers/Microsoft.Network";
        ok(fulcrum.arm().put(group + "?api-version=2021-04-01", "{\"location\": \"eastus\"}"));
        targets().forEach(t -> ok(fulcrum.arm().put(net + "/" + t.path() + V, t.body())));
    }

    static Stream<Target> targets() {
        String n = "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/hostile/providers/Microsoft.Network";
        String lb = n + "/loadBalancers/lb";
        String vnet = n + "/virtualNetworks/vnet";
        return Stream.of(
                new Target("virtualNetworks/vnet", """
                        {"location": "eastus", "tags": {"a": "b"}, "properties": {
                          "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
                          "subnets": [{"name": "s1", "properties": {"addressPrefix": "10.0.1.0/24"}},
                            {"name": "s2", "properties": {"addressPrefix": "10.0.2.0/24"}}]}}"""),
                new Target("publicIPAddresses/pip", """
                        {"location": "eastus", "sku": {"name": "Standard"}, "properties": {
                          "publicIPAllocationMethod": "Static", "idleTimeoutInMinutes": 4,
                          "dnsSettings": {"domainNameLabel": "hostile-pip"}}}"""),
                new Target("networkSecurityGroups/nsg", """
                        {"location": "eastus", "properties": {"securityRules": [{"name": "r1", "properties": {
                          "protocol": "Tcp", "sourcePortRange": "*", "destinationPortRanges": ["80", "443-444"],
                          "sourceAddressPrefix": "*", "destinationAddressPrefixes": ["10.0.0.0/24"],
                          "access": "Allow", "priority": 100, "direction": "Inbound"}}]}}"""),
                new Target("applicationSecurityGroups/asg", "{\"location\": \"eastus\", \"properties\": {}}"),
                new Target("virtualNetworks/vnet/subnets/s2", """
                        {"properties": {"addressPrefix": "10.0.2.0/24",
                          "networkSecurityGroup": {"id": "%s/networkSecurityGroups/nsg"}}}""".formatted(n)),
                // A restore after an accepted update rewrites the whole body, so the load balancer lists every child
                // the later targets write on their own.
                new Target("loadBalancers/lb", """
                        {"location": "eastus", "sku": {"name": "Standard"}, "properties": {
                          "frontendIPConfigurations": [{"name": "fe", "properties": {
                            "publicIPAddress": {"id": "%1$s/publicIPAddresses/pip"}}}],
                          "backendAddressPools": [{"name": "pool"}, {"name": "ips", "properties": {
                            "loadBalancerBackendAddresses": [{"name": "a1", "properties": {"ipAddress": "10.0.1.4",
                              "virtualNetwork": {"id": "%2$s"}, "adminState": "None"}}]}},
                            {"name": "pool2", "properties": {"drainPeriodInSeconds": 10,
                              "loadBalancerBackendAddresses": [{"name": "b", "properties": {"ipAddress": "10.0.1.9",
                                "virtualNetwork": {"id": "%2$s"}}}]}}],
                          "probes": [{"name": "p", "properties": {"protocol": "Http", "port": 80, "requestPath": "/",
                            "intervalInSeconds": 15, "numberOfProbes": 2, "probeThreshold": 1}}],
                          "loadBalancingRules": [{"name": "r", "properties": {"protocol": "Tcp", "frontendPort": 80,
                            "backendPort": 80, "idleTimeoutInMinutes": 4, "enableFloatingIP": false,
                            "disableOutboundSnat": true, "loadDistribution": "SourceIP",
                            "frontendIPConfiguration": {"id": "%3$s/frontendIPConfigurations/fe"},
                            "backendAddressPool": {"id": "%3$s/backendAddressPools/pool"},
                            "probe": {"id": "%3$s/probes/p"}}}],
                          "inboundNatRules": [{"name": "nat", "properties": {"protocol": "Tcp",
                            "frontendPortRangeStart": 5000, "frontendPortRangeEnd": 5100, "backendPort": 22,
                            "frontendIPConfiguration": {"id": "%3$s/frontendIPConfigurations/fe"},
                            "backendAddressPool": {"id": "%3$s/backendAddressPools/pool"}}},
                            {"name": "nat2", "properties": {"protocol": "Udp", "frontendPort": 3389,
                              "backendPort": 3389,
                              "frontendIPConfiguration": {"id": "%3$s/frontendIPConfigurations/fe"}}}],
                          "outboundRules": [{"name": "out", "properties": {"protocol": "All",
                            "allocatedOutboundPorts": 1024,
                            "frontendIPConfigurations": [{"id": "%3$s/frontendIPConfigurations/fe"}],
                            "backendAddressPool": {"id": "%3$s/backendAddressPools/pool"}}}]}}"""
                        .formatted(n, vnet, lb)),
                new Target("loadBalancers/lb/backendAddressPools/pool2", """
                        {"properties": {"drainPeriodInSeconds": 10, "loadBalancerBackendAddresses": [{"name": "b",
                          "properties": {"ipAddress": "10.0.1.9", "virtualNetwork": {"id": "%s"}}}]}}"""
                        .formatted(vnet)),
                new Target("loadBalancers/lb/inboundNatRules/nat2", """
                        {"properties": {"protocol": "Udp", "frontendPort": 3389, "backendPort": 3389,
                          "frontendIPConfiguration": {"id": "%s/frontendIPConfigurations/fe"}}}""".formatted(lb)),
                new Target("networkInterfaces/nic", """
                        {"location": "eastus", "properties": {
                          "networkSecurityGroup": {"id": "%1$s/networkSecurityGroups/nsg"},
                          "ipConfigurations": [{"name": "c1", "properties": {"privateIPAllocationMethod": "Dynamic",
                            "subnet": {"id": "%2$s/subnets/s1"},
                            "loadBalancerBackendAddressPools": [{"id": "%3$s/backendAddressPools/pool"}],
                            "applicationSecurityGroups": [{"id": "%1$s/applicationSecurityGroups/asg"}]}}]}}"""
                        .formatted(n, vnet, lb)));
    }

    /** What replaces one member at a time; null in this list stands for removing the member. */
    private static List<JsonNode> hostileValues() {
        List<JsonNode> values = new ArrayList<>();
        values.add(null);
        values.add(NODES.nullNode());
        values.add(NODES.numberNode(-1));
        values.add(NODES.numberNode(new BigInteger("9223372036854775808")));
        values.add(NODES.numberNode(1.5));
        values.add(NODES.booleanNode(true));
        values.add(NODES.textNode(""));
        values.add(NODES.textNode("x".repeat(5000)));
        values.add(NODES.textNode("a\u0000b"));
        values.add(NODES.textNode("10.0.0.0/33"));
        values.add(NODES.arrayNode());
        values.add(NODES.arrayNode().addNull());
        values.add(NODES.objectNode());
        values.add(NODES.objectNode().put("id", 5));
        return values;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void noMemberReplacedOrRemovedMakesTheServerFailOrChangeWhatItRefused(Target target) {
        ObjectNode valid = (ObjectNode) Json.read(target.body());
        String existing = net + "/" + target.path();
        String fresh = existing + "x";
        List<String> failures = new ArrayList<>();
        String etag = etag(existing);
        for (List<Object> path : memberPaths(valid, new ArrayList<>())) {
            for (JsonNode value : hostileValues()) {
                ObjectNode body = valid.deepCopy();
                replace(body, path, value);
                String what = path + " = " + (value == null ? "(removed)" : abbreviated(value));

                Reply update = fulcrum.arm().put(existing + V, body.toString());
                check(update, "update " + what, failures::add);
                if (update.status() >= 400) {
                    if (!etag(existing).equals(etag)) {
                        failures.add("update " + what + ": refused with " + update.status() + " but changed the"
                                + " resource");
                    }
                } else {
                    ok(fulcrum.arm().put(existing + V, target.body()));
                    etag = etag(existing);
                }

                Reply create = fulcrum.arm().put(fresh + V, body.toString());
                check(create, "create " + what, failures::add);
                if (create.status() >= 400) {
                    if (fulcrum.arm().get(fresh + V).status() != 404) {
                        failures.add("create " + what + ": refused with " + create.status() + " but created it");
                    }
                } else {
                    ok(fulcrum.arm().delete(fresh + V));
                }
            }
        }
        assertThat(failures).as(target.path()).isEmpty();
    }

    private static void check(Reply r, String what, Consumer<String> failures) {
        if (r.status() >= 500) {
            failures.accept(what + ": " + r.status() + " " + r.text());
        } else if (r.status() >= 400 && (r.errorCode() == null || r.errorCode().isEmpty()
                || r.json().path("error").path("message").asText().isEmpty())) {
            failures.accept(what + ": " + r.status() + " without ARM's error shape: " + r.text());
        }
    }

    private static String etag(String id) {
        Reply r = fulcrum.arm().get(id + V);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().path("etag").asText();
    }

    /** The path (member names and array indexes) of every member below the root. */
    private static List<List<Object>> memberPaths(JsonNode node, List<Object> at) {
        List<List<Object>> out = new ArrayList<>();
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                List<Object> next = new ArrayList<>(at);
                next.add(name);
                out.add(next);
                out.addAll(memberPaths(node.get(name), next));
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> next = new ArrayList<>(at);
                next.add(i);
                out.add(next);
                out.addAll(memberPaths(node.get(i), next));
            }
        }
        return out;
    }

    /** Sets (or, for a null value, removes) the member at {@code path}. */
    private static void replace(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = root;
        for (Object step : path.subList(0, path.size() - 1)) {
            parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
        }
        Object last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            if (value == null) {
                object.remove((String) last);
            } else {
                object.set((String) last, value);
            }
        } else {
            ArrayNode array = (ArrayNode) parent;
            if (value == null) {
                array.remove((Integer) last);
            } else {
                array.set((Integer) last, value);
            }
        }
    }

    private static String abbreviated(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private static void ok(Reply r) {
        assertThat(r.status()).as(r.text()).isIn(200, 201, 202, 204);
    }
}
