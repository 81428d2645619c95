package io.fulcrum.dataplane.snapshot;

import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.dataplane.snapshot.DesiredState.Balancer;
import io.fulcrum.network.loadbalancer.LoadBalancers;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.ResourceQuery;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The desired state of every load balancer, kept between commits so that a commit re-reads only the load balancers
 * it can have changed. Every write waits for the data plane to apply it, so a full read per commit would make each
 * write cost as much as reading every load balancer and member there is.
 *
 * <p>A load balancer is re-read when a commit touched (wrote, deleted, or changed the references of)
 * <ul>
 *   <li>the load balancer or anything nested in it (its frontends, pools, rules, probes, NAT rules);</li>
 *   <li>a resource its last reading came from (a frontend's public IP, a member's NIC ip configuration), or a tree
 *       that holds one (a deleted NIC or resource group);</li>
 *   <li>a resource that references it now (an ip configuration that joined one of its pools or NAT rules).</li>
 * </ul>
 * Between them these cover everything {@link DesiredStateReader#balancer} reads, which is the invariant to keep when
 * that reader learns to read something new. Not thread-safe: the data plane's rebuild thread owns it.
 */
public final class DesiredStateCache {

    private static final String LOAD_BALANCER_TYPE = LoadBalancers.TYPE.qualified();

    /** A load balancer's desired state and what outside it that was read from. */
    private record Cached(ResourceId id, Balancer balancer, Set<ResourceId> reads) {
    }

    /** By store key, so the order is the full read's (the store lists by key). */
    private final TreeMap<String, Cached> byKey = new TreeMap<>();
    private boolean loaded;

    /**
     * The desired state after a commit that touched {@code touched} (see {@code Store.onCommit}); the first call,
     * and the first after {@link #invalidate}, reads everything.
     */
    public DesiredState refresh(Set<ResourceId> touched, Tx tx) {
        if (!loaded) {
            byKey.clear();
            ResourceQuery all = new ResourceQuery(null, null, LOAD_BALANCER_TYPE, null, null, null, true);
            for (StoredResource lb : tx.resources().list(all, null, Integer.MAX_VALUE)) {
                keep(lb.id(), tx);
            }
            loaded = true;
        } else {
            for (ResourceId lb : affected(touched, tx)) {
                reread(lb, tx);
            }
        }
        return new DesiredState(byKey.values().stream().map(Cached::balancer).toList());
    }

    /** Makes the next {@link #refresh} read everything: after a failed refresh, what is kept may be half-updated. */
    public void invalidate() {
        loaded = false;
    }

    private Set<ResourceId> affected(Set<ResourceId> touched, Tx tx) {
        Set<ResourceId> out = new HashSet<>();
        for (ResourceId t : touched) {
            enclosingLoadBalancer(t).ifPresent(out::add);
            for (Ref r : tx.refs().from(t)) {
                enclosingLoadBalancer(r.to()).ifPresent(out::add);
            }
            for (Cached c : byKey.values()) {
                if (within(c.id(), t) || c.reads().stream().anyMatch(read -> within(read, t))) {
                    out.add(c.id());
                }
            }
        }
        return out;
    }

    private void reread(ResourceId lb, Tx tx) {
        Optional<StoredResource> stored = tx.resources().get(lb);
        if (stored.isPresent()) {
            keep(stored.get().id(), tx);
        } else {
            byKey.remove(lb.key());
        }
    }

    /** Reads and keeps the load balancer {@code id} (as stored: the store's spelling of it). */
    private void keep(ResourceId id, Tx tx) {
        Set<ResourceId> reads = new HashSet<>();
        byKey.put(id.key(), new Cached(id, DesiredStateReader.balancer(id, tx, reads), Set.copyOf(reads)));
    }

    /** The load balancer {@code id} is or is nested in. */
    private static Optional<ResourceId> enclosingLoadBalancer(ResourceId id) {
        for (Optional<ResourceId> at = Optional.of(id); at.isPresent(); at = at.get().parent()) {
            if (at.get().type().equalsIgnoreCase(LOAD_BALANCER_TYPE)) {
                return at;
            }
        }
        return Optional.empty();
    }

    /** Whether {@code id} is {@code root} or nested under it (a resource group holds everything in it). */
    private static boolean within(ResourceId id, ResourceId root) {
        return id.key().equals(root.key()) || id.key().startsWith(root.key() + "/");
    }
}
