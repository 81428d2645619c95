package io.fulcrum.deploy.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The template language, function by function, against a fixed scope. */
class ExpressionsTest {

    private static final String SUB = "00000000-0000-0000-0000-000000000001";

    /** A scope with two parameters, two variables, one referencable resource and a fixed clock. */
    private static final class FixedScope implements Scope {
        boolean utcNowAllowed;

        @Override
        public JsonNode parameter(String name) {
            return switch (name.toLowerCase()) {
                case "name" -> Json.read("\"web\"");
                case "count" -> Json.read("3");
                default -> throw TemplateError.of("The template parameter '" + name + "' is not found.");
            };
        }

        @Override
        public JsonNode variable(String name) {
            if (name.equalsIgnoreCase("settings")) {
                return Json.read("{\"size\":\"small\",\"ports\":[80,443],\"nested\":{\"x\":1}}");
            }
            throw TemplateError.of("The template variable '" + name + "' is not found.");
        }

        @Override
        public ObjectNode resourceGroup() {
            return (ObjectNode) Json.read("{\"id\":\"/subscriptions/" + SUB + "/resourceGroups/rg1\",\"name\":\"rg1\","
                    + "\"location\":\"eastus\",\"type\":\"Microsoft.Resources/resourceGroups\"}");
        }

        @Override
        public ObjectNode subscription() {
            return (ObjectNode) Json.read("{\"id\":\"/subscriptions/" + SUB + "\",\"subscriptionId\":\"" + SUB + "\","
                    + "\"tenantId\":\"t\",\"displayName\":\"Fulcrum\"}");
        }

        @Override
        public JsonNode reference(String nameOrId, String apiVersion, boolean full) {
            ObjectNode o = (ObjectNode) Json.read("{\"properties\":{\"addressSpace\":{\"addressPrefixes\":"
                    + "[\"10.0.0.0/16\"]}}}");
            o.put("asked", nameOrId + "|" + apiVersion);
            return full ? o : o.get("properties");
        }

        @Override
        public JsonNode externalInput(String name) {
            return Json.read("\"baz\"");
        }

        @Override
        public Instant utcNow() {
            if (!utcNowAllowed) {
                throw TemplateError.of("The template function 'utcNow' is not expected at this location.");
            }
            return Instant.parse("2024-03-05T07:08:09.123Z");
        }
    }

    private final FixedScope scope = new FixedScope();

    private JsonNode eval(String template) {
        return new Evaluator(scope).evaluateString(template);
    }

    private String text(String template) {
        JsonNode v = eval(template);
        assertThat(v.isTextual()).as("%s gives a string, not %s", template, v).isTrue();
        return v.asText();
    }

    private String json(String template) {
        return Json.write(eval(template));
    }

    private ArmException error(String template) {
        try {
            eval(template);
        } catch (ArmException e) {
            assertThat(e.code().code()).isEqualTo("InvalidTemplate");
            return e;
        }
        throw new AssertionError(template + " evaluated without an error");
    }

    @Test
    void literalsEscapesAndWhitespace() {
        assertThat(text("plain")).isEqualTo("plain");
        assertThat(text("[[not an expression]")).isEqualTo("[not an expression]");
        assertThat(text("[x")).isEqualTo("[x");
        assertThat(text("['it''s']")).isEqualTo("it's");
        assertThat(eval("[42]").asLong()).isEqualTo(42);
        assertThat(eval("[-7]").asLong()).isEqualTo(-7);
        assertThat(eval("[true]").booleanValue()).isTrue();
        assertThat(text("[concat(\n  'a',\n\t'b'  )]")).isEqualTo("ab");
        assertThat(text("[variables ('settings').size]")).isEqualTo("small");
    }

    @Test
    void propertyAndIndexAccess() {
        assertThat(text("[variables('settings').size]")).isEqualTo("small");
        assertThat(text("[variables('settings')['size']]")).isEqualTo("small");
        assertThat(eval("[variables('settings').ports[1]]").asLong()).isEqualTo(443);
        assertThat(eval("[variables('settings').NESTED.x]").asLong()).isEqualTo(1);
        assertThat(text("[resourceGroup().location]")).isEqualTo("eastus");
        assertThat(error("[variables('settings').missing]").getMessage()).contains("'missing' doesn't exist")
                .contains("size, ports, nested");
        assertThat(error("[variables('settings').ports[2]]").getMessage()).contains("out of bounds");
        assertThat(error("[variables('settings').size.x]").getMessage()).contains("not an object");
    }

