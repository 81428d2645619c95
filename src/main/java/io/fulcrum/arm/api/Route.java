package io.fulcrum.arm.api;

import java.util.EnumSet;
import java.util.Set;

/**
 * One path pattern ("/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}") with the methods it
 * serves. Literal segments match without regard to case; {@code {name}} captures one segment.
 *
 * @param versions  api-versions accepted, or null when any (the LRO status URLs we mint ourselves)
 * @param anonymous true for the sign-in and metadata endpoints, which take no bearer token
 * @param providerType for resource-provider routes, the qualified type (it changes how a bad api-version is
 *                     worded); null for Microsoft.Resources
 */
public record Route(String pattern, Set<Method> methods, ApiVersions versions, boolean anonymous, Handler handler,
                    String providerType) {

    public Route {
        methods = EnumSet.copyOf(methods);
    }

    public Route(String pattern, Set<Method> methods, ApiVersions versions, boolean anonymous, Handler handler) {
        this(pattern, methods, versions, anonymous, handler, null);
    }
}
