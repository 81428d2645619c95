package io.fulcrum.arm.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.auth.Access;
import io.fulcrum.arm.auth.Caller;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorBodies;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.json.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The request pipeline every ARM call goes through, in ARM's order: route, authenticate, api-version, subscription
 * access, body limits, handler; then one place renders errors and the headers every answer carries.
 */
final class Dispatcher {

    /** ARM refuses request bodies over 4 MB with RequestContentTooLarge. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Router router;
    private final Access access;
    private final RateCounters rates;

    Dispatcher(Router router, Access access, Clock clock) {
        this.router = router;
        this.access = access;
        this.rates = new RateCounters(clock);
    }

    void handle(Context ctx) {
        String requestId = UUID.randomUUID().toString();
        MDC.put("requestId", requestId);
        ctx.attribute("requestId", requestId);
        ctx.header("x-ms-request-id", requestId);
        ctx.header("x-ms-correlation-request-id",
                Optional.ofNullable(ctx.header("x-ms-correlation-request-id")).orElse(requestId));
        String clientRequestId = ctx.header("x-ms-client-request-id");
        if (clientRequestId != null) {
            ctx.header("x-ms-client-request-id", clientRequestId);
        }
        ctx.header("Cache-Control", "no-cache");
        Response response;
        try {
            response = dispatch(ctx, requestId);
        } catch (ArmException e) {
            response = error(e);
            if (e.code().status() == 401) {
                // Every 401 tells the client how to get a token, wherever in the pipeline it was decided.
                response.header("WWW-Authenticate", "Bearer authorization_uri=\"" + baseUrl(ctx) + "/adfs\","
                        + " error=\"invalid_token\", error_description=\"" + e.getMessage().replace("\"", "'")
                        + "\"");
            }
        } catch (RuntimeException e) {
            log.error("request failed with a server fault requestId={} method={} path={}", requestId,
                    ctx.method(), ctx.path(), e);
            response = error(new ArmException(ErrorCode.INTERNAL_SERVER_ERROR,
                    "The server encountered an internal error. Quote request id '" + requestId
                            + "' when reporting it; the server log carries the same id."));
        }
        write(ctx, response);
    }

    private Response dispatch(Context ctx, String requestId) {
        Method method;
        try {
            method = Method.valueOf(ctx.method().name());
        } catch (IllegalArgumentException e) {
            ctx.header("Allow", "GET, HEAD, PUT, PATCH, POST, DELETE");
            throw new ArmException(ErrorCode.METHOD_NOT_ALLOWED,
                    "The HTTP method '" + ctx.method().name() + "' is not supported.");
        }
        String path = decodePath(ctx.req().getRequestURI());
        checkQueryEscapes(ctx.queryString());
        EnumSet<Method> allowed = EnumSet.noneOf(Method.class);
        Optional<Router.Match> match = router.match(method, path, allowed);
        if (match.isEmpty() && !allowed.isEmpty()) {
            // Answered before authentication: the sign-in endpoints take no token, and a wrong method on them
            // must not read as a failed sign-in.
            ctx.header("Allow", allowed.stream().map(Enum::name).collect(Collectors.joining(", ")));
            throw new ArmException(ErrorCode.METHOD_NOT_ALLOWED, "The requested resource '" + path
                    + "' does not support http method '" + method + "'. Supported: " + allowed + ".");
        }
        boolean anonymous = match.map(m -> m.route().anonymous()).orElse(false);
        Caller caller = anonymous ? null : access.authenticate(ctx.header("Authorization"));
        if (match.isEmpty()) {
            String[] segments = Router.split(path);
            if (caller != null && segments.length >= 2 && segments[0].equalsIgnoreCase("subscriptions")) {
                access.authorize(caller, segments[1], action(method, path), scopeOf(path));
            }
            throw router.explainUnmatched(path, ctx.queryParam("api-version"));
        }
        Route route = match.get().route();
        Map<String, List<String>> query = ctx.queryParamMap();
        checkApiVersion(route, query, path);
        String subscriptionId = match.get().params().get("subscriptionId");
        if (subscriptionId == null && caller != null) {
            access.requirePrincipal(caller);
        }
        if (subscriptionId != null && caller != null) {
            access.authorize(caller, subscriptionId, action(method, path), scopeOf(path));
            int remaining = rates.take(subscriptionId, method.isWrite());
            ctx.header(method.isWrite() ? "x-ms-ratelimit-remaining-subscription-writes"
                    : "x-ms-ratelimit-remaining-subscription-reads", Integer.toString(remaining));
        }
        byte[] body = readBody(ctx, route.anonymous());
        Request request = new Request(method, path, baseUrl(ctx), match.get().params(), query, headers(ctx),
                body, caller, requestId);
        return route.handler().handle(request);
    }

    /**
     * The query decoder silently drops a parameter with a broken escape, so "api-version=2022-12-0%zz" would read
     * as a missing api-version; a broken escape is refused as what it is instead.
     */
    static void checkQueryEscapes(String rawQuery) {
        if (rawQuery == null) {
            return;
        }
        for (int i = rawQuery.indexOf('%'); i >= 0; i = rawQuery.indexOf('%', i + 1)) {
            if (i + 2 >= rawQuery.length() || Character.digit(rawQuery.charAt(i + 1), 16) < 0
                    || Character.digit(rawQuery.charAt(i + 2), 16) < 0) {
                String bad = rawQuery.substring(i, Math.min(rawQuery.length(), i + 3));
                throw new ArmException(ErrorCode.BAD_REQUEST, "The query string is not valid: '" + bad
                        + "' at position " + i + " is not a percent-encoded byte (%XX).");
            }
        }
    }

