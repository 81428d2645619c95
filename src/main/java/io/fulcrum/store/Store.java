package io.fulcrum.store;

import java.util.function.Function;

/**
 * The one seam between resource code and the database. Resource code sees only {@link Tx}; SQLite lives behind it
 * today and PostgreSQL can be added beside it without touching any resource family.
 *
 * <p>Writes are serialized and durable: when {@link #write} returns, the transaction is committed and synced, so an
 * acknowledged write survives {@code kill -9}. A {@link RuntimeException} thrown by the work rolls everything back,
 * which is how a failed request changes nothing.
 */
public interface Store extends AutoCloseable {

    <T> T read(Function<Tx, T> work);

    <T> T write(Function<Tx, T> work);

    /**
     * Runs {@code listener} after every committed write, on the writing thread, outside the write lock, before the
     * write returns. The data plane uses it to apply the commit before the request is answered; a listener may wait
     * (boundedly) but must not throw.
     */
    void onCommit(Runnable listener);

    @Override
    void close();
}
