package io.fulcrum.dataplane;

import java.util.List;

/**
 * Everything the data plane should be doing, at one store generation. Immutable; built by a pure function from the
 * stored resources and the operator's address settings, and swapped in whole.
 *
 * @param generation increases with each published snapshot; lets a reader tell a newer one from an older one
 * @param listeners  every frontend socket to serve, each with the members it forwards to
 * @param probes     every (probe, member address) pair to probe; members that were refused are not here
 * @param problems   what the builder could not turn into running state (refused or unmapped addresses, settings
 *                   that cannot be enforced in user space)
 */
public record Snapshot(long generation, List<Listener> listeners, List<ProbeTarget> probes, List<Problem> problems) {

    public static final Snapshot EMPTY = new Snapshot(0, List.of(), List.of(), List.of());

    public Snapshot {
        listeners = List.copyOf(listeners);
        probes = List.copyOf(probes);
        problems = List.copyOf(problems);
    }
}
