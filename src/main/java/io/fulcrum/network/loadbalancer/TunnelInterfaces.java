package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.network.NetworkFields;
import java.util.List;

/** A Gateway load balancer pool's {@code tunnelInterfaces}: the VXLAN tunnels its appliances listen on. */
final class TunnelInterfaces {

    private static final NetworkFields FIELDS = NetworkFields.REQUEST_INVALID;

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
            FIELDS.integer(t, "port", at + ".port", 1, 65535).ifPresent(p -> o.put("port", p));
            FIELDS.integer(t, "identifier", at + ".identifier", 0, 16_777_215).ifPresent(n -> o.put("identifier", n));
            o.put("protocol", FIELDS.choice(t, "protocol", at + ".protocol", List.of("None", "Native", "VXLAN"))
                    .orElse("None"));
            o.put("type", FIELDS.choice(t, "type", at + ".type", List.of("None", "Internal", "External"))
                    .orElse("None"));
        }
        return out;
    }
}
