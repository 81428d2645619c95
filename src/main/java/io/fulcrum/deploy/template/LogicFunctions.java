package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Locale;
import java.util.Map;

/** Logical and comparison functions; {@code if} is evaluated lazily by the evaluator itself. */
final class LogicFunctions {

    private LogicFunctions() {
    }

    static void register(Map<String, Functions.Function> m) {
        m.put("equals", a -> BooleanNode.valueOf(Values.same(a.count(2, 2).get(0), a.get(1))));
        m.put("and", a -> BooleanNode.valueOf(all(a.count(2, -1), true)));
        m.put("or", a -> BooleanNode.valueOf(!all(a.count(2, -1), false)));
        m.put("not", a -> BooleanNode.valueOf(!a.count(1, 1).bool(0)));
        m.put("bool", LogicFunctions::bool);
        m.put("true", a -> constant(a, BooleanNode.TRUE));
        m.put("false", a -> constant(a, BooleanNode.FALSE));
        m.put("null", a -> constant(a, NullNode.instance));
        m.put("coalesce", LogicFunctions::coalesce);
        m.put("greater", a -> BooleanNode.valueOf(compare(a) > 0));
        m.put("greaterOrEquals", a -> BooleanNode.valueOf(compare(a) >= 0));
        m.put("less", a -> BooleanNode.valueOf(compare(a) < 0));
        m.put("lessOrEquals", a -> BooleanNode.valueOf(compare(a) <= 0));
    }

    private static JsonNode constant(Args a, JsonNode value) {
        a.count(0, 0);
        return value;
    }

    /** and(): every argument is true; or() asks whether every argument is false and negates. */
    private static boolean all(Args a, boolean value) {
        boolean every = true;
        for (int i = 0; i < a.size(); i++) {
            every &= a.bool(i) == value;
        }
        return every;
    }

    private static JsonNode bool(Args a) {
        JsonNode v = a.count(1, 1).get(0);
        if (v.isBoolean()) {
            return v;
        }
        if (v.isIntegralNumber()) {
            return BooleanNode.valueOf(v.longValue() != 0);
        }
        if (v.isTextual()) {
            String s = v.asText().strip().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return BooleanNode.valueOf(s.equals("true"));
            }
            throw a.error("the string '" + v.asText() + "' is neither 'true' nor 'false'");
        }
        throw a.wrongType(0, "Boolean, Integer or String");
    }

    private static JsonNode coalesce(Args a) {
        for (JsonNode v : a.count(1, -1).all()) {
            if (!Values.isNull(v)) {
                return v;
            }
        }
        return NullNode.instance;
    }

    /** Integers by value, strings ordinally; both arguments of one kind. */
    private static int compare(Args a) {
        a.count(2, 2);
        if (a.get(0).isIntegralNumber()) {
            return Long.compare(a.integer(0), a.integer(1));
        }
        if (a.get(0).isTextual()) {
            return Integer.signum(a.string(0).compareTo(a.string(1)));
        }
        throw a.wrongType(0, "Integer or String");
    }
}
