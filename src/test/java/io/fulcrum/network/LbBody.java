package io.fulcrum.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds whole-load-balancer PUT bodies for tests; children name each other by their ids under {@link #id}. */
final class LbBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String id;
    final ObjectNode body = JSON.createObjectNode();

    LbBody(String id, String sku) {
        this.id = id;
        body.put("location", "eastus");
        if (sku != null) {
            body.putObject("sku").put("name", sku);
        }
        body.putObject("properties");
    }

    private LbBody(String id, ObjectNode body) {
        this.id = id;
        this.body.setAll(body.deepCopy());
    }

    LbBody copy() {
        return new LbBody(id, body);
    }

    String child(String collection, String name) {
        return id + "/" + collection + "/" + name;
    }

    static ObjectNode ref(String id) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        return o;
    }

    ArrayNode collection(String name) {
        ObjectNode props = (ObjectNode) body.get("properties");
        return props.has(name) ? (ArrayNode) props.get(name) : props.putArray(name);
    }

    /** The {@code properties} of the named item of a collection. */
    ObjectNode item(String collection, String name) {
        return (ObjectNode) entry(collection, name).get("properties");
    }

    /** The named item of a collection itself (for members beside its properties, such as zones). */
    ObjectNode entry(String collection, String name) {
        for (JsonNode n : collection(collection)) {
            if (n.path("name").asText().equals(name)) {
                return (ObjectNode) n;
            }
        }
        throw new IllegalArgumentException(collection + "/" + name);
    }

    private ObjectNode add(String collection, String name) {
        ObjectNode item = collection(collection).addObject();
        item.put("name", name);
        return item.putObject("properties");
    }

    LbBody frontend(String name, String subnetId) {
        add("frontendIPConfigurations", name).set("subnet", ref(subnetId));
        return this;
    }

    LbBody publicFrontend(String name, String publicIpId) {
        add("frontendIPConfigurations", name).set("publicIPAddress", ref(publicIpId));
        return this;
    }

    LbBody pool(String name) {
        add("backendAddressPools", name);
        return this;
    }

    LbBody probe(String name, String protocol, int port, String requestPath) {
        ObjectNode p = add("probes", name);
        p.put("protocol", protocol).put("port", port);
        if (requestPath != null) {
            p.put("requestPath", requestPath);
        }
        return this;
    }

    LbBody rule(String name, String frontend, String pool, String probe, String protocol, int frontendPort,
                int backendPort) {
        ObjectNode p = add("loadBalancingRules", name);
        p.set("frontendIPConfiguration", ref(child("frontendIPConfigurations", frontend)));
        if (pool != null) {
            p.set("backendAddressPool", ref(child("backendAddressPools", pool)));
        }
        if (probe != null) {
            p.set("probe", ref(child("probes", probe)));
        }
        p.put("protocol", protocol).put("frontendPort", frontendPort).put("backendPort", backendPort);
        return this;
    }

    LbBody natRule(String name, String frontend, String protocol, int frontendPort, int backendPort) {
        ObjectNode p = add("inboundNatRules", name);
        p.set("frontendIPConfiguration", ref(child("frontendIPConfigurations", frontend)));
        p.put("protocol", protocol).put("frontendPort", frontendPort).put("backendPort", backendPort);
        return this;
    }

    LbBody natRuleOnPool(String name, String frontend, String pool, int start, int end, int backendPort) {
        ObjectNode p = add("inboundNatRules", name);
        p.set("frontendIPConfiguration", ref(child("frontendIPConfigurations", frontend)));
        p.set("backendAddressPool", ref(child("backendAddressPools", pool)));
        p.put("protocol", "Tcp").put("frontendPortRangeStart", start).put("frontendPortRangeEnd", end)
                .put("backendPort", backendPort);
        return this;
    }

    LbBody outbound(String name, String pool, String protocol, String... frontends) {
        ObjectNode p = add("outboundRules", name);
        p.set("backendAddressPool", ref(child("backendAddressPools", pool)));
        ArrayNode list = p.putArray("frontendIPConfigurations");
        for (String f : frontends) {
            list.add(ref(child("frontendIPConfigurations", f)));
        }
        p.put("protocol", protocol);
        return this;
    }

    String json() {
        return body.toString();
    }
}
