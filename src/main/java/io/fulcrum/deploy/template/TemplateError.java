package io.fulcrum.deploy.template;

import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;

/**
 * InvalidTemplate errors, worded as ARM words them. Errors nest plainly ("The template variable 'x' is not valid:
 * ..."); only the outermost caller adds ARM's "Deployment template validation failed" frame, once.
 */
public final class TemplateError {

    private TemplateError() {
    }

    public static ArmException of(String message) {
        return new ArmException(ErrorCode.INVALID_TEMPLATE, message);
    }

    /** Names the part of the template an InvalidTemplate error came from; other errors pass through unchanged. */
    public static ArmException within(String part, ArmException e) {
        if (e.code() != ErrorCode.INVALID_TEMPLATE) {
            return e;
        }
        return new ArmException(ErrorCode.INVALID_TEMPLATE, "The " + part + " is not valid: " + e.getMessage(),
                e.target(), e.details());
    }

    /** ARM's outer frame for an error found while validating a template. */
    public static ArmException validation(ArmException e) {
        if (e.code() != ErrorCode.INVALID_TEMPLATE) {
            return e;
        }
        return new ArmException(ErrorCode.INVALID_TEMPLATE, "Deployment template validation failed: '"
                + e.getMessage() + "'. Please see https://aka.ms/arm-template for usage details.", e.target(),
                e.details());
    }
}
