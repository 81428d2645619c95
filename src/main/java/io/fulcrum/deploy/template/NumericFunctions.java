package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.util.Map;
import java.util.function.LongBinaryOperator;

/** Integer functions (Azure's "template-functions-numeric"); the template language has 64-bit integers only. */
final class NumericFunctions {

    private NumericFunctions() {
    }

    static void register(Map<String, Functions.Function> m) {
        m.put("int", NumericFunctions::toInt);
        m.put("add", a -> arithmetic(a, Math::addExact));
        m.put("sub", a -> arithmetic(a, Math::subtractExact));
        m.put("mul", a -> arithmetic(a, Math::multiplyExact));
        m.put("div", a -> arithmetic(a, (x, y) -> x / nonZero(a, y)));
        m.put("mod", a -> arithmetic(a, (x, y) -> x % nonZero(a, y)));
    }

    private static JsonNode toInt(Args a) {
        JsonNode v = a.count(1, 1).get(0);
        if (v.isIntegralNumber()) {
            return LongNode.valueOf(v.longValue());
        }
        if (v.isTextual()) {
            try {
                return LongNode.valueOf(Long.parseLong(v.asText().strip()));
            } catch (NumberFormatException e) {
                throw a.error("the string '" + v.asText() + "' is not an integer");
            }
        }
        throw a.wrongType(0, "Integer or String");
    }

    private static JsonNode arithmetic(Args a, LongBinaryOperator op) {
        a.count(2, 2);
        try {
            return LongNode.valueOf(op.applyAsLong(a.integer(0), a.integer(1)));
        } catch (ArithmeticException e) {
            throw a.error("the result overflows a 64-bit integer");
        }
    }

    private static long nonZero(Args a, long divisor) {
        if (divisor == 0) {
            throw a.error("the divisor is zero");
        }
        return divisor;
    }
}
