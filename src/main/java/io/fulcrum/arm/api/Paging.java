package io.fulcrum.arm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * List paging. A page ends after {@code $top} (or {@value #DEFAULT_PAGE_SIZE}) rows; the {@code nextLink} repeats
 * the request's own query with a {@code $skiptoken} naming the last row's key, so pages stay stable while resources
 * are added or removed between calls.
 */
public final class Paging {

    public static final int DEFAULT_PAGE_SIZE = 1000;

    private Paging() {
    }

    public static int pageSize(Request r) {
        Optional<String> top = r.query("$top");
        if (top.isEmpty()) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int n = Integer.parseInt(top.get().strip());
            if (n < 1 || n > DEFAULT_PAGE_SIZE) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ArmException(ErrorCode.INVALID_QUERY_PARAMETER, "The value '" + top.get()
                    + "' of query parameter '$top' is invalid: expected an integer from 1 to " + DEFAULT_PAGE_SIZE
                    + ".", "$top");
        }
    }

    /** The key to continue after, or null for the first page. */
    public static String after(Request r) {
        Optional<String> token = r.query("$skiptoken");
        if (token.isEmpty()) {
            return null;
        }
        try {
            String key = new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8);
            if (!key.startsWith("/")) {
                throw new IllegalArgumentException();
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new ArmException(ErrorCode.INVALID_SKIP_TOKEN, "The $skiptoken '" + token.get()
                    + "' is invalid; use the nextLink of the previous page as given.", "$skiptoken");
        }
    }

    /** {@code {"value":[...], "nextLink": ...}}; the link is present only when {@code lastKey} is not null. */
    public static ObjectNode page(List<? extends JsonNode> items, String lastKey, Request r) {
        ObjectNode o = Json.object();
        ArrayNode value = o.putArray("value");
        items.forEach(value::add);
        if (lastKey != null) {
            o.put("nextLink", nextLink(r, lastKey));
        }
        return o;
    }

    private static String nextLink(Request r, String lastKey) {
        StringBuilder b = new StringBuilder(r.baseUrl()).append(encodePath(r.path())).append('?');
        boolean first = true;
        for (Map.Entry<String, List<String>> e : r.queryMap().entrySet()) {
            if (e.getKey().equalsIgnoreCase("$skiptoken")) {
                continue;
            }
            for (String v : e.getValue()) {
                b.append(first ? "" : "&").append(enc(e.getKey())).append('=').append(enc(v));
                first = false;
            }
        }
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
        return b.append(first ? "" : "&").append("%24skiptoken=").append(token).toString();
    }

    private static String encodePath(String path) {
        return String.join("/", Arrays.stream(path.split("/", -1)).map(s -> enc(s).replace("+", "%20")).toList());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
