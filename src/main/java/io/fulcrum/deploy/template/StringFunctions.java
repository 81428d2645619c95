package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fulcrum.arm.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** String functions (Azure's "template-functions-string"). */
final class StringFunctions {

    private StringFunctions() {
    }

    static void register(Map<String, Functions.Function> m) {
        m.put("concat", StringFunctions::concat);
        m.put("format", StringFunctions::format);
        m.put("toLower", a -> TextNode.valueOf(a.count(1, 1).string(0).toLowerCase(Locale.ROOT)));
        m.put("toUpper", a -> TextNode.valueOf(a.count(1, 1).string(0).toUpperCase(Locale.ROOT)));
        m.put("string", a -> TextNode.valueOf(Values.text(a.count(1, 1).get(0))));
        m.put("trim", a -> TextNode.valueOf(a.count(1, 1).string(0).strip()));
        m.put("startsWith", a -> BooleanNode.valueOf(a.count(2, 2).string(0).toLowerCase(Locale.ROOT)
                .startsWith(a.string(1).toLowerCase(Locale.ROOT))));
        m.put("endsWith", a -> BooleanNode.valueOf(a.count(2, 2).string(0).toLowerCase(Locale.ROOT)
                .endsWith(a.string(1).toLowerCase(Locale.ROOT))));
        m.put("split", StringFunctions::split);
        m.put("replace", a -> TextNode.valueOf(a.count(3, 3).string(0).replace(a.string(1), a.string(2))));
        m.put("substring", StringFunctions::substring);
        m.put("uniqueString", a -> TextNode.valueOf(Hashes.uniqueString(strings(a.count(1, -1)))));
        m.put("guid", a -> TextNode.valueOf(Hashes.guid(strings(a.count(1, -1)))));
    }

    /** Strings (numbers and booleans as text) are joined; arrays are concatenated. */
    private static JsonNode concat(Args a) {
        a.count(1, -1);
        if (a.get(0).isArray()) {
            ArrayNode out = Json.array();
            for (int i = 0; i < a.size(); i++) {
                out.addAll(a.array(i));
            }
            return out;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            JsonNode v = a.get(i);
            if (v.isContainerNode()) {
                throw a.wrongType(i, "String");
            }
            b.append(Values.text(v));
        }
        return TextNode.valueOf(b.toString());
    }

    private static String[] strings(Args a) {
        String[] out = new String[a.size()];
        for (int i = 0; i < a.size(); i++) {
            out[i] = a.string(i);
        }
        return out;
    }

    private static JsonNode split(Args a) {
        a.count(2, 2);
        String input = a.string(0);
        List<String> delimiters = new ArrayList<>();
        if (a.get(1).isArray()) {
            for (JsonNode d : a.array(1)) {
                delimiters.add(d.asText());
            }
        } else {
            delimiters.add(a.string(1));
        }
        ArrayNode out = Json.array();
        int start = 0;
        int i = 0;
        while (i <= input.length()) {
            String hit = null;
            for (String d : delimiters) {
                if (!d.isEmpty() && input.startsWith(d, i)) {
                    hit = d;
                    break;
                }
            }
            if (hit != null) {
                out.add(input.substring(start, i));
                i += hit.length();
                start = i;
            } else {
                i++;
            }
        }
        out.add(input.substring(start));
        return out;
    }

    private static JsonNode substring(Args a) {
        a.count(2, 3);
        String s = a.string(0);
        long start = a.integer(1);
        long length = a.size() == 3 ? a.integer(2) : s.length() - start;
        if (start < 0 || length < 0 || start + length > s.length()) {
            throw a.error("the start index " + start + " and length " + length + " must refer to a location"
                    + " within the string of length " + s.length());
        }
        return TextNode.valueOf(s.substring((int) start, (int) (start + length)));
    }

    /** .NET composite formatting, as ARM's format() uses: {index[,alignment][:D|N|X[digits]]}, {{ and }}. */
    private static JsonNode format(Args a) {
        a.count(1, -1);
        String f = a.string(0);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < f.length()) {
            char c = f.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < f.length() && f.charAt(i + 1) == c) {
                out.append(c);
                i += 2;
            } else if (c == '{') {
                int close = f.indexOf('}', i);
                if (close < 0) {
                    throw a.error("the format string has a '{' without its '}'");
                }
                out.append(item(a, f.substring(i + 1, close)));
                i = close + 1;
            } else if (c == '}') {
                throw a.error("the format string has a '}' without its '{'");
            } else {
                out.append(c);
                i++;
            }
        }
        return TextNode.valueOf(out.toString());
    }

    private static String item(Args a, String spec) {
        String specifier = null;
        int colon = spec.indexOf(':');
        if (colon >= 0) {
            specifier = spec.substring(colon + 1);
            spec = spec.substring(0, colon);
        }
        int alignment = 0;
        int comma = spec.indexOf(',');
        try {
            if (comma >= 0) {
                alignment = Integer.parseInt(spec.substring(comma + 1).strip());
                spec = spec.substring(0, comma);
            }
            int index = Integer.parseInt(spec.strip());
            if (index < 0 || index + 1 >= a.size()) {
                throw a.error("the format item {" + index + "} has no argument");
            }
            String text = formatValue(a, a.get(index + 1), specifier);
            return alignment >= 0 ? " ".repeat(Math.max(0, alignment - text.length())) + text
                    : text + " ".repeat(Math.max(0, -alignment - text.length()));
        } catch (NumberFormatException e) {
            throw a.error("the format item {" + spec + "} is not of the form {index[,alignment][:format]}");
        }
    }

    private static String formatValue(Args a, JsonNode v, String specifier) {
        if (specifier == null || specifier.isEmpty()) {
            return Values.text(v);
        }
        if (!v.isIntegralNumber()) {
            throw a.error("the format '" + specifier + "' applies to integers only");
        }
        char kind = Character.toUpperCase(specifier.charAt(0));
        int digits = specifier.length() > 1 ? Integer.parseInt(specifier.substring(1)) : -1;
        long n = v.longValue();
        return switch (kind) {
            case 'D' -> (n < 0 ? "-" : "") + pad(Long.toString(Math.abs(n)), digits);
            case 'X' -> pad(Character.isUpperCase(specifier.charAt(0)) ? Long.toHexString(n).toUpperCase(Locale.ROOT)
                    : Long.toHexString(n), digits);
            case 'N' -> String.format(Locale.ROOT, "%,." + (digits < 0 ? 2 : digits) + "f", (double) n);
            default -> throw a.error("the format '" + specifier + "' is not supported; use D, N or X");
        };
    }

    private static String pad(String digits, int width) {
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
