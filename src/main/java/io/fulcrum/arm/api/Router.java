package io.fulcrum.arm.api;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches request paths against routes. ARM paths are case-insensitive, and a trailing slash on a collection names
 * the collection ({@code az deployment group list} sends one), so both are normalized here, once.
 */
public final class Router {

    /** A route with the values its {@code {name}} segments captured, keyed by name. */
    public record Match(Route route, Map<String, String> params) {
    }

    /** The path matched some route, but none serving this method. */
    public record Unsupported(Set<Method> allowed) {
    }

    /** Explains a path no route serves (given the path and the api-version); see UnmatchedPaths. */
    public interface Unmatched {
        io.fulcrum.arm.error.ArmException explain(String path, String apiVersion);
    }

    /** A route with its pattern split once: matching runs against every route on every request. */
    private record Compiled(Route route, String[] segments) {
    }

    private final List<Compiled> routes = new ArrayList<>();
    private Unmatched unmatched = (path, version) -> new io.fulcrum.arm.error.ArmException(
            io.fulcrum.arm.error.ErrorCode.PATH_NOT_FOUND, "No route matches the request path '" + path + "'.");

    public Router unmatched(Unmatched explainer) {
        this.unmatched = explainer;
        return this;
    }

    io.fulcrum.arm.error.ArmException explainUnmatched(String path, String apiVersion) {
        return unmatched.explain(path, apiVersion);
    }

    public Router add(Route route) {
        routes.add(new Compiled(route, split(route.pattern())));
        return this;
    }

    public static String[] split(String path) {
        String p = path;
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    /** The match, or the methods the path does support (empty when no route has this path at all). */
    public Optional<Match> match(Method method, String path, EnumSet<Method> allowedOut) {
        String[] actual = split(path);
        for (Compiled c : routes) {
            Map<String, String> params = bind(c.segments(), actual);
            if (params == null) {
                continue;
            }
            if (c.route().methods().contains(method)) {
                return Optional.of(new Match(c.route(), params));
            }
            allowedOut.addAll(c.route().methods());
        }
        return Optional.empty();
    }

    private static Map<String, String> bind(String[] pattern, String[] actual) {
        if (pattern.length != actual.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (actual[i].isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), actual[i]);
            } else if (!p.equalsIgnoreCase(actual[i])) {
                return null;
            }
        }
        return params;
    }
}
