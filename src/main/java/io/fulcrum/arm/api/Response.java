package io.fulcrum.arm.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers: a status, extra headers and an optional JSON body, or (for the one endpoint that is not
 * ARM's, {@code /metrics}) a body of another media type.
 */
public final class Response {

    private final int status;
    private final JsonNode body;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final String otherType;
    private final byte[] otherBody;

    private Response(int status, JsonNode body) {
        this(status, body, null, null);
    }

    private Response(int status, JsonNode body, String otherType, byte[] otherBody) {
        this.status = status;
        this.body = body;
        this.otherType = otherType;
        this.otherBody = otherBody;
    }

    /** A 200 whose body is not JSON, such as Prometheus' text exposition format. */
    public static Response other(String contentType, byte[] body) {
        return new Response(200, null, contentType, body.clone());
    }

    /** The media type of a non-JSON body, or null when the body (if any) is JSON. */
    public String otherType() {
        return otherType;
    }

    public byte[] otherBody() {
        return otherBody == null ? null : otherBody.clone();
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
