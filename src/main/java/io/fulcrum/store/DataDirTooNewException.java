package io.fulcrum.store;

/** The database was written by a newer Fulcrum: opening it could lose what that version stored. */
public final class DataDirTooNewException extends RuntimeException {
    public DataDirTooNewException(String message) {
        super(message);
    }
}
