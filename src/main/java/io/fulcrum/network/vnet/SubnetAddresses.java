package io.fulcrum.network.vnet;

import inet.ipaddr.IPAddress.IPVersion;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.network.RefKinds;
import io.fulcrum.store.RefTable.Holding;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Private address allocation in a subnet. Who holds which address is read from the ip configurations that name
 * the subnet (the reference index) and their stored {@code privateIPAddress}; nothing else keeps a second copy.
 * Azure reserves the network address, the next three (gateway and DNS) and, for IPv4, the broadcast address.
 *
 * <p>An ip configuration holds one address or, with {@code privateIPAddressPrefixLength}, an aligned block stored
 * as a CIDR ("172.20.2.16/28", as in the spec example NetworkInterfaceCreate); conflicts are range overlaps.
 */
public final class SubnetAddresses {

    /**
     * What an ip configuration asks for.
     *
     * @param address      the address or CIDR block requested (Static), or null to allocate one (Dynamic)
     * @param version      the IP version; null means the requested address's own, or IPv4 when allocating
     * @param prefixLength the size of the block to hold, or null for a single address
     */
    public record Want(String address, IPVersion version, Integer prefixLength) {
    }

    /** A held range and its bounds as numbers, computed once (IPAddress.getValue() builds a new BigInteger). */
    private record Held(IPAddress range, ResourceId holder, BigInteger lower, BigInteger upper) {
        Held(IPAddress range, ResourceId holder) {
            this(range, holder, range.getLower().getValue(), range.getUpper().getValue());
        }
    }

    private SubnetAddresses() {
    }

    /**
     * The address for ip configuration {@code self}: {@code requested} when given (Static), after checking it is
     * inside the subnet, not reserved and not held by another ip configuration; else the lowest free IPv4 address
     * (Dynamic). A CIDR is refused here: callers of this form (load-balancer frontends) hold single addresses.
     *
     * @param path the JSON path of privateIPAddress in the request, for errors
     */
    public static String allocate(Tx tx, StoredResource subnet, String requested, ResourceId self, String path) {
        if (requested != null) {
            IPAddress ip = new IPAddressString(requested.strip()).getAddress();
            if (ip == null || ip.isPrefixed() && ip.getNetworkPrefixLength() < ip.getBitCount()) {
                throw invalid(requested, "is not a valid IP address", path);
            }
        }
        return allocate(tx, subnet, new Want(requested, null, null), self, Set.of(), path);
    }

    /**
     * Checks a requested address or block, or allocates the lowest free one of the wanted size; returns it in its
     * stored form (canonical address, or CIDR for a block).
     *
     * @param undecided other ip configurations whose stored address does not count as held yet, because the caller
     *                  is deciding theirs in the same write (a NIC's dynamic configurations yield to its static ones)
     */
    public static String allocate(Tx tx, StoredResource subnet, Want want, ResourceId self, Set<ResourceId> undecided,
                                  String path) {
        List<Held> held = holders(tx, subnet.id(), self, undecided);
        if (want.address() != null) {
            IPAddress range = requested(want, path);
            Optional<ArmException> problem = problem(subnet, range, held, self, path);
            if (problem.isPresent()) {
                throw problem.get();
            }
            return range.toCanonicalString();
        }
        return lowestFree(subnet, want, held, path);
    }

    /**
     * Whether a stored address (an ip configuration's current one) still fits {@code want} in this subnet and is
     * free: Azure keeps a Dynamic address across updates while it stays valid.
     */
    public static boolean available(Tx tx, StoredResource subnet, String stored, Want want, ResourceId self,
                                    Set<ResourceId> undecided) {
        IPAddress range = range(stored);
        if (range == null) {
            return false;
        }
        IPVersion version = want.version() == null ? IPVersion.IPV4 : want.version();
        int length = want.prefixLength() == null ? range.getBitCount() : want.prefixLength();
        if (range.getIPVersion() != version || !range.getCount().equals(sizeOf(range.getBitCount(), length))) {
            return false;
        }
        return problem(subnet, range, holders(tx, subnet.id(), self, undecided), self, "").isEmpty();
    }

