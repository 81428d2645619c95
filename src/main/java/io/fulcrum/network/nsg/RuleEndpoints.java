package io.fulcrum.network.nsg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddress;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.arm.resource.References;
import io.fulcrum.network.NetworkFields;
import io.fulcrum.network.asg.ApplicationSecurityGroups;
import io.fulcrum.store.Tx;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One side ("source" or "destination") of a security rule: its ports, and its addresses given as prefixes or as
 * application security groups. Each comes in a singular and a plural form, and exactly one may be non-empty
 * (cloud-provider-azure#9355 quotes Azure: "must specify a non-empty value for either DestinationPortRange or
 * DestinationPortRanges, but not both"). Messages and codes are Azure's, from the errors users have posted.
 */
final class RuleEndpoints {

    private static final Pattern PORTS = Pattern.compile("^(\\d{1,5})(?:-(\\d{1,5}))?$");

    /**
     * Service tags a prefix may name, folded to lower case; a regional form such as "Storage.WestUS" names its
     * base tag. Azure publishes a few hundred; these are the ones rules commonly use.
     */
    private static final Set<String> SERVICE_TAGS = Set.of("virtualnetwork", "azureloadbalancer", "internet",
            "azurecloud", "azuretrafficmanager", "storage", "sql", "sqlmanagement", "azurecosmosdb", "azurekeyvault",
            "eventhub", "servicebus", "azureactivedirectory", "azuremonitor", "azurecontainerregistry", "appservice",
            "appservicemanagement", "apimanagement", "azurebackup", "azurefrontdoor", "gatewaymanager",
            "azureconnectors", "azuredatalake", "azuredevops", "azuremachinelearning", "azureplatformdns",
            "azureplatformimds", "azureplatformlkm", "batchnodemanagement", "datafactory", "guestandhybridmanagement",
            "hdinsight", "microsoftcontainerregistry", "powerbi", "azurebotservice", "azurecognitivesearch",
            "azuredatabricks", "azuresignalr", "azuresiterecovery", "azureupdatedelivery", "logicapps",
            "cognitiveservicesmanagement", "azurearcinfrastructure", "azureresourcemanager", "azureportal",
            "windowsvirtualdesktop", "actiongroup", "applicationinsightsavailability", "azureiothub",
            "azurespringcloud", "azureattestation", "chaosstudio");

    private RuleEndpoints() {
    }

    /** {@code <side>PortRange} or {@code <side>PortRanges}: "*", a port, or "low-high", all within 0-65535. */
    static void ports(JsonNode props, String side, ResourceId rule, ObjectNode out) {
        String one = side + "PortRange";
        String many = one + "s";
        String single = nonEmpty(Bodies.string(props, one, "properties." + one));
        JsonNode plural = NetworkFields.array(props, many, "properties." + many);
        exactlyOne(rule, single != null, !plural.isEmpty(), false, one, many, null);
        if (single != null) {
            out.put(one, port(single, "properties." + one));
        }
        ArrayNode list = out.putArray(many);
        for (int i = 0; i < plural.size(); i++) {
            list.add(port(text(plural.get(i), "properties." + many + "[" + i + "]"),
                    "properties." + many + "[" + i + "]"));
        }
    }

    private static String port(String value, String path) {
        Matcher m = PORTS.matcher(value);
        boolean valid = value.equals("*") || m.matches() && Integer.parseInt(m.group(1)) <= 65535
                && (m.group(2) == null || Integer.parseInt(m.group(2)) <= 65535
                && Integer.parseInt(m.group(1)) <= Integer.parseInt(m.group(2)));
        if (!valid) {
            throw new ArmException(ErrorCode.SECURITY_RULE_INVALID_PORT_RANGE, "Security rule has invalid Port"
                    + " range. Value provided: " + value + " at '" + path + "'. Value should be an integer OR integer"
                    + " range with '-' delimiter. Valid range 0-65535.", path);
        }
        return value;
    }

    /**
     * {@code <side>AddressPrefix} ("*", a service tag, an address or a CIDR block), {@code <side>AddressPrefixes}
     * (addresses and blocks only) or {@code <side>ApplicationSecurityGroups} (existing groups).
     */
    static void addresses(JsonNode props, String side, ResourceId rule, ObjectNode out, Tx tx) {
        String one = side + "AddressPrefix";
        String many = one + "es";
        String groups = side + "ApplicationSecurityGroups";
        String single = nonEmpty(Bodies.string(props, one, "properties." + one));
        JsonNode plural = NetworkFields.array(props, many, "properties." + many);
        JsonNode asgs = NetworkFields.array(props, groups, "properties." + groups);
        exactlyOne(rule, single != null, !plural.isEmpty(), !asgs.isEmpty(), one, many, groups);
        if (single != null) {
            if (!single.equals("*") && !isServiceTag(single)) {
                prefix(single, "properties." + one);
            }
            out.put(one, single);
        }
        ArrayNode list = out.putArray(many);
        for (int i = 0; i < plural.size(); i++) {
            String path = "properties." + many + "[" + i + "]";
            String value = text(plural.get(i), path);
            if (value.equals("*") || isServiceTag(value)) {
                throw new ArmException(ErrorCode.SECURITY_RULE_UNSUPPORTED_VALUE, "Security rule parameter "
                        + capitalized(many) + " for rule with Id " + rule + " cannot specify existing VIRTUALNETWORK,"
                        + " INTERNET, AZURELOADBALANCER, '*' or system tags. Unsupported value used: " + value
                        + ". Use " + one + " for a tag or '*'.", path);
            }
            list.add(prefix(value, path));
        }
        if (!asgs.isEmpty()) {
            ArrayNode refs = out.putArray(groups);
            for (int i = 0; i < asgs.size(); i++) {
                References.resolve(asgs.get(i), "properties." + groups + "[" + i + "]",
                        ApplicationSecurityGroups.TYPE.qualified(), rule, tx).ifPresent(a -> refs.add(
                        References.ref(a.id())));
            }
        }
    }

    /** An address or a CIDR block with no host bits (Azure refuses 50.206.209.68/27, azure-powershell#4557). */
    private static String prefix(String value, String path) {
        IPAddress a = NetworkFields.address(value).orElse(null);
        if (a == null || a.isPrefixed() && !a.toPrefixBlock().getLower().equals(a.getLower())) {
            throw new ArmException(ErrorCode.SECURITY_RULE_INVALID_ADDRESS_PREFIX, "Security rule has invalid"
                    + " Address prefix. Value provided: " + value + " at '" + path + "'. Expected '*', a service"
                    + " tag such as VirtualNetwork, an IP address or a CIDR block such as 10.0.0.0/24.", path);
        }
        return value;
    }

    private static boolean isServiceTag(String value) {
        int dot = value.indexOf('.');
        String base = dot < 0 ? value : value.substring(0, dot);
        return SERVICE_TAGS.contains(base.toLowerCase(Locale.ROOT));
    }

    private static void exactlyOne(ResourceId rule, boolean a, boolean b, boolean c, String one, String many,
                                   String groups) {
        int given = (a ? 1 : 0) + (b ? 1 : 0) + (c ? 1 : 0);
        if (given == 1) {
            return;
        }
        String names = capitalized(one) + (groups == null ? " or " : ", ") + capitalized(many)
                + (groups == null ? "" : " or " + capitalized(groups));
        throw new ArmException(ErrorCode.SECURITY_RULE_PARAMETERS_MISSING, (given == 0
                ? "Required security rule parameters are missing for security rule with Id: " + rule + ". "
                : "") + "Security rule with Id " + rule + " must specify a non-empty value for exactly one of "
                + names + (given == 0 ? "." : ", but not several."), "properties." + one);
    }

    private static String text(JsonNode item, String path) {
        if (!item.isTextual()) {
            throw Bodies.wrongType(path, "a string", item);
        }
        return item.asText();
    }

    /** Clients that use the plural form often send the singular as "" (and the other way round). */
    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
