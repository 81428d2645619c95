package io.fulcrum.store;

/** A database failure that is not the client's doing; it surfaces as a 500 with a request id. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
