package io.fulcrum.network.nic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.store.Tx;
import java.util.Optional;
import java.util.regex.Pattern;

/** A NIC's dnsSettings: what clients may set, and the read-only members derived when it is rendered. */
final class NicDns {

    private static final String PATH = "properties.dnsSettings";
    /** The spec's word for "use Azure's resolver"; it cannot be combined with addresses. */
    private static final String AZURE_DNS = "AzureProvidedDNS";
    /** A DNS label: letters, digits and inner hyphens, at most 63 characters. */
    private static final Pattern LABEL = Pattern.compile("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$");

    private NicDns() {
    }

    static ObjectNode settings(JsonNode properties) {
        ObjectNode given = Bodies.object(properties, "dnsSettings", PATH);
        ObjectNode out = Json.object();
        ArrayNode servers = out.putArray("dnsServers");
        JsonNode list = Bodies.field(given, "dnsServers");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw Bodies.wrongType(PATH + ".dnsServers", "a JSON array of IP addresses", list);
            }
            for (int i = 0; i < list.size(); i++) {
                String path = PATH + ".dnsServers[" + i + "]";
                if (!list.get(i).isTextual()) {
                    throw Bodies.wrongType(path, "a string", list.get(i));
                }
                servers.add(server(list.get(i).asText(), list.size(), path));
            }
        }
        String label = Bodies.string(given, "internalDnsNameLabel", PATH + ".internalDnsNameLabel");
        if (label != null) {
            if (!LABEL.matcher(label).matches()) {
                throw new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "The internal DNS name label '" + label
                        + "' at '" + PATH + ".internalDnsNameLabel' is not a DNS label (letters, digits and inner"
                        + " hyphens, at most 63 characters).", PATH + ".internalDnsNameLabel");
            }
            out.put("internalDnsNameLabel", label);
        }
        return out;
    }

    private static String server(String text, int count, String path) {
        if (text.equalsIgnoreCase(AZURE_DNS)) {
            if (count > 1) {
                throw new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "'" + AZURE_DNS + "' at '" + path
                        + "' cannot be combined with other DNS servers; it must be the only value.", path);
            }
            return AZURE_DNS;
        }
        IPAddress ip = new IPAddressString(text.strip()).getAddress();
        if (ip == null || ip.isPrefixed() || ip.isMultiple()) {
            throw new ArmException(ErrorCode.INVALID_REQUEST_FORMAT, "The DNS server '" + text + "' at '" + path
                    + "' is not an IP address (or '" + AZURE_DNS + "').", path);
        }
        return ip.toCanonicalString();
    }

    /**
     * appliedDnsServers is what the VM a NIC belongs to applies; a NIC on no VM shows [] even with dnsServers set
     * (azure-sdk-for-net's NetworkInterfaceDnsSettingsTest asserts that).
     */
    static void derive(ObjectNode properties, Tx tx) {
        ObjectNode dns = properties.get("dnsSettings") instanceof ObjectNode o ? o : properties.putObject("dnsSettings");
        dns.putArray("appliedDnsServers");
        suffix(properties, tx).ifPresent(suffix -> {
            dns.put("internalDomainNameSuffix", suffix);
            if (dns.has("internalDnsNameLabel")) {
                dns.put("internalFqdn", dns.get("internalDnsNameLabel").asText() + "." + suffix);
            }
        });
    }

    /**
     * Azure gives each virtual network its own internal DNS suffix ("fxcjelx0qhsebfgh3mfoxmzued.cx.internal.
     * cloudapp.net" in the recordings); Fulcrum derives it from the primary configuration's VNet resourceGuid, so
     * it is stable, and shared by every NIC of that VNet, as Azure's is.
     */
    private static Optional<String> suffix(ObjectNode properties, Tx tx) {
        for (JsonNode c : properties.path("ipConfigurations")) {
            JsonNode p = c.path("properties");
            if (p.path("primary").asBoolean(false)) {
                return ResourceId.parse(p.path("subnet").path("id").asText(null)).flatMap(ResourceId::parent)
                        .flatMap(vnet -> tx.resources().get(vnet))
                        .map(vnet -> vnet.body().path("properties").path("resourceGuid").asText("").replace("-", ""))
                        .filter(g -> g.length() >= 26)
                        .map(g -> g.substring(0, 26) + ".bx.internal.cloudapp.net");
            }
        }
        return Optional.empty();
    }
}
