package io.fulcrum.arm;

import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;

/** Name rules shared by resource families. */
public final class Names {

    private Names() {
    }

    /**
     * Resource group names: 1 to 90 letters, digits, '-', '.', '(', ')' or '_' (Unicode letters and digits count),
     * not ending in '.'. Azure answers InvalidResourceGroup for all of these.
     */
    public static String resourceGroup(String name) {
        if (name == null || name.isEmpty()) {
            throw new ArmException(ErrorCode.INVALID_RESOURCE_GROUP, "The resource group name is empty.");
        }
        if (name.length() > 90) {
            throw new ArmException(ErrorCode.INVALID_RESOURCE_GROUP, "The provided resource group name '"
                    + name + "' is " + name.length() + " characters long; at most 90 are allowed.");
        }
        StringBuilder bad = new StringBuilder();
        name.codePoints().filter(c -> !(Character.isLetterOrDigit(c) || "-._()".indexOf(c) >= 0))
                .distinct().forEach(bad::appendCodePoint);
        if (bad.length() > 0) {
            throw new ArmException(ErrorCode.INVALID_RESOURCE_GROUP, "The provided resource group name '" + name
                    + "' has these invalid characters: '" + bad + "'. The name can only be a letter, digit, '-',"
                    + " '.', '(', ')' or '_'.");
        }
        if (name.endsWith(".")) {
            throw new ArmException(ErrorCode.INVALID_RESOURCE_GROUP, "The provided resource group name '" + name
                    + "' ends with a period, which is not allowed.");
        }
        return name;
    }
}
