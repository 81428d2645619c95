package io.fulcrum.dataplane;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one piece of work on a dedicated thread whenever asked, coalescing bursts: requests that arrive while the
 * work runs lead to exactly one more run, which sees everything they asked for; requests that arrive while a run
 * is already waiting add nothing. {@link #request} is cheap and never blocks, so it can sit on the store's commit
 * path.
 */
final class Rebuilder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Rebuilder.class);

    private final Runnable work;
    private final ExecutorService thread;
    /** True from a request until the run that serves it starts: a second request in that window is covered. */
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean closed;

    Rebuilder(String threadName, Runnable work) {
        this.work = work;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    void request() {
        if (!closed && pending.compareAndSet(false, true)) {
            try {
                thread.execute(this::run);
            } catch (RejectedExecutionException e) {
                if (!closed) {
                    throw e;
                }
                // A commit that raced shutdown: nothing is left to rebuild for.
            }
        }
    }

    private void run() {
        pending.set(false);
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.error("data plane: rebuilding the snapshot failed; the previous snapshot stays in force", e);
        }
    }

    /** Stops taking requests and waits (briefly) for a run in progress to end. */
    @Override
    public void close() {
        closed = true;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("data plane: a snapshot rebuild still runs 10 s after shutdown began");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