    @Test
    void parseAndNameErrors() {
        assertThat(error("[concat('a']").getMessage()).contains("Unable to parse language expression");
        assertThat(error("['open]").getMessage()).contains("not closed");
        assertThat(error("[concat('a') 'b']").getMessage()).contains("after a complete expression");
        assertThat(error("[noSuchFunction()]").getMessage())
                .contains("The template function 'noSuchFunction' is not found");
        assertThat(error("[]").getMessage()).contains("empty");
        assertThat(error("[toLower('a', 'b')]").getMessage())
                .contains("'toLower'").contains("1 argument(s) but was given 2");
        assertThat(error("[toLower(1)]").getMessage()).contains("must be of type 'String' but is of type 'Integer'");
    }

    @Test
    void functionNamesIgnoreCase() {
        assertThat(text("[CONCAT('a', ToUpper('b'))]")).isEqualTo("aB");
    }

    @Test
    void stringFunctions() {
        assertThat(text("[concat('a', 1, true, 'b')]")).isEqualTo("a1Trueb");
        assertThat(json("[concat(createArray(1, 2), createArray(3))]")).isEqualTo("[1,2,3]");
        assertThat(text("[format('{0}-{1}', 'a', 2)]")).isEqualTo("a-2");
        assertThat(text("[format('{0:D3}|{1:N0}|{2:X}|{{x}}|{0,4}', 7, 1234567, 255)]"))
                .isEqualTo("007|1,234,567|FF|{x}|   7");
        assertThat(error("[format('{3}', 'a')]").getMessage()).contains("has no argument");
        assertThat(text("[toLower('MiXeD')]")).isEqualTo("mixed");
        assertThat(text("[toUpper('MiXeD')]")).isEqualTo("MIXED");
        assertThat(text("[string(5)]")).isEqualTo("5");
        assertThat(text("[string(true)]")).isEqualTo("True");
        assertThat(text("[string(createObject('a', 1))]")).isEqualTo("{\"a\":1}");
        assertThat(text("[trim('  x  ')]")).isEqualTo("x");
        assertThat(eval("[startsWith('Microsoft.Network', 'microsoft')]").booleanValue()).isTrue();
        assertThat(eval("[endsWith('vnet/s1', '/S1')]").booleanValue()).isTrue();
        assertThat(json("[split('a,b;c', createArray(',', ';'))]")).isEqualTo("[\"a\",\"b\",\"c\"]");
        assertThat(json("[split('a--b', '-')]")).isEqualTo("[\"a\",\"\",\"b\"]");
        assertThat(text("[replace('a-b-c', '-', '+')]")).isEqualTo("a+b+c");
        assertThat(text("[substring('abcdef', 2)]")).isEqualTo("cdef");
        assertThat(text("[substring('abcdef', 1, 3)]")).isEqualTo("bcd");
        assertThat(error("[substring('abc', 2, 5)]").getMessage()).contains("within the string");
    }

    @Test
    void uniqueStringAndGuidMatchAzure() {
        // Values Azure returns for these inputs (13 characters of base32 over ARM's MurmurHash64 variant).
        assertThat(text("[uniqueString('test')]")).isEqualTo("rbgf3xv4ufgzg");
        assertThat(text("[uniqueString('hello', 'world')]")).isEqualTo("a7wkljktk6wne");
        assertThat(text("[uniqueString('abc')]")).isEqualTo("cgtzqvhu4i23s");
        assertThat(text("[uniqueString('foo', 'bar', 'baz')]")).isEqualTo("xzi4ioaxtmth4");
        assertThat(Hashes.uniqueString("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg"))
                .isEqualTo("bmg7c6xu4tw46");
        // guid(): a version 5 UUID of the arguments joined by '-' in ARM's namespace.
        assertThat(text("[guid('a', 'b')]")).isEqualTo("2d796349-8c7e-55ec-9624-54ece82ed031");
        assertThat(text("[guid(resourceGroup().id)]")).isEqualTo(Hashes.guid("/subscriptions/" + SUB
                + "/resourceGroups/rg1"));
        assertThat(error("[uniqueString()]").getMessage()).contains("at least 1");
    }

