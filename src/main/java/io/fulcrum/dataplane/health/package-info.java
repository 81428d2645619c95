/**
 * Health probes: each (probe, member address) pair the snapshot names is probed on its own schedule, and its state
 * is what the engine reads on each new flow and the rule-health API shows.
 *
 * <p>Everything runs on one Netty event loop of the prober's own: the scheduling, the probe connections and every
 * state change. One thread is enough for thousands of targets because a probe is a short connection and a timer,
 * and it means a target's state has a single writer without any locking.
 */
package io.fulcrum.dataplane.health;
