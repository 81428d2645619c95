/**
 * The data plane: what makes a load balancer record carry traffic.
 *
 * <p>The shape is one-directional. {@code snapshot} turns stored desired state into an immutable {@link
 * io.fulcrum.dataplane.Snapshot} (a pure function, no I/O); {@code health} probes the members the snapshot names;
 * {@code engine} forwards TCP and UDP from frontends to eligible members. Each write to the store publishes a new
 * snapshot, which the engine and the prober swap in atomically and reconcile against what is running. Problems found
 * on the way (a member outside the dialable networks, a frontend port already taken) go to the {@link
 * io.fulcrum.dataplane.StatusBoard}, which logs each once per change and which the API reads.
 */
package io.fulcrum.dataplane;
