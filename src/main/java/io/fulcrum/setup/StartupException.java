package io.fulcrum.setup;

/** A start-up problem the operator can fix; the command line prints its message as one line and exits 1. */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message, null, false, false);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
