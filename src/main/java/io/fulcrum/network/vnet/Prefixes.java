package io.fulcrum.network.vnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import java.util.ArrayList;
import java.util.List;

/** CIDR prefixes as VNets and subnets use them, parsed and checked with the IPAddress library. */
public final class Prefixes {

    /**
     * Ranges Azure refuses in a virtual network's address space: multicast, broadcast, loopback, link-local and
     * the platform's internal DNS address (learn.microsoft.com, virtual networks FAQ).
     */
    private static final List<IPAddress> RESERVED = List.of(net("224.0.0.0/4"), net("255.255.255.255/32"),
            net("127.0.0.0/8"), net("169.254.0.0/16"), net("168.63.129.16/32"));

    private Prefixes() {
    }

    private static IPAddress net(String cidr) {
        return new IPAddressString(cidr).getAddress();
    }

    /** Parses a CIDR such as "10.0.0.0/16"; host bits must be zero, as Azure requires. */
    public static IPAddress parse(String text, String path) {
        IPAddressString s = new IPAddressString(text == null ? "" : text.strip());
        IPAddress a = s.getAddress();
        if (a == null || !a.isPrefixed()) {
            throw new ArmException(ErrorCode.INVALID_ADDRESS_PREFIX, "The address prefix '" + text + "' at '" + path
                    + "' is not a valid CIDR prefix such as 10.0.0.0/16.", path);
        }
        IPAddress network = a.toPrefixBlock();
        if (!network.getLower().equals(a.getLower())) {
            throw new ArmException(ErrorCode.INVALID_ADDRESS_PREFIX, "The address prefix '" + text + "' at '" + path
                    + "' has host bits set; the prefix is " + network.toCanonicalString() + ".", path);
        }
        return network;
    }

    /** Reads a list of prefixes (the VNet's addressSpace.addressPrefixes, a subnet's addressPrefixes). */
    public static List<IPAddress> list(JsonNode array, String path) {
        List<IPAddress> out = new ArrayList<>();
        if (array == null || array.isNull()) {
            return out;
        }
        if (!array.isArray()) {
            throw Bodies.wrongType(path, "a JSON array of CIDR strings", array);
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (!item.isTextual()) {
                throw Bodies.wrongType(path + "[" + i + "]", "a CIDR string", item);
            }
            out.add(parse(item.asText(), path + "[" + i + "]"));
        }
        return out;
    }

    public static ArrayNode toJson(List<IPAddress> prefixes) {
        ArrayNode a = Json.array();
        prefixes.forEach(p -> a.add(p.toCanonicalString()));
        return a;
    }

    public static void refuseReserved(IPAddress prefix, String path) {
        for (IPAddress r : RESERVED) {
            if (r.getIPVersion() == prefix.getIPVersion() && (r.contains(prefix) || prefix.contains(r))) {
                throw new ArmException(ErrorCode.INVALID_ADDRESS_PREFIX, "The address prefix "
                        + prefix.toCanonicalString() + " at '" + path + "' overlaps the reserved range "
                        + r.toCanonicalString() + ", which Azure does not allow in a virtual network.", path);
            }
        }
    }

    public static boolean overlap(IPAddress a, IPAddress b) {
        return a.getIPVersion() == b.getIPVersion() && (a.contains(b) || b.contains(a));
    }

    public static boolean within(IPAddress inner, List<IPAddress> outers) {
        return outers.stream().anyMatch(o -> o.getIPVersion() == inner.getIPVersion() && o.contains(inner));
    }
}
