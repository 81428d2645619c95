package io.fulcrum.arm.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.fulcrum.arm.auth.Caller;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One ARM request as handlers see it: method, matched path parameters, query (keys compared without case), headers,
 * the body bytes (already size-checked) and the authenticated caller.
 */
public final class Request {

    private final Method method;
    private final String path;
    private final String baseUrl;
    private final Map<String, String> params;
    private final Map<String, List<String>> query;
    private final Map<String, String> headers;
    private final byte[] body;
    private final Caller caller;
    private final String requestId;

    public Request(Method method, String path, String baseUrl, Map<String, String> params,
                   Map<String, List<String>> query, Map<String, String> headers, byte[] body, Caller caller,
                   String requestId) {
        this.method = method;
        this.path = path;
        this.baseUrl = baseUrl;
        this.params = params;
        TreeMap<String, List<String>> q = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        q.putAll(query);
        this.query = q;
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        this.headers = h;
        this.body = body;
        this.caller = caller;
        this.requestId = requestId;
    }

    public Method method() {
        return method;
    }

    /** The decoded request path, as sent. */
    public String path() {
        return path;
    }

    /** "https://host:port" as the client addressed us; URLs we hand back (nextLink, LRO) start with it. */
    public String baseUrl() {
        return baseUrl;
    }

    public String param(String name) {
        return params.get(name);
    }

    public Optional<String> query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    public Map<String, List<String>> queryMap() {
        return query;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public String apiVersion() {
        return query("api-version").orElse(null);
    }

    public Caller caller() {
        return caller;
    }

    public String requestId() {
        return requestId;
    }

    /** The raw body, for the sign-in endpoints' form posts. */
    public byte[] rawBody() {
        return body.clone();
    }

    public boolean hasBody() {
        return body.length > 0 && !new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank();
    }

    /** The body as a JSON tree; it must be a JSON object. */
    public JsonNode json() {
        return parse(Json.MAPPER);
    }

    /** The body as a JSON object read with {@link Json#LENIENT}: for deployment bodies only (az sends JSONC). */
    public JsonNode lenientJson() {
        return parse(Json.LENIENT);
    }

    private JsonNode parse(ObjectMapper mapper) {
        if (!hasBody()) {
            throw new ArmException(ErrorCode.INVALID_REQUEST_CONTENT,
                    "The request content was invalid and could not be deserialized: the request body is empty;"
                            + " a JSON object is required.");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (MismatchedInputException e) {
            // Building a tree matches no types, so this is FAIL_ON_TRAILING_TOKENS: a second value follows the first.
            var loc = e.getLocation();
            throw new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, "The request content was invalid and could not"
                    + " be deserialized: more content follows the JSON object, at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr() + ".");
        } catch (IOException e) {
            throw contentError(e);
        }
        if (!node.isObject()) {
            throw new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, "The request content was invalid and could not"
                    + " be deserialized: the body must be a JSON object, not " + node.getNodeType().name()
                    .toLowerCase(java.util.Locale.ROOT) + ".");
        }
        return node;
    }

    /** The body bound to a request shape; property names match without regard to case. */
    public <T> T body(Class<T> shape) {
        JsonNode tree = json();
        try {
            return Json.MAPPER.treeToValue(tree, shape);
        } catch (IOException e) {
            throw contentError(e);
        }
    }

    /** Turns a Jackson failure into ARM's InvalidRequestContent, naming the JSON path and the problem. */
    public static ArmException contentError(IOException e) {
        String prefix = "The request content was invalid and could not be deserialized: ";
        if (e instanceof StreamConstraintsException c) {
            // Nesting is one of several limits (number length, name length, ...). Jackson's message names the one
            // exceeded, with its value and the maximum; only the Jackson setting it cites means nothing to a client.
            return new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, prefix
                    + c.getOriginalMessage().replaceAll(", from `[^`]*`", "") + ".");
        }
        if (e instanceof JsonParseException p) {
            var loc = p.getLocation();
            return new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, prefix + "malformed JSON at line "
                    + loc.getLineNr() + ", column " + loc.getColumnNr() + ": " + p.getOriginalMessage() + ".");
        }
        if (e instanceof MismatchedInputException m) {
            String path = jsonPath(m.getPath());
            String expected = m.getTargetType() == null ? "another type" : describe(m.getTargetType());
            return new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, prefix + "the value at '" + path
                    + "' has the wrong type; expected " + expected + ".", path);
        }
        if (e instanceof JsonMappingException m) {
            String path = jsonPath(m.getPath());
            Throwable cause = m.getCause() instanceof ArmException arm ? arm : null;
            if (cause != null) {
                return (ArmException) cause;
            }
            return new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, prefix + "the value at '" + path
                    + "' is invalid: " + m.getOriginalMessage(), path);
        }
        String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, prefix + msg);
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a JSON object";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        return "a JSON object";
    }

    private static String jsonPath(List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? "(root)" : b.toString();
    }
}