    /** Parses a Static request: a single address, or an aligned block given as a CIDR or by the prefix length. */
    private static IPAddress requested(Want want, String path) {
        String text = want.address();
        IPAddress ip = new IPAddressString(text.strip()).getAddress();
        // The library also reads wildcards and ranges ("10.0.0.*", "10.0.0.1-5"); only a CIDR block may be multiple.
        if (ip == null || ip.isMultiple() && !ip.isPrefixBlock()) {
            throw invalid(text, "is not a valid IP address", path);
        }
        if (want.version() != null && ip.getIPVersion() != want.version()) {
            throw invalid(text, "is an " + ip.getIPVersion() + " address, but privateIPAddressVersion is "
                    + want.version(), path);
        }
        Integer given = ip.isPrefixed() ? ip.getNetworkPrefixLength() : null;
        if (given != null && want.prefixLength() != null && !given.equals(want.prefixLength())) {
            throw invalid(text, "has prefix length /" + given + ", but privateIPAddressPrefixLength is "
                    + want.prefixLength(), path);
        }
        Integer length = given != null ? given : want.prefixLength();
        IPAddress plain = ip.getLower().withoutPrefixLength();
        if (length == null || length == plain.getBitCount()) {
            return plain;
        }
        IPAddress block = plain.toPrefixBlock(length);
        if (!block.getLower().withoutPrefixLength().equals(plain)) {
            throw invalid(text, "has host bits set; the block is " + block.toCanonicalString(), path);
        }
        return block;
    }

    private static ArmException invalid(String text, String why, String path) {
        return new ArmException(ErrorCode.INVALID_PRIVATE_IP, "The private IP address '" + text + "' at '" + path
                + "' " + why + ".", path);
    }

    private static Optional<ArmException> problem(StoredResource subnet, IPAddress range, List<Held> held,
                                                  ResourceId self, String path) {
        List<IPAddress> prefixes = Subnets.prefixes(subnet);
        Optional<IPAddress> prefix = prefixes.stream().filter(p -> p.getIPVersion() == range.getIPVersion()
                && p.contains(range)).findFirst();
        String shown = range.toCanonicalString();
        if (prefix.isEmpty()) {
            String ranges = String.join(", ", prefixes.stream().map(IPAddress::toCanonicalString).toList());
            return Optional.of(new ArmException(ErrorCode.PRIVATE_IP_NOT_IN_SUBNET, "Private static IP address "
                    + shown + " does not belong to the range of subnet prefix " + ranges + " of subnet "
                    + subnet.id().name() + ".", path));
        }
        if (reserved(prefix.get(), range)) {
            return Optional.of(new ArmException(ErrorCode.PRIVATE_IP_RESERVED, "Private IP address " + shown
                    + " is reserved in subnet " + subnet.id().name() + " (Azure keeps the network address, the"
                    + " first three after it and the broadcast address).", path));
        }
        for (Held h : held) {
            if (overlap(h.range(), range)) {
                return Optional.of(new ArmException(ErrorCode.PRIVATE_IP_IN_USE, "IP configuration " + self
                        + " is using the private IP address " + shown + " which is already allocated to resource "
                        + h.holder() + ".", path));
            }
        }
        return Optional.empty();
    }

