package io.fulcrum.dataplane.underlay;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressNetwork.IPAddressGenerator;
import io.fulcrum.network.NetworkFields;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Where the data plane may listen and dial. Azure's examples put members on VNet (overlay) addresses such as
 * 10.0.0.4, which must never be dialled from this machine; the operator maps overlay blocks onto host (underlay)
 * blocks ({@code --underlay 10.0.0.0/16=127.10.0.0/16}), and after mapping only members inside {@code
 * --backend-allow} are dialled or probed. Immutable; checked once when {@code serve} starts.
 */
public final class AddressPlan {

    public static final List<String> DEFAULT_ALLOW = List.of("127.0.0.0/8", "::1/128");

    /** One {@code --underlay} pair: addresses inside {@code overlay} keep their host bits inside {@code underlay}. */
    public record Mapping(IPAddress overlay, IPAddress underlay) {
    }

    /**
     * Where an overlay address ends up on this host.
     *
     * @param address the host address to use, or null when refused
     * @param refusal why it is not used, in a sentence an operator can act on; null when it is
     */
    public record Placement(InetAddress address, String refusal) {

        public boolean allowed() {
            return refusal == null;
        }
    }

    private final List<Mapping> mappings;
    private final List<IPAddress> allow;
    private final Predicate<InetAddress> local;

    /**
     * @param local whether an address belongs to this host (where a frontend can listen); injected so that
     *              building a snapshot stays a pure function
     */
    public AddressPlan(List<Mapping> mappings, List<IPAddress> allow, Predicate<InetAddress> local) {
        this.mappings = List.copyOf(mappings);
        this.allow = List.copyOf(allow);
        this.local = local;
    }

    /** The plan with no mappings, the default allow-list and this host's addresses. */
    public static AddressPlan defaults() {
        return parse(List.of(), DEFAULT_ALLOW, hostAddresses());
    }

    /**
     * Parses {@code --underlay} pairs and {@code --backend-allow} blocks.
     *
     * @throws IllegalArgumentException naming the flag and the bad value
     */
    public static AddressPlan parse(List<String> underlay, List<String> backendAllow, Predicate<InetAddress> local) {
        List<Mapping> mappings = new ArrayList<>();
        for (String pair : underlay) {
            Mapping m = mapping(pair);
            for (Mapping other : mappings) {
                if (overlaps(other.overlay(), m.overlay())) {
                    throw new IllegalArgumentException("--underlay: '" + pair + "' maps "
                            + m.overlay().toCanonicalString() + ", which overlaps "
                            + other.overlay().toCanonicalString() + " of an earlier --underlay");
                }
            }
            mappings.add(m);
        }
        List<IPAddress> allow = new ArrayList<>();
        for (String text : backendAllow) {
            IPAddress a = NetworkFields.address(text).orElseThrow(() -> new IllegalArgumentException(
                    "--backend-allow: '" + text + "' is not an address or a CIDR block such as 127.0.0.0/8"));
            allow.add(a.isPrefixed() ? a.toPrefixBlock() : a);
        }
        return new AddressPlan(mappings, allow, local);
    }

