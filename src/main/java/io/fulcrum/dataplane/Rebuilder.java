package io.fulcrum.dataplane;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one piece of work on a dedicated thread whenever asked, coalescing bursts: requests that arrive while the
 * work runs lead to exactly one more run, which sees everything they asked for; requests that arrive while a run
 * is already waiting add nothing. {@link #request} never blocks; {@link #requestAndAwait} waits (boundedly) until a
 * run that started after the request has finished, which is how a write's reply comes after the data plane honours it.
 */
final class Rebuilder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Rebuilder.class);

    private final Runnable work;
    private final ExecutorService thread;
    /** True from a request until the run that serves it starts: a second request in that window is covered. */
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean closed;
    /** Requests made so far, and how many of them the last finished run covered (it saw every earlier commit). */
    private final AtomicLong requested = new AtomicLong();
    private long served;

    Rebuilder(String threadName, Runnable work) {
        this.work = work;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Requests a run and waits until one that covers this request has finished, or {@code timeout} has passed (the
     * caller then goes on; the run still happens).
     *
     * @return whether a covering run finished in time
     */
    boolean requestAndAwait(Duration timeout) {
        long ticket = request();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (served < ticket && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Requests a run; returns the request's ticket. */
    long request() {
        long ticket = requested.incrementAndGet();
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
        return ticket;
    }

    private void run() {
        pending.set(false);
        // Every request numbered up to here committed before this run reads the store, so this run covers them.
        long covers = requested.get();
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.error("data plane: rebuilding the snapshot failed; the previous snapshot stays in force", e);
        } finally {
            synchronized (this) {
                served = Math.max(served, covers);
                notifyAll();
            }
        }
    }

    /** Stops taking requests and waits (briefly) for a run in progress to end. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            notifyAll();
        }
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
