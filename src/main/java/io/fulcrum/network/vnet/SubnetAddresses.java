package io.fulcrum.network.vnet;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.network.RefKinds;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Private address allocation in a subnet. Who holds which address is read from the ip configurations that name
 * the subnet (the reference index) and their stored {@code privateIPAddress}; nothing else keeps a second copy.
 * Azure reserves the network address, the next three (gateway and DNS) and, for IPv4, the broadcast address.
 */
public final class SubnetAddresses {

    private SubnetAddresses() {
    }

    /**
     * The address for ip configuration {@code self}: {@code requested} when given (Static), after checking it is
     * inside the subnet, not reserved and not held by another ip configuration; else the lowest free one (Dynamic).
     *
     * @param path the JSON path of privateIPAddress in the request, for errors
     */
    public static String allocate(Tx tx, StoredResource subnet, String requested, ResourceId self, String path) {
        List<IPAddress> prefixes = Subnets.prefixes(subnet);
        Map<String, ResourceId> held = holders(tx, subnet.id(), self);
        if (requested != null) {
            IPAddress ip = new IPAddressString(requested.strip()).getAddress();
            if (ip == null || ip.isPrefixed() && ip.getNetworkPrefixLength() < ip.getBitCount()) {
                throw new ArmException(ErrorCode.INVALID_PRIVATE_IP, "The private IP address '" + requested
                        + "' at '" + path + "' is not a valid IP address.", path);
            }
            IPAddress plain = ip.withoutPrefixLength();
            Optional<IPAddress> prefix = prefixes.stream().filter(p -> p.getIPVersion() == plain.getIPVersion()
                    && p.contains(plain)).findFirst();
            if (prefix.isEmpty()) {
                throw new ArmException(ErrorCode.PRIVATE_IP_NOT_IN_SUBNET, "Private static IP address "
                        + plain.toCanonicalString() + " does not belong to the range of subnet prefix "
                        + prefixes.get(0).toCanonicalString() + " of subnet " + subnet.id().name() + ".", path);
            }
            if (reserved(prefix.get(), plain)) {
                throw new ArmException(ErrorCode.PRIVATE_IP_RESERVED, "Private IP address "
                        + plain.toCanonicalString() + " is reserved in subnet " + subnet.id().name() + " (Azure"
                        + " keeps the network address, the first three after it and the broadcast address).", path);
            }
            ResourceId holder = held.get(plain.toCanonicalString());
            if (holder != null) {
                throw new ArmException(ErrorCode.PRIVATE_IP_IN_USE, "IP configuration " + self + " is using the"
                        + " private IP address " + plain.toCanonicalString() + " which is already allocated to"
                        + " resource " + holder + ".", path);
            }
            return plain.toCanonicalString();
        }
        for (IPAddress prefix : prefixes) {
            if (prefix.getIPVersion().isIPv6()) {
                continue;
            }
            BigInteger first = prefix.getLower().getValue().add(BigInteger.valueOf(4));
            BigInteger last = prefix.getUpper().getValue().subtract(BigInteger.ONE);
            for (BigInteger v = first; v.compareTo(last) <= 0; v = v.add(BigInteger.ONE)) {
                String candidate = toAddress(prefix, v);
                if (!held.containsKey(candidate)) {
                    return candidate;
                }
            }
        }
        throw new ArmException(ErrorCode.SUBNET_FULL, "Subnet " + subnet.id().name() + " has no free private IP"
                + " address left.", path);
    }

    private static boolean reserved(IPAddress prefix, IPAddress ip) {
        BigInteger offset = ip.getValue().subtract(prefix.getLower().getValue());
        boolean head = offset.compareTo(BigInteger.valueOf(4)) < 0;
        boolean broadcast = prefix.getIPVersion().isIPv4() && ip.getValue().equals(prefix.getUpper().getValue());
        return head || broadcast;
    }

    private static String toAddress(IPAddress prefix, BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[prefix.getByteCount()];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        try {
            return java.net.InetAddress.getByAddress(bytes).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Address to holder, for every ip configuration in the subnet other than {@code self}. */
    static Map<String, ResourceId> holders(Tx tx, ResourceId subnet, ResourceId self) {
        Map<String, ResourceId> held = new HashMap<>();
        for (Ref r : tx.refs().to(subnet, RefKinds.SUBNET)) {
            if (r.from().equals(self)) {
                continue;
            }
            tx.resources().get(r.from()).ifPresent(holder -> {
                String ip = holder.body().path("properties").path("privateIPAddress").asText(null);
                if (ip != null) {
                    IPAddress a = new IPAddressString(ip).getAddress();
                    held.put(a == null ? ip : a.toCanonicalString(), r.from());
                }
            });
        }
        return held;
    }
}
