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
import java.util.Locale;
import java.util.Optional;

/**
 * Typed reads of Microsoft.Network request members. A value of the wrong JSON type is InvalidRequestContent (it
 * cannot be deserialized); a well-typed value outside what Azure accepts (an unknown enum member, a number out of
 * range, a missing required member) is InvalidRequestFormat. Enum values match without regard to case (the Go SDK
 * sends "dynamic") and are stored in the spec's spelling, as the Network RP answers them; nothing is clamped.
 *
 * <p>The families word their InvalidRequestFormat messages differently and clients' tests hold them byte for byte,
 * so each family reads through the instance that carries its wording; reads that refuse only wrong types are static.
 */
public final class NetworkFields {

    /** Public IP addresses and security groups: "Cannot parse the request: the value 'x' of 'p' is not one of A, B." */
    public static final NetworkFields CANNOT_PARSE = new NetworkFields("Cannot parse the request: ", false,
            "a 32-bit integer");
    /** Load balancers and their children: "The request is invalid: the value 'x' of 'p' is not one of [A, B]." */
    public static final NetworkFields REQUEST_INVALID = new NetworkFields("The request is invalid: ", true,
            "an integer");
    /** NICs and their ip configurations: "The value 'x' of 'p' is not one of [A, B]." */
    public static final NetworkFields PLAIN = new NetworkFields("", true, "an integer");

    /**
     * Addresses and CIDR blocks as Azure writes them. The library's defaults also take inet_aton forms ("1" is
     * 0.0.0.1), wildcards ("10.0.0.*"), ranges and masks, none of which Azure accepts.
     */
    private static final IPAddressStringParameters STRICT = strict();

    private final String invalidPrefix;
    private final boolean bracketedLists;
    private final String integerType;

    private NetworkFields(String invalidPrefix, boolean bracketedLists, String integerType) {
        this.invalidPrefix = invalidPrefix;
        this.bracketedLists = bracketedLists;
        this.integerType = integerType;
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

    /** A boolean member, or empty when absent or null. */
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

    /** InvalidRequestFormat at {@code path}, in this family's wording. */
    public ArmException invalid(String path, String message) {
        String text = invalidPrefix.isEmpty()
                ? message.substring(0, 1).toUpperCase(Locale.ROOT) + message.substring(1)
                : invalidPrefix + message;
        return new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, text, path);
    }

    /** An integer member, or empty when absent or null; a fraction, a string or a number beyond 32 bits is refused. */
    public Optional<Integer> integer(JsonNode parent, String name, String path) {
        JsonNode v = Bodies.field(parent, name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw Bodies.wrongType(path, integerType, v);
        }
        return Optional.of(v.intValue());
    }

    /** An integer member within [min, max], or empty when absent. */
    public Optional<Integer> integer(JsonNode parent, String name, String path, int min, int max) {
        return integer(parent, name, path).map(v -> within(v, path, min, max));
    }

    /** A required integer member within [min, max]. */
    public int requiredInteger(JsonNode parent, String name, String path, int min, int max) {
        return integer(parent, name, path, min, max).orElseThrow(() -> invalid(path, "'" + path + "' is required."));
    }

    private int within(int v, String path, int min, int max) {
        if (v < min || v > max) {
            throw invalid(path, "the value " + v + " of '" + path + "' is out of range; expected " + min + " to "
                    + max + ".");
        }
        return v;
    }

    /** One of {@code allowed}, in its spelling there, or empty when absent. */
    public Optional<String> choice(JsonNode parent, String name, String path, List<String> allowed) {
        String v = Bodies.string(parent, name, path);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(allowed.stream().filter(a -> a.equalsIgnoreCase(v)).findFirst().orElseThrow(() ->
                invalid(path, "the value '" + v + "' of '" + path + "' is not one of " + list(allowed) + ".")));
    }

    /** One of {@code allowed}, in its spelling there; absent is refused. */
    public String requiredChoice(JsonNode parent, String name, String path, List<String> allowed) {
        return choice(parent, name, path, allowed).orElseThrow(() -> invalid(path, "'" + path
                + "' is required; expected one of " + list(allowed) + "."));
    }

    private String list(List<String> allowed) {
        return bracketedLists ? allowed.toString() : String.join(", ", allowed);
    }
}
