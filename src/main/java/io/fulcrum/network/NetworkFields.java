package io.fulcrum.network;

import com.fasterxml.jackson.databind.JsonNode;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of Microsoft.Network request members. Enum values match without regard to case and are stored in the
 * spec's spelling ("tcp" is kept as "Tcp"), as the Network RP answers them.
 */
public final class NetworkFields {

    /**
     * Addresses and CIDR blocks as Azure writes them. The library's defaults also take inet_aton forms ("1" is
     * 0.0.0.1), wildcards ("10.0.0.*"), ranges and masks, none of which Azure accepts.
     */
    private static final IPAddressStringParameters STRICT = strict();

    private NetworkFields() {
    }

    private static IPAddressStringParameters strict() {
        IPAddressStringParameters.Builder b = new IPAddressStringParameters.Builder().allowEmpty(false)
                .allowAll(false).allowSingleSegment(false).allowMask(false);
        b.getIPv4AddressParametersBuilder().allow_inet_aton(false).setRangeOptions(RangeParameters.NO_RANGE)
                .allowWildcardedSeparator(false);
        b.getIPv6AddressParametersBuilder().setRangeOptions(RangeParameters.NO_RANGE).allowWildcardedSeparator(false);
        return b.toParams();
    }

    /** An address ("10.0.0.4") or a block ("10.0.0.0/24", possibly with host bits set), or empty. */
    public static Optional<IPAddress> address(String text) {
        return Optional.ofNullable(text == null ? null : new IPAddressString(text.strip(), STRICT).getAddress());
    }

    /**
     * One of {@code allowed}, or empty when absent. A value outside the list is refused with InvalidRequestFormat,
     * the Network RP's answer to a value it cannot parse.
     */
    public static Optional<String> choice(JsonNode parent, String name, String path, List<String> allowed) {
        String v = Bodies.string(parent, name, path);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(allowed.stream().filter(a -> a.equalsIgnoreCase(v)).findFirst().orElseThrow(() ->
                new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "Cannot parse the request: the value '" + v
                        + "' of '" + path + "' is not one of " + String.join(", ", allowed) + ".", path)));
    }

    /** An integer member, or empty when absent; a fraction or a string is refused. */
    public static Optional<Integer> integer(JsonNode parent, String name, String path) {
        JsonNode v = Bodies.field(parent, name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw Bodies.wrongType(path, "a 32-bit integer", v);
        }
        return Optional.of(v.intValue());
    }

    /** A boolean member, or empty when absent. */
    public static Optional<Boolean> bool(JsonNode parent, String name, String path) {
        JsonNode v = Bodies.field(parent, name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw Bodies.wrongType(path, "a boolean", v);
        }
        return Optional.of(v.booleanValue());
    }

    /** An array member (empty when absent or null); anything else is refused. */
    public static JsonNode array(JsonNode parent, String name, String path) {
        JsonNode v = Bodies.field(parent, name);
        if (v == null || v.isNull()) {
            return Json.array();
        }
        if (!v.isArray()) {
            throw Bodies.wrongType(path, "a JSON array", v);
        }
        return v;
    }
}
