package io.fulcrum.arm.lro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.api.Method;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.api.Response;
import io.fulcrum.arm.api.Route;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.json.Json;
import io.fulcrum.store.OperationTable.Operation;
import io.fulcrum.store.Store;
import io.fulcrum.store.Tx;
import java.util.Set;
import java.util.UUID;

/**
 * Long-running operations (clients.md 5.1). Fulcrum applies a write inside one transaction before it answers, so
 * the operation it reports is already finished; it is still recorded, in the same transaction, so that the
 * {@code Azure-AsyncOperation} status URL and the {@code Location} result URL answer truthfully and survive a
 * restart. {@code Retry-After: 1} is always sent: without it every client waits 30 s per poll.
 */
public final class Operations {

    private static final String STATUS = "/subscriptions/{subscriptionId}/providers/{namespace}/locations/{location}"
            + "/operations/{operationId}";
    private static final String RESULT = "/subscriptions/{subscriptionId}/providers/{namespace}/locations/{location}"
            + "/operationResults/{operationId}";

    private final Store store;

    public Operations(Store store) {
        this.store = store;
    }

    public void register(Router router) {
        // The URLs are ours and clients replay them verbatim, so any api-version is accepted here.
        router.add(new Route(STATUS, Set.of(Method.GET), null, false, this::status));
        router.add(new Route(RESULT, Set.of(Method.GET), null, false, this::result));
    }

    /**
     * Records a finished operation in the caller's transaction and answers 202 with both LRO headers, the shape
     * every client handles for DELETE and POST actions.
     *
     * @param resultStatus what the Location URL answers (200 with {@code resultBody}, or 204)
     */
    public static Response accepted(Tx tx, Request request, String subscriptionId, String namespace, String location,
                                    int resultStatus, JsonNode resultBody) {
        String id = UUID.randomUUID().toString();
        tx.operations().put(new Operation(id, subscriptionId, "Succeeded", null, resultStatus,
                resultBody == null ? null : Json.write(resultBody)));
        String prefix = request.baseUrl() + "/subscriptions/" + subscriptionId + "/providers/" + namespace
                + "/locations/" + location;
        String version = "?api-version=" + request.apiVersion();
        return Response.status(202, null)
                .header("Azure-AsyncOperation", prefix + "/operations/" + id + version)
                .header("Location", prefix + "/operationResults/" + id + version)
                .header("Retry-After", "1");
    }

    private Operation find(Request r) {
        String id = r.param("operationId");
        return store.read(tx -> tx.operations().get(id))
                .filter(o -> o.subscriptionId().equalsIgnoreCase(r.param("subscriptionId")))
                .orElseThrow(() -> new ArmException(ErrorCode.OPERATION_NOT_FOUND,
                        "The operation '" + id + "' could not be found."));
    }

    private Response status(Request r) {
        Operation op = find(r);
        ObjectNode o = Json.object();
        o.put("id", r.path());
        o.put("name", op.id());
        o.put("status", op.status());
        if (op.errorJson() != null) {
            o.set("error", Json.read(op.errorJson()));
        }
        Response response = Response.ok(o);
        return op.status().equals("InProgress") ? response.header("Retry-After", "1") : response;
    }

    private Response result(Request r) {
        Operation op = find(r);
        if (op.status().equals("InProgress")) {
            return Response.status(202, null).header("Location", r.baseUrl() + r.path() + "?api-version="
                    + r.apiVersion()).header("Retry-After", "1");
        }
        if (op.errorJson() != null) {
            ObjectNode o = Json.object();
            o.set("error", Json.read(op.errorJson()));
            return Response.status(op.resultStatus(), o);
        }
        if (op.resultStatus() == 204 || op.resultBody() == null) {
            return Response.status(op.resultStatus(), null);
        }
        return Response.status(op.resultStatus(), Json.read(op.resultBody()));
    }
}