    private static void checkApiVersion(Route route, Map<String, List<String>> query, String path) {
        List<String> given = Collections.emptyList();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (e.getKey().equalsIgnoreCase("api-version")) {
                given = e.getValue();
            }
        }
        if (route.versions() == null && !route.anonymous()) {
            return;
        }
        if (given.isEmpty() || given.get(0).isBlank()) {
            if (route.anonymous()) {
                return;
            }
            throw new ArmException(ErrorCode.MISSING_API_VERSION,
                    "The api-version query parameter (?api-version=) is required for all requests.");
        }
        if (route.versions() != null && !route.versions().accepts(given.get(0))) {
            throw route.versions().refuse(given.get(0), route.providerType());
        }
    }

    /** @param formAllowed true for the sign-in endpoints: only they take form posts, every ARM handler reads JSON */
    private static byte[] readBody(Context ctx, boolean formAllowed) {
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > MAX_BODY_BYTES) {
                drain(in);
                throw tooLarge(declared);
            }
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                drain(in);
                throw tooLarge(-1);
            }
            if (body.length > 0) {
                String type = ctx.contentType();
                if (type != null && !type.toLowerCase(Locale.ROOT).contains("json")
                        && !(formAllowed && type.toLowerCase(Locale.ROOT)
                                .startsWith("application/x-www-form-urlencoded"))) {
                    throw new ArmException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The content media type '" + type
                            + "' is not supported. Only 'application/json' is supported.");
                }
            }
            return body;
        } catch (IOException e) {
            throw new ArmException(ErrorCode.INVALID_REQUEST_CONTENT,
                    "The request content could not be read: " + e.getMessage());
        }
    }

    /** A body past this is not read at all: the connection is closed instead. */
    private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;

    /**
     * Reads and discards the rest of a refused body (bounded), so the client, still sending, gets to read the 413
     * instead of a reset connection ("header parser received no bytes").
     */
    private static void drain(InputStream in) throws IOException {
        long left = MAX_DRAIN_BYTES;
        byte[] sink = new byte[64 * 1024];
        int n;
        while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
            left -= n;
        }
    }

    private static ArmException tooLarge(long declared) {
        return new ArmException(ErrorCode.REQUEST_TOO_LARGE, "The request content size "
                + (declared > 0 ? "(" + declared + " bytes) " : "") + "exceeds the maximum size of 4 MB ("
                + MAX_BODY_BYTES + " bytes).");
    }

    private static Map<String, String> headers(Context ctx) {
        Map<String, String> h = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            h.put(name, ctx.req().getHeader(name));
        }
        return h;
    }

    static String baseUrl(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || host.isBlank()) {
            host = ctx.req().getLocalAddr().contains(":") ? "[" + ctx.req().getLocalAddr() + "]:"
                    + ctx.req().getLocalPort() : ctx.req().getLocalAddr() + ":" + ctx.req().getLocalPort();
        }
        return "https://" + host;
    }

    /**
     * Decodes percent-escapes segment by segment ('+' stays '+', as in any path). An encoded '/' decodes to a
     * separator and so splits the segment; ARM names cannot contain '/', so such a path names nothing anyway.
     */
    static String decodePath(String rawPath) {
        String[] parts = rawPath.split("/", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                b.append('/');
            }
            try {
                b.append(URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new ArmException(ErrorCode.PATH_NOT_FOUND,
                        "The request path has a malformed percent-encoding in '" + parts[i] + "'.");
            }
        }
        return b.toString();
    }

    /** "Microsoft.Resources/subscriptions/resourceGroups/write"-style action names for AuthorizationFailed. */
    private static String action(Method method, String path) {
        String verb = switch (method) {
            case GET, HEAD -> "read";
            case DELETE -> "delete";
            case POST -> "action";
            default -> "write";
        };
        String[] s = Router.split(path);
        if (s.length >= 6 && s[4].equalsIgnoreCase("providers")) {
            StringBuilder type = new StringBuilder(s[5]);
            for (int i = 6; i < s.length; i += 2) {
                type.append('/').append(s[i]);
            }
            return type + "/" + verb;
        }
        return "Microsoft.Resources/subscriptions/resourceGroups/" + verb;
    }

    private static String scopeOf(String path) {
        String p = path;
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    static Response error(ArmException e) {
        return Response.status(e.code().status(), render(e));
    }

    static ObjectNode render(ArmException e) {
        ObjectNode root = Json.object();
        root.set("error", ErrorBodies.of(e));
        return root;
    }

    private static void write(Context ctx, Response response) {
        ctx.status(response.status());
        response.headers().forEach(ctx::header);
        if (response.otherType() != null) {
            ctx.contentType(response.otherType());
            ctx.result(response.otherBody());
        } else if (response.body() != null && response.status() != 204) {
            ctx.contentType("application/json; charset=utf-8");
            ctx.result(Json.bytes(response.body()));
        } else {
            ctx.result(new byte[0]);
        }
    }
}
