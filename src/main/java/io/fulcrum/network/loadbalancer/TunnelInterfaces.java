package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import java.util.List;

/** A Gateway load balancer pool's {@code tunnelInterfaces}: the VXLAN tunnels its appliances listen on. */
final class TunnelInterfaces {

    private TunnelInterfaces() {
    }

    static ArrayNode parse(JsonNode list, String path) {
        if (!list.isArray()) {
            throw Bodies.wrongType(path, "a JSON array", list);
        }
        ArrayNode out = Json.array();
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            String at = path + "[" + i + "]";
            if (!t.isObject()) {
                throw Bodies.wrongType(at, "a JSON object", t);
            }
            ObjectNode o = out.addObject();
            putIfGiven(o, "port", Fields.optional(t, "port", at + ".port", 1, 65535, null));
            putIfGiven(o, "identifier", Fields.optional(t, "identifier", at + ".identifier", 0, 16_777_215, null));
            o.put("protocol", Fields.choice(t, "protocol", at + ".protocol", List.of("None", "Native", "VXLAN"),
                    "None"));
            o.put("type", Fields.choice(t, "type", at + ".type", List.of("None", "Internal", "External"), "None"));
        }
        return out;
    }

    private static void putIfGiven(ObjectNode o, String name, Integer value) {
        if (value != null) {
            o.put(name, value);
        }
    }
}
