package io.fulcrum.arm.api;

import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
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

    /**
     * The error for a version this list does not hold. Microsoft.Resources answers InvalidApiVersionParameter;
     * resource providers answer NoRegisteredProviderFound, naming the type ({@code providerType} non-null).
     */
    public ArmException refuse(String given, String providerType) {
        if (providerType == null) {
            return new ArmException(ErrorCode.INVALID_API_VERSION, "The api-version '" + given
                    + "' is invalid. The supported versions are '" + joined() + "'.");
        }
        return new ArmException(ErrorCode.NO_REGISTERED_PROVIDER, "No registered resource provider found for API"
                + " version '" + given + "' and type '" + providerType + "'. The supported api-versions are '"
                + joined() + "'.");
    }

    public boolean accepts(String version) {
        return versions.stream().anyMatch(v -> v.equalsIgnoreCase(version));
    }

    public String joined() {
        return String.join(", ", versions);
    }
}
