package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Functions that read the deployment: its parameters and variables, the group and subscription it targets,
 * resource ids, other resources' state, the copy loop and the time.
 */
final class ScopeFunctions {

    private ScopeFunctions() {
    }

    static void register(Map<String, Functions.Function> m) {
        m.put("parameters", a -> a.scope().parameter(a.count(1, 1).string(0)));
        m.put("variables", a -> a.scope().variable(a.count(1, 1).string(0)));
        m.put("externalInputs", a -> a.scope().externalInput(a.count(1, 1).string(0)));
        m.put("resourceGroup", a -> a.count(0, 0).scope().resourceGroup());
        m.put("subscription", a -> a.count(0, 0).scope().subscription());
        m.put("resourceId", ScopeFunctions::resourceId);
        m.put("reference", ScopeFunctions::reference);
        m.put("copyIndex", ScopeFunctions::copyIndex);
        m.put("utcNow", ScopeFunctions::utcNow);
    }

    /**
     * resourceId([subscriptionId], [resourceGroupName], resourceType, resourceName1, [resourceName2], ...). The
     * first argument holding a '/' is the type; up to two before it name the subscription and group, and the
     * names after it must match the type's segments (a name may carry several, "vnet/subnet").
     */
    private static JsonNode resourceId(Args a) {
        a.count(2, -1);
        int typeAt = -1;
        for (int i = 0; i < a.size() && typeAt < 0; i++) {
            if (a.string(i).contains("/")) {
                typeAt = i;
            }
        }
        if (typeAt < 0 || typeAt > 2) {
            throw a.error("no resource type of the form 'Namespace/type' was found among the first three arguments");
        }
        String subscription = typeAt == 2 ? a.string(0)
                : a.scope().subscription().path("subscriptionId").asText();
        String group = typeAt >= 1 ? a.string(typeAt - 1) : a.scope().resourceGroup().path("name").asText();
        String[] type = a.string(typeAt).split("/");
        List<String> names = new ArrayList<>();
        for (int i = typeAt + 1; i < a.size(); i++) {
            names.addAll(List.of(a.string(i).split("/")));
        }
        if (type.length < 2 || names.size() != type.length - 1) {
            throw a.error("the type '" + a.string(typeAt) + "' needs " + Math.max(1, type.length - 1)
                    + " resource name segment(s) but was given " + names.size());
        }
        StringBuilder id = new StringBuilder("/subscriptions/").append(subscription).append("/resourceGroups/")
                .append(group).append("/providers/").append(type[0]);
        for (int i = 1; i < type.length; i++) {
            id.append('/').append(type[i]).append('/').append(names.get(i - 1));
        }
        return TextNode.valueOf(id.toString());
    }

    /** reference(nameOrId, [apiVersion], ['Full']). */
    private static JsonNode reference(Args a) {
        a.count(1, 3);
        String apiVersion = a.size() >= 2 ? a.string(1) : null;
        boolean full = false;
        if (a.size() == 3) {
            if (!a.string(2).equalsIgnoreCase("Full")) {
                throw a.error("the third argument must be 'Full', not '" + a.string(2) + "'");
            }
            full = true;
        }
        return a.scope().reference(a.string(0), apiVersion, full);
    }

    /** copyIndex(), copyIndex(offset), copyIndex(loopName) or copyIndex(loopName, offset). */
    private static JsonNode copyIndex(Args a) {
        a.count(0, 2);
        String loop = null;
        long offset = 0;
        if (a.size() == 2) {
            loop = a.string(0);
            offset = a.integer(1);
        } else if (a.size() == 1 && a.get(0).isTextual()) {
            loop = a.string(0);
        } else if (a.size() == 1) {
            offset = a.integer(0);
        }
        return LongNode.valueOf(a.evaluator().copyIndex(loop) + offset);
    }

    /** utcNow([format]); the format is .NET's ("yyyyMMddTHHmmssZ" by default, "u", "d", "o" or custom). */
    private static JsonNode utcNow(Args a) {
        a.count(0, 1);
        String format = a.size() == 1 ? a.string(0) : "yyyyMMddTHHmmssZ";
        var now = a.scope().utcNow().atOffset(ZoneOffset.UTC);
        DateTimeFormatter f = switch (format) {
            case "u" -> DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'");
            case "d" -> DateTimeFormatter.ofPattern("M/d/yyyy");
            case "o", "O" -> DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'");
            default -> DateTimeFormatter.ofPattern(javaPattern(format));
        };
        return TextNode.valueOf(now.format(f));
    }

    /** A .NET custom date format as a java.time pattern: y M d H h m s f map over, anything else is literal. */
    static String javaPattern(String dotnet) {
        StringBuilder b = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : dotnet.toCharArray()) {
            if ("yMdHhmsf".indexOf(c) >= 0) {
                if (literal.length() > 0) {
                    b.append('\'').append(literal.toString().replace("'", "''")).append('\'');
                    literal.setLength(0);
                }
                b.append(c == 'f' ? 'S' : c);
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            b.append('\'').append(literal.toString().replace("'", "''")).append('\'');
        }
        return b.toString();
    }
}
