package io.fulcrum.network.nic;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.resource.Bodies;
import java.util.List;

/**
 * Plain request members of NICs and their ip configurations: booleans, and Azure's closed string enums, which
 * match without regard to case (the Go SDK sends "dynamic") and are stored in Azure's spelling.
 */
final class Fields {

    private Fields() {
    }

    /** A boolean member, or null when absent. */
    static Boolean bool(JsonNode parent, String name, String path) {
        JsonNode v = Bodies.field(parent, name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw Bodies.wrongType(path, "a boolean", v);
        }
        return v.asBoolean();
    }

    /** One of {@code allowed}, in its spelling there, or null when absent. */
    static String choice(JsonNode parent, String name, String path, List<String> allowed) {
        String v = Bodies.string(parent, name, path);
        if (v == null) {
            return null;
        }
        return allowed.stream().filter(a -> a.equalsIgnoreCase(v)).findFirst().orElseThrow(() -> new ArmException(
                ErrorCode.INVALID_REQUEST_FORMAT, "The value '" + v + "' of '" + path + "' is not one of "
                + allowed + ".", path));
    }
}
