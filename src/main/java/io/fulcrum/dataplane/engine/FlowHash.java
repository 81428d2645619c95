package io.fulcrum.dataplane.engine;

import io.fulcrum.dataplane.Distribution;
import io.fulcrum.dataplane.Transport;
import java.net.InetSocketAddress;

/** The hash of a new flow's fields that a rule's {@link Distribution} names; no allocation per call. */
final class FlowHash {

    private static final int TCP = 6;
    private static final int UDP = 17;

    private FlowHash() {
    }

    static long of(Distribution distribution, Transport transport, InetSocketAddress source,
                   InetSocketAddress destination) {
        // InetAddress.hashCode is the address itself for IPv4 and a hash of the bytes for IPv6: stable, no copy.
        long h = mix(0x2545F4914F6CDD1DL ^ source.getAddress().hashCode());
        if (distribution == Distribution.FIVE_TUPLE) {
            h = mix(h ^ source.getPort());
        }
        h = mix(h ^ destination.getAddress().hashCode());
        if (distribution == Distribution.FIVE_TUPLE) {
            h = mix(h ^ destination.getPort());
        }
        if (distribution != Distribution.SOURCE_IP) {
            h = mix(h ^ (transport == Transport.TCP ? TCP : UDP));
        }
        return h;
    }

    /** Murmur3's 64-bit finaliser: every input bit flips about half the output bits. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
