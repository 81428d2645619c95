package io.fulcrum.network.publicip;

import inet.ipaddr.IPAddress.IPVersion;
import inet.ipaddr.IPAddress;
import io.fulcrum.network.NetworkFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The address blocks public IP addresses are drawn from ({@code fulcrum serve --public-ip-pool}). Immutable; it
 * keeps no record of what is handed out: callers pass the addresses stored public IPs already hold, so the store
 * stays the only copy of who has which address.
 */
public final class PublicIpPool {

    /**
     * 127.224.0.0/16. Linux routes all of 127.0.0.0/8 to the loopback interface, so a frontend on one of these
     * addresses is reachable on this machine with no setup, and never from another one. The block keeps clear of
     * the loopback addresses hosts already use (127.0.0.1, Debian's 127.0.1.1, systemd-resolved's 127.0.0.53/54).
     * There is no IPv6 default: IPv6 has one loopback address, ::1, so no IPv6 block is reachable without
     * configuring addresses; IPv6 public IPs need an operator-given block.
     */
    public static final String DEFAULT_CIDR = "127.224.0.0/16";

    public static final PublicIpPool DEFAULT = parse(List.of(DEFAULT_CIDR));

    private final List<IPAddress> blocks;

    private PublicIpPool(List<IPAddress> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Parses CIDR blocks such as "127.224.0.0/16" or "fd00:f0c::/64".
     *
     * @throws IllegalArgumentException naming the bad block: not a CIDR, host bits set, or overlapping another
     */
    public static PublicIpPool parse(List<String> cidrs) {
        if (cidrs.isEmpty()) {
            throw new IllegalArgumentException("the public IP pool needs at least one CIDR block");
        }
        List<IPAddress> blocks = new ArrayList<>();
        for (String text : cidrs) {
            IPAddress a = NetworkFields.address(text).orElse(null);
            if (a == null || !a.isPrefixed()) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR block such as " + DEFAULT_CIDR);
            }
            IPAddress block = a.toPrefixBlock();
            if (!block.getLower().equals(a.getLower())) {
                throw new IllegalArgumentException("'" + text + "' has host bits set; the block is "
                        + block.toCanonicalString());
            }
            for (IPAddress other : blocks) {
                if (other.getIPVersion() == block.getIPVersion()
                        && (other.contains(block) || block.contains(other))) {
                    throw new IllegalArgumentException("'" + text + "' overlaps " + other.toCanonicalString());
                }
            }
            blocks.add(block);
        }
        return new PublicIpPool(blocks);
    }

    public boolean serves(IPVersion version) {
        return blocks.stream().anyMatch(b -> b.getIPVersion() == version);
    }

    /** "127.224.0.0/16, fd00:f0c::/64", for messages. */
    public String describe() {
        return blocks.stream().map(IPAddress::toCanonicalString).collect(Collectors.joining(", "));
    }

    /**
     * The lowest address of {@code version} that is not in {@code used} (canonical strings), or empty when every
     * block of that version is used up. IPv4 blocks of /30 and wider skip their network and broadcast addresses and
     * IPv6 blocks their subnet-router address, so no frontend sits on an address that looks like a network.
     */
    public Optional<String> allocate(IPVersion version, Set<String> used) {
        for (IPAddress block : blocks) {
            if (block.getIPVersion() != version) {
                continue;
            }
            int bits = block.getBitCount() - block.getNetworkPrefixLength();
            IPAddress first = block.getLower().withoutPrefixLength();
            IPAddress last = block.getUpper().withoutPrefixLength();
            if (bits >= 2) {
                first = first.increment(1);
                if (version.isIPv4()) {
                    last = last.increment(-1);
                }
            }
            for (IPAddress a = first; a.getValue().compareTo(last.getValue()) <= 0; a = a.increment(1)) {
                if (!used.contains(a.toCanonicalString())) {
                    return Optional.of(a.toCanonicalString());
                }
                if (a.equals(last)) {
                    break; // the next increment would overflow at the top of the address space
                }
            }
        }
        return Optional.empty();
    }

    /** The canonical spelling of a stored address, so differently written equal addresses compare equal. */
    static String canonical(String address) {
        return NetworkFields.address(address).map(a -> a.withoutPrefixLength().toCanonicalString()).orElse(address);
    }
}
