package io.fulcrum.arm.api;

import java.util.Comparator;
import java.util.List;

/**
 * The api-versions one resource type accepts, newest first (az picks the first non-preview entry of the provider
 * metadata, so order matters). Every version renders the same model; the list exists so that a version no client
 * could mean is refused with the supported ones named.
 */
public record ApiVersions(List<String> versions) {

    public ApiVersions {
        versions = versions.stream().sorted(Comparator.reverseOrder()).toList();
    }

    public static ApiVersions of(String... versions) {
        return new ApiVersions(List.of(versions));
    }

    public boolean accepts(String version) {
        return versions.stream().anyMatch(v -> v.equalsIgnoreCase(version));
    }

    public String joined() {
        return String.join(", ", versions);
    }
}
