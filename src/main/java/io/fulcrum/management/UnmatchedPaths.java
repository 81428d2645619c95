package io.fulcrum.management;

import io.fulcrum.arm.ResourceTypes;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;

/**
 * The error for a path no route serves, worded the way ARM words it: an unknown provider namespace, an unknown
 * resource type in a known namespace, or simply no such path.
 */
public final class UnmatchedPaths {

    private final ResourceTypes types;

    public UnmatchedPaths(ResourceTypes types) {
        this.types = types;
    }

    public ArmException explain(String path, String apiVersion) {
        String[] s = Router.split(path);
        int providers = -1;
        for (int i = 0; i < s.length; i++) {
            if (s[i].equalsIgnoreCase("providers") && i + 1 < s.length) {
                providers = i;
                break;
            }
        }
        if (s.length > 0 && s[0].equalsIgnoreCase("subscriptions") && providers > 0) {
            String namespace = s[providers + 1];
            if (types.inNamespace(namespace).isEmpty()) {
                return new ArmException(ErrorCode.INVALID_RESOURCE_NAMESPACE, "The resource namespace '" + namespace
                        + "' is invalid. Fulcrum serves: " + String.join(", ", types.namespaces()) + ".");
            }
            StringBuilder type = new StringBuilder();
            for (int i = providers + 2; i < s.length; i += 2) {
                type.append(type.length() == 0 ? "" : "/").append(s[i]);
                if (types.find(namespace, type.toString()).isEmpty()) {
                    return new ArmException(ErrorCode.INVALID_RESOURCE_TYPE, "The resource type '" + type
                            + "' could not be found in the namespace '" + namespace + "' for api version '"
                            + apiVersion + "'.");
                }
            }
        }
        return new ArmException(ErrorCode.PATH_NOT_FOUND, "No route matches the request path '" + path + "'.");
    }
}