    private static Mapping mapping(String pair) {
        int eq = pair.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("--underlay: '" + pair + "' is not OVERLAY=UNDERLAY, such as"
                    + " 10.0.0.0/16=127.10.0.0/16");
        }
        IPAddress overlay = block(pair, pair.substring(0, eq));
        IPAddress underlay = block(pair, pair.substring(eq + 1));
        if (overlay.getIPVersion() != underlay.getIPVersion()) {
            throw new IllegalArgumentException("--underlay: '" + pair + "' maps an " + overlay.getIPVersion()
                    + " block onto an " + underlay.getIPVersion() + " block");
        }
        if (!overlay.getNetworkPrefixLength().equals(underlay.getNetworkPrefixLength())) {
            throw new IllegalArgumentException("--underlay: '" + pair + "' maps a /" + overlay.getNetworkPrefixLength()
                    + " onto a /" + underlay.getNetworkPrefixLength() + "; both sides need the same prefix length");
        }
        return new Mapping(overlay, underlay);
    }

    private static IPAddress block(String pair, String text) {
        IPAddress a = NetworkFields.address(text).filter(IPAddress::isPrefixed).orElseThrow(() ->
                new IllegalArgumentException("--underlay: '" + text + "' in '" + pair + "' is not a CIDR block"
                        + " such as 10.0.0.0/16"));
        IPAddress block = a.toPrefixBlock();
        if (!block.getLower().equals(a.getLower())) {
            throw new IllegalArgumentException("--underlay: '" + text + "' in '" + pair + "' has host bits set;"
                    + " the block is " + block.toCanonicalString());
        }
        return block;
    }

    private static boolean overlaps(IPAddress a, IPAddress b) {
        return a.getIPVersion() == b.getIPVersion() && (a.contains(b) || b.contains(a));
    }

    /**
     * This host's addresses: every interface address, and all of 127.0.0.0/8, which Linux routes to the loopback
     * interface although only 127.0.0.1 is configured on it.
     */
    public static Predicate<InetAddress> hostAddresses() {
        return a -> {
            if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
                return true;
            }
            try {
                return NetworkInterface.getByInetAddress(a) != null;
            } catch (SocketException e) {
                throw new IllegalStateException("cannot list this host's network interfaces", e);
            }
        };
    }

    /** Where a member at {@code overlay} is dialled, or why it is not: after mapping it must be inside the allow-list. */
    public Placement dial(String overlay) {
        IPAddress parsed = NetworkFields.address(overlay).filter(a -> !a.isPrefixed()).orElse(null);
        if (parsed == null) {
            return new Placement(null, "'" + overlay + "' is not an IP address");
        }
        IPAddress mapped = map(parsed);
        if (allow.stream().noneMatch(b -> b.getIPVersion() == mapped.getIPVersion() && b.contains(mapped))) {
            String where = mapped.equals(parsed) ? overlay + " is outside the dialable networks (--backend-allow "
                    + describeAllow() + ") and has no --underlay mapping"
                    : overlay + " maps to " + mapped.toCanonicalString() + ", which is outside the dialable networks"
                    + " (--backend-allow " + describeAllow() + ")";
            return new Placement(null, where);
        }
        return new Placement(mapped.toInetAddress(), null);
    }

    /** Where a frontend at {@code overlay} listens, or why it does not: after mapping it must be this host's. */
    public Placement listen(String overlay) {
        IPAddress parsed = NetworkFields.address(overlay).filter(a -> !a.isPrefixed()).orElse(null);
        if (parsed == null) {
            return new Placement(null, "'" + overlay + "' is not an IP address");
        }
        IPAddress mapped = map(parsed);
        InetAddress host = mapped.toInetAddress();
        if (!local.test(host)) {
            return new Placement(null, mapped.equals(parsed)
                    ? overlay + " is not an address of this host and has no --underlay mapping"
                    : overlay + " maps to " + mapped.toCanonicalString() + ", which is not an address of this host");
        }
        return new Placement(host, null);
    }

    /** The address with its network bits replaced by those of the underlay block, when an overlay block holds it. */
    private IPAddress map(IPAddress address) {
        for (Mapping m : mappings) {
            if (m.overlay().getIPVersion() == address.getIPVersion() && m.overlay().contains(address)) {
                byte[] host = address.getBytes();
                byte[] net = m.underlay().getLower().getBytes();
                int prefix = m.overlay().getNetworkPrefixLength();
                for (int i = 0; i < host.length; i++) {
                    int netBits = Math.max(0, Math.min(8, prefix - i * 8));
                    int netMask = (0xff << (8 - netBits)) & 0xff;
                    host[i] = (byte) ((net[i] & netMask) | (host[i] & ~netMask & 0xff));
                }
                return new IPAddressGenerator().from(host);
            }
        }
        return address.withoutPrefixLength();
    }

    /** "127.0.0.0/8,::1/128", as the operator would write it. */
    public String describeAllow() {
        return allow.stream().map(IPAddress::toCanonicalString).collect(Collectors.joining(","));
    }

    public List<Mapping> mappings() {
        return mappings;
    }
}
