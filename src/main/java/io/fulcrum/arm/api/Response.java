package io.fulcrum.arm.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: a status, extra headers and an optional JSON body. */
public final class Response {

    private final int status;
    private final JsonNode body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Response(int status, JsonNode body) {
        this.status = status;
        this.body = body;
    }

    public static Response ok(JsonNode body) {
        return new Response(200, body);
    }

    public static Response created(JsonNode body) {
        return new Response(201, body);
    }

    public static Response status(int status, JsonNode body) {
        return new Response(status, body);
    }

    public static Response noContent() {
        return new Response(204, null);
    }

    public Response header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public JsonNode body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
