package io.fulcrum.arm;

import io.fulcrum.arm.api.ApiVersions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every resource type Fulcrum serves, by provider namespace, with the api-versions it accepts. The provider
 * metadata endpoints render this registry, and the API refuses unknown namespaces and types from it, so a family
 * that registers here is visible everywhere at once.
 */
public final class ResourceTypes {

    /** One served type, e.g. namespace "Microsoft.Network", type "loadBalancers/backendAddressPools". */
    public record ResourceType(String namespace, String type, ApiVersions versions) {
        public String qualified() {
            return namespace + "/" + type;
        }
    }

    private final Map<String, List<ResourceType>> byNamespace = new LinkedHashMap<>();

    public ResourceTypes register(String namespace, String type, ApiVersions versions) {
        byNamespace.computeIfAbsent(namespace.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .add(new ResourceType(namespace, type, versions));
        return this;
    }

    public List<String> namespaces() {
        List<String> out = new ArrayList<>();
        for (List<ResourceType> types : byNamespace.values()) {
            out.add(types.get(0).namespace());
        }
        return out;
    }

    public List<ResourceType> inNamespace(String namespace) {
        return Collections.unmodifiableList(byNamespace.getOrDefault(namespace.toLowerCase(Locale.ROOT), List.of()));
    }

    public Optional<ResourceType> find(String namespace, String type) {
        return inNamespace(namespace).stream().filter(t -> t.type().equalsIgnoreCase(type)).findFirst();
    }

    /** Looks a qualified type up ("microsoft.network/LOADBALANCERS" finds "Microsoft.Network/loadBalancers"). */
    public Optional<ResourceType> find(String qualifiedType) {
        int slash = qualifiedType.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        return find(qualifiedType.substring(0, slash), qualifiedType.substring(slash + 1));
    }
}
