package io.fulcrum.dataplane;

/**
 * What takes each published snapshot: the engine (listeners and members) and the prober (probe targets). {@link
 * #apply} reconciles running state against the snapshot and returns when that is done; it is called from one thread
 * at a time, in generation order.
 */
public interface SnapshotSink {

    void apply(Snapshot snapshot);
}
