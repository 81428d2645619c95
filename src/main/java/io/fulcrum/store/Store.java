package io.fulcrum.store;

import io.fulcrum.arm.id.ResourceId;
import java.util.Set;
import java.util.function.Consumer;
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
     * write returns, with what the write touched: for each id, the resource with that id or something nested under it
     * was written or deleted, or the references it makes changed. The data plane uses it to apply the commit before
     * the request is answered, re-reading only what the commit can have changed; a listener may wait (boundedly) but
     * must not throw.
     */
    void onCommit(Consumer<Set<ResourceId>> listener);

    @Override
    void close();
}