    @Test
    void collectionFunctions() {
        assertThat(eval("[length('abc')]").asLong()).isEqualTo(3);
        assertThat(eval("[length(createArray(1, 2))]").asLong()).isEqualTo(2);
        assertThat(eval("[length(variables('settings'))]").asLong()).isEqualTo(3);
        assertThat(eval("[empty('')]").booleanValue()).isTrue();
        assertThat(eval("[empty(createArray())]").booleanValue()).isTrue();
        assertThat(eval("[empty(createObject())]").booleanValue()).isTrue();
        assertThat(eval("[empty(null())]").booleanValue()).isTrue();
        assertThat(eval("[empty('x')]").booleanValue()).isFalse();
        assertThat(eval("[contains('OneTwo', 'Two')]").booleanValue()).isTrue();
        assertThat(eval("[contains('OneTwo', 'two')]").booleanValue()).isFalse();
        assertThat(eval("[contains(createArray(1, 2), 2)]").booleanValue()).isTrue();
        assertThat(eval("[contains(variables('settings'), 'SIZE')]").booleanValue()).isTrue();
        assertThat(json("[union(createArray(1, 2), createArray(2, 3))]")).isEqualTo("[1,2,3]");
        assertThat(json("[union(variables('settings'), json('{\"size\":\"big\",\"nested\":{\"y\":2}}'))]"))
                .isEqualTo("{\"size\":\"big\",\"ports\":[80,443],\"nested\":{\"x\":1,\"y\":2}}");
        assertThat(json("[createArray('a', 1, true)]")).isEqualTo("[\"a\",1,true]");
        assertThat(json("[createObject('a', 1, 'b', createArray())]")).isEqualTo("{\"a\":1,\"b\":[]}");
        assertThat(error("[createObject('a')]").getMessage()).contains("odd number");
        assertThat(text("[first('abc')]")).isEqualTo("a");
        assertThat(eval("[first(createArray(5, 6))]").asLong()).isEqualTo(5);
        assertThat(text("[last('abc')]")).isEqualTo("c");
        assertThat(eval("[last(createArray(5, 6))]").asLong()).isEqualTo(6);
        assertThat(json("[json('{\"a\":[1,null]}')]")).isEqualTo("{\"a\":[1,null]}");
        assertThat(error("[json('{bad')]").getMessage()).contains("not valid JSON");
    }

    @Test
    void logicFunctions() {
        assertThat(eval("[equals(1, 1)]").booleanValue()).isTrue();
        assertThat(eval("[equals(parameters('count'), 3)]").booleanValue()).isTrue();
        assertThat(eval("[equals('a', 'A')]").booleanValue()).isFalse();
        assertThat(eval("[equals(createArray(1), createArray(1))]").booleanValue()).isTrue();
        assertThat(eval("[and(true, true, false)]").booleanValue()).isFalse();
        assertThat(eval("[and(true(), true)]").booleanValue()).isTrue();
        assertThat(eval("[or(false, false, true)]").booleanValue()).isTrue();
        assertThat(eval("[or(false(), false)]").booleanValue()).isFalse();
        assertThat(eval("[not(false)]").booleanValue()).isTrue();
        assertThat(eval("[bool('TRUE')]").booleanValue()).isTrue();
        assertThat(eval("[bool(0)]").booleanValue()).isFalse();
        assertThat(error("[bool('yes')]").getMessage()).contains("neither 'true' nor 'false'");
        assertThat(eval("[null()]").isNull()).isTrue();
        assertThat(text("[coalesce(null(), null(), 'x', 'y')]")).isEqualTo("x");
        assertThat(eval("[greater(2, 1)]").booleanValue()).isTrue();
        assertThat(eval("[greater('a', 'b')]").booleanValue()).isFalse();
        assertThat(eval("[greaterOrEquals(2, 2)]").booleanValue()).isTrue();
        assertThat(eval("[less(1, 2)]").booleanValue()).isTrue();
        assertThat(eval("[lessOrEquals(3, 2)]").booleanValue()).isFalse();
        assertThat(error("[greater(createArray(), 1)]").getMessage()).contains("Integer or String");
    }

    @Test
    void ifEvaluatesOnlyTheChosenBranch() {
        assertThat(text("[if(equals(1, 1), 'yes', noSuchFunction())]")).isEqualTo("yes");
        assertThat(text("[if(false, parameters('absent'), 'no')]")).isEqualTo("no");
        assertThat(error("[if('x', 1, 2)]").getMessage()).contains("must be of type 'Boolean'");
    }

    @Test
    void numericFunctions() {
        assertThat(eval("[int('42')]").asLong()).isEqualTo(42);
        assertThat(eval("[int(7)]").asLong()).isEqualTo(7);
        assertThat(error("[int('4x')]").getMessage()).contains("not an integer");
        assertThat(eval("[add(2, 3)]").asLong()).isEqualTo(5);
        assertThat(eval("[sub(2, 3)]").asLong()).isEqualTo(-1);
        assertThat(eval("[mul(4, 3)]").asLong()).isEqualTo(12);
        assertThat(eval("[div(7, 2)]").asLong()).isEqualTo(3);
        assertThat(eval("[mod(7, 2)]").asLong()).isEqualTo(1);
        assertThat(error("[div(1, 0)]").getMessage()).contains("divisor is zero");
        assertThat(error("[mul(9223372036854775807, 2)]").getMessage()).contains("overflows");
    }

