package io.fulcrum.arm.error;

import java.util.List;

/**
 * Thrown anywhere a request must fail; the API layer renders it once as
 * {@code {"error":{"code","message","target","details"}}}. Because every write runs inside one store transaction,
 * throwing this also rolls back whatever the request had done.
 */
public sealed class ArmException extends RuntimeException permits UnresolvedReference {

    private final ErrorCode code;
    private final String target;
    private final List<ArmException> details;

    public ArmException(ErrorCode code, String message) {
        this(code, message, null, List.of());
    }

    public ArmException(ErrorCode code, String message, String target) {
        this(code, message, target, List.of());
    }

    public ArmException(ErrorCode code, String message, String target, List<ArmException> details) {
        super(message, null, false, false);
        this.code = code;
        this.target = target;
        this.details = List.copyOf(details);
    }

    public ErrorCode code() {
        return code;
    }

    public String target() {
        return target;
    }

    public List<ArmException> details() {
        return details;
    }
}