    /**
     * The lowest free aligned block of the wanted size; a clash skips straight past the holder's range, so a
     * crowded subnet costs one step per holder rather than one per address. The held ranges are walked once, in
     * address order, alongside the rising candidate (not searched afresh per candidate, which made allocating in a
     * subnet of n holders cost n * n / 2 comparisons).
     */
    private static String lowestFree(StoredResource subnet, Want want, List<Held> held, String path) {
        IPVersion version = want.version() == null ? IPVersion.IPV4 : want.version();
        List<IPAddress> prefixes = Subnets.prefixes(subnet).stream().filter(p -> p.getIPVersion() == version)
                .toList();
        if (prefixes.isEmpty()) {
            throw new ArmException(ErrorCode.SUBNET_HAS_NO_PREFIX_FOR_VERSION, "Subnet " + subnet.id().name()
                    + " has no " + version + " address prefix to allocate a private " + version + " address from.",
                    path);
        }
        int bits = prefixes.get(0).getBitCount();
        int length = want.prefixLength() == null ? bits : want.prefixLength();
        BigInteger step = sizeOf(bits, length);
        List<Held> sorted = held.stream().filter(h -> h.range().getIPVersion() == version)
                .sorted(Comparator.comparing(Held::lower)).toList();
        for (IPAddress prefix : prefixes) {
            if (prefix.getNetworkPrefixLength() > length) {
                continue;
            }
            BigInteger upper = prefix.getUpper().getValue();
            BigInteger v = prefix.getLower().getValue();
            int from = 0;
            while (v.add(step).subtract(BigInteger.ONE).compareTo(upper) <= 0) {
                IPAddress candidate = at(prefix, v, length);
                BigInteger last = v.add(step).subtract(BigInteger.ONE);
                BigInteger next = v.add(step);
                if (!reserved(prefix, candidate)) {
                    // Ranges ending below this candidate end below every later one: candidates only rise.
                    while (from < sorted.size() && sorted.get(from).upper().compareTo(v) < 0) {
                        from++;
                    }
                    Held clash = null;
                    for (int i = from; i < sorted.size() && sorted.get(i).lower().compareTo(last) <= 0; i++) {
                        if (sorted.get(i).upper().compareTo(v) >= 0) {
                            clash = sorted.get(i);
                            break;
                        }
                    }
                    if (clash == null) {
                        return candidate.toCanonicalString();
                    }
                    BigInteger past = clash.upper().add(BigInteger.ONE);
                    next = next.max(past.add(step).subtract(BigInteger.ONE).divide(step).multiply(step));
                }
                v = next;
            }
        }
        String what = length == bits ? "private IP address" : "/" + length + " block of private IP addresses";
        throw new ArmException(ErrorCode.SUBNET_FULL, "Subnet " + subnet.id().name() + " has no free " + what
                + " left.", path);
    }

    private static BigInteger sizeOf(int bits, int length) {
        return BigInteger.ONE.shiftLeft(bits - length);
    }

    private static IPAddress at(IPAddress prefix, BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[prefix.getByteCount()];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        IPAddress a = prefix.isIPv4() ? new IPv4Address(bytes) : new IPv6Address(bytes);
        return length == a.getBitCount() ? a : a.toPrefixBlock(length);
    }

    /** Whether a range touches the reserved head of its prefix or, for IPv4, the broadcast address. */
    private static boolean reserved(IPAddress prefix, IPAddress range) {
        BigInteger offset = range.getLower().getValue().subtract(prefix.getLower().getValue());
        boolean head = offset.compareTo(BigInteger.valueOf(4)) < 0;
        boolean broadcast = prefix.isIPv4() && range.getUpper().getValue().equals(prefix.getUpper().getValue());
        return head || broadcast;
    }

    private static boolean overlap(IPAddress a, IPAddress b) {
        return a.getIPVersion() == b.getIPVersion()
                && a.getLower().getValue().compareTo(b.getUpper().getValue()) <= 0
                && b.getLower().getValue().compareTo(a.getUpper().getValue()) <= 0;
    }

    /** A stored address ("10.0.0.4") or block ("10.0.0.16/28") as the range it holds; null when unparseable. */
    private static IPAddress range(String stored) {
        IPAddress a = stored == null ? null : new IPAddressString(stored).getAddress();
        if (a == null) {
            return null;
        }
        return a.isPrefixed() ? a.toPrefixBlock() : a;
    }

    /**
     * Every range held in the subnet by an ip configuration other than {@code self} and the undecided ones. The
     * addresses come with the references in one query: reading each holder's whole document made every allocation
     * in a subnet of n holders cost n reads and JSON parses.
     */
    private static List<Held> holders(Tx tx, ResourceId subnet, ResourceId self, Set<ResourceId> undecided) {
        List<Held> held = new ArrayList<>();
        for (Holding h : tx.refs().toWithProperty(subnet, RefKinds.SUBNET, "privateIPAddress")) {
            if (h.from().equals(self) || undecided.contains(h.from())) {
                continue;
            }
            IPAddress range = range(h.value());
            if (range != null) {
                held.add(new Held(range, h.from()));
            }
        }
        return held;
    }
}
