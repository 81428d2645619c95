package io.fulcrum.arm.error;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.json.Json;

/**
 * The one rendering of an ARM error, {@code {"code","message","target","details"}}. The API layer wraps it in
 * {@code {"error":...}}; deployments store it, since a failed deployment reports its error long after the request
 * that caused it.
 */
public final class ErrorBodies {

    private ErrorBodies() {
    }

    public static ObjectNode of(ArmException e) {
        ObjectNode err = Json.object();
        err.put("code", e.code().code());
        err.put("message", e.getMessage());
        if (e.target() != null) {
            err.put("target", e.target());
        }
        ArrayNode details = err.putArray("details");
        for (ArmException d : e.details()) {
            details.add(of(d));
        }
        return err;
    }
}