    @Test
    void deploymentFunctions() {
        assertThat(text("[parameters('name')]")).isEqualTo("web");
        assertThat(error("[parameters('absent')]").getMessage()).contains("'absent' is not found");
        assertThat(json("[variables('settings').ports]")).isEqualTo("[80,443]");
        assertThat(text("[externalInputs('fooValue')]")).isEqualTo("baz");
        assertThat(text("[resourceGroup().name]")).isEqualTo("rg1");
        assertThat(text("[resourceGroup().id]")).isEqualTo("/subscriptions/" + SUB + "/resourceGroups/rg1");
        assertThat(text("[subscription().subscriptionId]")).isEqualTo(SUB);
        assertThat(text("[subscription().id]")).isEqualTo("/subscriptions/" + SUB);
    }

    @Test
    void resourceIdForms() {
        String rg1 = "/subscriptions/" + SUB + "/resourceGroups/rg1/providers/";
        assertThat(text("[resourceId('Microsoft.Network/virtualNetworks', 'vnet')]"))
                .isEqualTo(rg1 + "Microsoft.Network/virtualNetworks/vnet");
        assertThat(text("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 's1')]"))
                .isEqualTo(rg1 + "Microsoft.Network/virtualNetworks/vnet/subnets/s1");
        assertThat(text("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet/s1')]"))
                .isEqualTo(rg1 + "Microsoft.Network/virtualNetworks/vnet/subnets/s1");
        assertThat(text("[resourceId('other', 'Microsoft.Network/virtualNetworks', 'vnet')]"))
                .isEqualTo("/subscriptions/" + SUB + "/resourceGroups/other/providers/Microsoft.Network"
                        + "/virtualNetworks/vnet");
        assertThat(text("[resourceId('s2', 'other', 'Microsoft.Network/loadBalancers/backendAddressPools', 'lb',"
                + " 'pool')]")).isEqualTo("/subscriptions/s2/resourceGroups/other/providers/Microsoft.Network"
                + "/loadBalancers/lb/backendAddressPools/pool");
        assertThat(error("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet')]").getMessage())
                .contains("needs 2 resource name segment(s) but was given 1");
        assertThat(error("[resourceId('a', 'b', 'c', 'd')]").getMessage()).contains("Namespace/type");
    }

    @Test
    void referenceAsksTheScope() {
        assertThat(json("[reference('vnet').addressSpace.addressPrefixes]")).isEqualTo("[\"10.0.0.0/16\"]");
        assertThat(text("[reference('vnet', '2022-07-01', 'Full').asked]")).isEqualTo("vnet|2022-07-01");
        assertThat(error("[reference('vnet', '2022-07-01', 'Partial')]").getMessage()).contains("'Full'");
    }

    @Test
    void copyIndexInsideLoops() {
        Evaluator outer = new Evaluator(scope).inLoop("nics", 2);
        assertThat(outer.evaluateString("[copyIndex()]").asLong()).isEqualTo(2);
        assertThat(outer.evaluateString("[copyIndex(10)]").asLong()).isEqualTo(12);
        Evaluator inner = outer.inLoop("ips", 1);
        assertThat(inner.evaluateString("[copyIndex()]").asLong()).isEqualTo(1);
        assertThat(inner.evaluateString("[copyIndex('NICS', 1)]").asLong()).isEqualTo(3);
        assertThat(error("[copyIndex()]").getMessage()).contains("inside a copy loop");
        assertThatThrownBy(() -> inner.evaluateString("[copyIndex('other')]")).isInstanceOf(ArmException.class)
                .hasMessageContaining("'other'");
    }

    @Test
    void propertyCopyLoopsExpandInsideObjects() {
        JsonNode body = Json.read("{\"properties\":{\"copy\":[{\"name\":\"subnets\",\"count\":\"[parameters('count')]\","
                + "\"input\":{\"name\":\"[concat('s', copyIndex('subnets'))]\"}}],\"other\":\"[parameters('name')]\"}}");
        JsonNode out = new Evaluator(scope).evaluate(body);
        assertThat(Json.write(out)).isEqualTo("{\"properties\":{\"subnets\":[{\"name\":\"s0\"},{\"name\":\"s1\"},"
                + "{\"name\":\"s2\"}],\"other\":\"web\"}}");
    }

    @Test
    void utcNowOnlyWhereTheScopeAllowsIt() {
        assertThat(error("[utcNow()]").getMessage()).contains("not expected at this location");
        scope.utcNowAllowed = true;
        assertThat(text("[utcNow()]")).isEqualTo("20240305T070809Z");
        assertThat(text("[utcNow('u')]")).isEqualTo("2024-03-05 07:08:09Z");
        assertThat(text("[utcNow('d')]")).isEqualTo("3/5/2024");
        assertThat(text("[utcNow('yyyy-MM-dd')]")).isEqualTo("2024-03-05");
    }
}
