package io.fulcrum.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import io.fulcrum.testkit.FulcrumExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Template deployments against the real server, in the shapes az and the SDKs send (clients.md 7). */
class DeploymentTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    /** What az sends (clients.md 6): deployments at 2021-04-01, lowercase "resourcegroups". */
    private static final String V = "?api-version=2021-04-01";
    private static final String NV = "?api-version=2022-07-01";
    private static final String SCHEMA = "https://schema.management.azure.com/schemas/2015-01-01/"
            + "deploymentTemplate.json#";

    private static ArmClient arm() {
        return fulcrum.arm();
    }

    private static String group(String rg) {
        return "/subscriptions/" + fulcrum.subscriptionId() + "/resourcegroups/" + rg;
    }

    private static String deployment(String rg, String name) {
        return group(rg) + "/providers/Microsoft.Resources/deployments/" + name;
    }

    private static String network(String rg, String typeAndName) {
        return "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/" + rg + "/providers/Microsoft.Network/"
                + typeAndName;
    }

    private static void createGroup(String rg) {
        Reply r = arm().put(group(rg) + V, "{\"location\":\"eastus\"}");
        assertThat(r.status()).as(r.text()).isIn(200, 201);
    }

    @BeforeAll
    static void groups() {
        for (String rg : List.of("rg", "jsonc", "params", "order", "broken", "history", "nested", "article")) {
            createGroup(rg);
        }
    }

    /** Polls the Azure-AsyncOperation URL the way az does and returns the status body. */
    private static JsonNode poll(Reply put) {
        String url = put.header("Azure-AsyncOperation").orElseThrow();
        assertThat(put.header("Retry-After")).contains("1");
        Reply status = arm().get(url);
        assertThat(status.status()).as(status.text()).isEqualTo(200);
        return status.json();
    }

    @Test
    void azNetworkLbCreateStyleDeploymentCreatesResourcesAndRendersOutputs() {
        // The body `az network lb create` PUTs when no vnet exists (clients.md 7.1), with an application security
        // group in place of the load balancer and the vnet read back through reference() in the outputs.
        String body = "{\"properties\": {\"template\": {\"$schema\": \"" + SCHEMA + "\", \"contentVersion\": \"1.0.0.0\","
                + " \"parameters\": {}, \"variables\": {}, \"resources\": ["
                + "{\"type\": \"Microsoft.Network/virtualNetworks\", \"name\": \"vnet2\", \"location\": \"eastus\","
                + " \"apiVersion\": \"2015-06-15\", \"dependsOn\": [], \"tags\": {}, \"properties\": {\"addressSpace\":"
                + " {\"addressPrefixes\": [\"10.0.0.0/16\"]}, \"subnets\": [{\"name\": \"subnet1\", \"properties\":"
                + " {\"addressPrefix\": \"10.0.0.0/24\"}}]}},"
                + "{\"type\": \"Microsoft.Network/applicationSecurityGroups\", \"name\": \"asg1\", \"location\":"
                + " \"eastus\", \"tags\": {}, \"apiVersion\": \"2022-07-01\", \"dependsOn\":"
                + " [\"Microsoft.Network/virtualNetworks/vnet2\"], \"properties\": {}}],"
                + " \"outputs\": {\"virtualNetwork\": {\"type\": \"object\", \"value\": \"[reference('vnet2')]\"}}},"
                + " \"parameters\": {}, \"mode\": \"incremental\"}}";
        Reply put = arm().put(deployment("rg", "lb_deploy_abc") + V, body);
        assertThat(put.status()).as(put.text()).isEqualTo(201);
        assertThat(put.json().path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(poll(put).path("status").asText()).isEqualTo("Succeeded");

        Reply got = arm().get(deployment("rg", "lb_deploy_abc") + V);
        assertThat(got.status()).isEqualTo(200);
        JsonNode d = got.json();
        assertThat(d.path("id").asText()).isEqualTo("/subscriptions/" + fulcrum.subscriptionId()
                + "/resourceGroups/rg/providers/Microsoft.Resources/deployments/lb_deploy_abc");
        assertThat(d.path("type").asText()).isEqualTo("Microsoft.Resources/deployments");
        JsonNode p = d.path("properties");
        assertThat(p.path("mode").asText()).isEqualTo("Incremental");
        assertThat(p.path("templateHash").asText()).matches("\\d+");
        assertThat(p.path("correlationId").asText()).isNotBlank();
        assertThat(p.path("duration").asText()).startsWith("PT");
        JsonNode output = p.path("outputs").path("virtualNetwork");
        assertThat(output.path("type").asText()).isEqualTo("Object");
        JsonNode vnet = output.path("value");
        assertThat(vnet.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(vnet.path("addressSpace").path("addressPrefixes").get(0).asText()).isEqualTo("10.0.0.0/16");
        assertThat(vnet.path("subnets").get(0).path("id").asText()).isEqualTo(network("rg", "virtualNetworks/vnet2"
                + "/subnets/subnet1"));
        assertThat(ids(p.path("outputResources"))).containsExactly(network("rg", "virtualNetworks/vnet2"),
                network("rg", "applicationSecurityGroups/asg1"));
        JsonNode dependency = p.path("dependencies").get(0);
        assertThat(dependency.path("resourceName").asText()).isEqualTo("asg1");
        assertThat(dependency.path("dependsOn").get(0).path("id").asText())
                .isEqualTo(network("rg", "virtualNetworks/vnet2"));
        assertThat(p.path("providers").get(0).path("namespace").asText()).isEqualTo("Microsoft.Network");

        assertThat(arm().get(network("rg", "virtualNetworks/vnet2/subnets/subnet1") + NV).status()).isEqualTo(200);
        assertThat(arm().get(network("rg", "applicationSecurityGroups/asg1") + NV).status()).isEqualTo(200);
        Reply generic = arm().get(group("rg") + "/resources" + V);
        assertThat(names(generic.json().path("value"))).contains("vnet2", "asg1").doesNotContain("lb_deploy_abc");

        Reply again = arm().put(deployment("rg", "lb_deploy_abc") + V, body);
        assertThat(again.status()).as(again.text()).isEqualTo(200);
    }

    @Test
    void azTemplateFileJsoncBodyIsAcceptedByValidateAndPut() {
        // az splices the file in verbatim under an unquoted key (clients.md 7.2): comments, a trailing comma and a
        // raw newline inside a multi-line expression all reach the server.
        String body = "{\"properties\": {\"parameters\": {\"prefix\": {\"value\": \"app\"}}, \"mode\": \"Incremental\","
                + " template:{\n"
                + "  // the template file, as written by hand\n"
                + "  \"$schema\": \"" + SCHEMA + "\",\n"
                + "  \"contentVersion\": \"1.0.0.0\",\n"
                + "  /* parameters with defaults */\n"
                + "  \"parameters\": {\n"
                + "    \"prefix\": {\"type\": \"string\"},\n"
                + "    \"location\": {\"type\": \"string\", \"defaultValue\": \"[resourceGroup().location]\"},\n"
                + "  },\n"
                + "  \"resources\": [\n"
                + "    {\"type\": \"Microsoft.Network/applicationSecurityGroups\", \"apiVersion\": \"2022-07-01\",\n"
                + "     \"name\": \"[concat(parameters('prefix'),\n          '-asg')]\",\n"
                + "     \"location\": \"[parameters('location')]\"},\n"
                + "  ],\n"
                + "  \"outputs\": {\"asgId\": {\"type\": \"string\", \"value\": \"[resourceId('Microsoft.Network/"
                + "applicationSecurityGroups', concat(parameters('prefix'), '-asg'))]\"}},\n"
                + "}}}";
        Reply validated = arm().post(deployment("jsonc", "t") + "/validate" + V, body);
        assertThat(validated.status()).as(validated.text()).isEqualTo(200);
        assertThat(validated.json().has("error")).isFalse();
        assertThat(validated.json().path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(ids(validated.json().path("properties").path("validatedResources")))
                .containsExactly(network("jsonc", "applicationSecurityGroups/app-asg"));
        assertThat(arm().get(network("jsonc", "applicationSecurityGroups/app-asg") + NV).status()).isEqualTo(404);

        Reply put = arm().put(deployment("jsonc", "t") + V, body);
        assertThat(put.status()).as(put.text()).isEqualTo(201);
        JsonNode p = put.json().path("properties");
        assertThat(p.path("outputs").path("asgId").path("type").asText()).isEqualTo("String");
        assertThat(p.path("outputs").path("asgId").path("value").asText())
                .isEqualTo(network("jsonc", "applicationSecurityGroups/app-asg"));
        assertThat(p.path("parameters").path("location").path("value").asText()).isEqualTo("eastus");
        assertThat(p.path("parameters").path("prefix").path("type").asText()).isEqualTo("String");
        assertThat(arm().get(network("jsonc", "applicationSecurityGroups/app-asg") + NV).status()).isEqualTo(200);
    }

    private static String template(String parameters, String resources, String outputs) {
        return "{\"$schema\":\"" + SCHEMA + "\",\"contentVersion\":\"1.0.0.0\",\"parameters\":{" + parameters
                + "},\"resources\":[" + resources + "],\"outputs\":{" + outputs + "}}";
    }

    private static String deploymentBody(String template, String parameters) {
        return "{\"properties\":{\"mode\":\"Incremental\",\"template\":" + template + ",\"parameters\":{"
                + parameters + "}}}";
    }

    private static String asg(String name, String dependsOn) {
        return "{\"type\":\"Microsoft.Network/applicationSecurityGroups\",\"apiVersion\":\"2022-07-01\",\"name\":\""
                + name + "\",\"location\":\"eastus\",\"dependsOn\":[" + dependsOn + "]}";
    }

    @Test
    void parametersTakeDefaultsAndAreChecked() {
        String params = "\"size\":{\"type\":\"int\",\"defaultValue\":2,\"minValue\":1,\"maxValue\":3},"
                + "\"tier\":{\"type\":\"String\",\"allowedValues\":[\"basic\",\"standard\"],\"defaultValue\":\"basic\"},"
                + "\"secret\":{\"type\":\"securestring\",\"defaultValue\":\"[concat('s', 'ecret')]\"}";
        String t = template(params, asg("[concat('asg-', parameters('tier'), '-', copyIndex())]", "")
                .replace("\"dependsOn\":[]", "\"copy\":{\"name\":\"asgs\",\"count\":\"[parameters('size')]\"}"),
                "\"n\":{\"type\":\"int\",\"value\":\"[parameters('size')]\"}");
        Reply ok = arm().put(deployment("params", "defaults") + V, deploymentBody(t, ""));
        assertThat(ok.status()).as(ok.text()).isEqualTo(201);
        JsonNode p = ok.json().path("properties");
        assertThat(p.path("parameters").path("size").path("value").asInt()).isEqualTo(2);
        assertThat(p.path("parameters").path("secret").has("value")).isFalse();
        assertThat(p.path("parameters").path("secret").path("type").asText()).isEqualTo("SecureString");
        assertThat(p.path("outputs").path("n").path("value").asInt()).isEqualTo(2);
        assertThat(ids(p.path("outputResources"))).containsExactly(network("params",
                "applicationSecurityGroups/asg-basic-0"), network("params", "applicationSecurityGroups/asg-basic-1"));

        Reply notAllowed = arm().put(deployment("params", "bad") + V, deploymentBody(t, "\"tier\":{\"value\":\"gold\"}"));
        assertThat(notAllowed.status()).isEqualTo(400);
        assertThat(notAllowed.errorCode()).isEqualTo("InvalidTemplate");
        assertThat(notAllowed.json().path("error").path("message").asText())
                .contains("not part of the allowed value(s): 'basic,standard'");
        Reply tooBig = arm().put(deployment("params", "bad") + V, deploymentBody(t, "\"size\":{\"value\":9}"));
        assertThat(tooBig.json().path("error").path("message").asText()).contains("at most 3");
        Reply wrongType = arm().put(deployment("params", "bad") + V, deploymentBody(t, "\"size\":{\"value\":\"2\"}"));
        assertThat(wrongType.json().path("error").path("message").asText()).contains("type 'Int'");
        Reply unknown = arm().put(deployment("params", "bad") + V, deploymentBody(t, "\"colour\":{\"value\":1}"));
        assertThat(unknown.json().path("error").path("message").asText())
                .contains("'colour'").contains("not present in the original template");
        Reply keyVault = arm().put(deployment("params", "bad") + V, deploymentBody(t,
                "\"secret\":{\"reference\":{\"keyVault\":{\"id\":\"/x\"},\"secretName\":\"s\"}}"));
        assertThat(keyVault.json().path("error").path("message").asText()).contains("Key Vault");
        Reply missing = arm().put(deployment("params", "bad") + V, deploymentBody(template(
                "\"required\":{\"type\":\"string\"}", "", ""), ""));
        assertThat(missing.json().path("error").path("message").asText())
                .contains("The value for the template parameter 'required' is not provided");
        assertThat(arm().get(deployment("params", "bad") + V).errorCode()).isEqualTo("DeploymentNotFound");
    }

    @Test
    void dependsOnOrdersTheDeploymentAndACycleIsRefused() {
        // The subnet is declared first but depends on its vnet; the ASG loop depends on the subnet by name.
        String subnet = "{\"type\":\"Microsoft.Network/virtualNetworks/subnets\",\"apiVersion\":\"2022-07-01\","
                + "\"name\":\"vnetA/s1\",\"dependsOn\":[\"[resourceId('Microsoft.Network/virtualNetworks', 'vnetA')]\"],"
                + "\"properties\":{\"addressPrefix\":\"10.5.1.0/24\"}}";
        String vnet = "{\"type\":\"Microsoft.Network/virtualNetworks\",\"apiVersion\":\"2022-07-01\",\"name\":\"vnetA\","
                + "\"location\":\"eastus\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"10.5.0.0/16\"]}}}";
        String asgs = asg("[concat('member', copyIndex(1))]", "\"vnetA/s1\"")
                .replace("\"dependsOn\"", "\"copy\":{\"name\":\"members\",\"count\":2},\"dependsOn\"");
        String last = asg("after-members", "\"members\"");
        Reply put = arm().put(deployment("order", "ordered") + V, deploymentBody(template("",
                subnet + "," + vnet + "," + asgs + "," + last, ""), ""));
        assertThat(put.status()).as(put.text()).isEqualTo(201);
        assertThat(put.json().path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");

        Reply ops = arm().get(group("order") + "/deployments/ordered/operations" + V);
        assertThat(ops.status()).as(ops.text()).isEqualTo(200);
        List<String> order = new ArrayList<>();
        for (JsonNode op : ops.json().path("value")) {
            order.add(op.path("properties").path("targetResource").path("resourceName").asText());
            assertThat(op.path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
            assertThat(op.path("properties").path("statusCode").asText()).isEqualTo("Created");
        }
        assertThat(order).containsExactly("vnetA", "vnetA/s1", "member1", "member2", "after-members");
        String opId = ops.json().path("value").get(0).path("operationId").asText();
        Reply one = arm().get(group("order") + "/deployments/ordered/operations/" + opId + V);
        assertThat(one.json().path("properties").path("targetResource").path("id").asText())
                .isEqualTo(network("order", "virtualNetworks/vnetA"));

        Reply cycle = arm().put(deployment("order", "cycle") + V, deploymentBody(template("",
                asg("a", "\"b\"") + "," + asg("b", "\"Microsoft.Network/applicationSecurityGroups/a\""), ""), ""));
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.errorCode()).isEqualTo("InvalidTemplate");
        assertThat(cycle.json().path("error").path("message").asText()).contains("Circular dependency detected");
        assertThat(arm().get(network("order", "applicationSecurityGroups/a") + NV).status()).isEqualTo(404);
        assertThat(arm().get(deployment("order", "cycle") + V).status()).isEqualTo(404);

        Reply dangling = arm().put(deployment("order", "dangling") + V, deploymentBody(template("",
                asg("c", "\"nowhere\""), ""), ""));
        assertThat(dangling.json().path("error").path("message").asText()).contains("'nowhere'")
                .contains("not defined in the template");
    }

    @Test
    void aFailingResourceLeavesNothingAndTheDeploymentFailed() {
        String vnet = "{\"type\":\"Microsoft.Network/virtualNetworks\",\"apiVersion\":\"2022-07-01\",\"name\":\"vnetB\","
                + "\"location\":\"eastus\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"10.1.0.0/16\"]}}}";
        String outside = "{\"type\":\"Microsoft.Network/virtualNetworks/subnets\",\"apiVersion\":\"2022-07-01\","
                + "\"name\":\"vnetB/outside\",\"dependsOn\":[\"vnetB\", \"keep-out\"],"
                + "\"properties\":{\"addressPrefix\":\"10.9.0.0/24\"}}";
        Reply put = arm().put(deployment("broken", "fails") + V, deploymentBody(template("",
                vnet + "," + asg("keep-out", "") + "," + outside, ""), ""));
        assertThat(put.status()).as(put.text()).isEqualTo(201);
        assertThat(put.json().path("properties").path("provisioningState").asText()).isEqualTo("Failed");
        JsonNode status = poll(put);
        assertThat(status.path("status").asText()).isEqualTo("Failed");
        assertThat(status.path("error").path("code").asText()).isEqualTo("DeploymentFailed");
        assertThat(status.path("error").path("details").get(0).path("code").asText())
                .isEqualTo("NetcfgSubnetRangeOutsideVnet");

        assertThat(arm().get(network("broken", "virtualNetworks/vnetB") + NV).status()).isEqualTo(404);
        assertThat(arm().get(network("broken", "applicationSecurityGroups/keep-out") + NV).status()).isEqualTo(404);
        JsonNode d = arm().get(deployment("broken", "fails") + V).json().path("properties");
        assertThat(d.path("provisioningState").asText()).isEqualTo("Failed");
        assertThat(d.path("error").path("details").get(0).path("code").asText())
                .isEqualTo("NetcfgSubnetRangeOutsideVnet");
        JsonNode op = arm().get(group("broken") + "/deployments/fails/operations" + V).json().path("value").get(0);
        assertThat(op.path("properties").path("provisioningState").asText()).isEqualTo("Failed");
        assertThat(op.path("properties").path("statusMessage").path("error").path("code").asText())
                .isEqualTo("NetcfgSubnetRangeOutsideVnet");
        assertThat(op.path("properties").path("targetResource").path("resourceName").asText())
                .isEqualTo("vnetB/outside");

        // reference() can only be checked while deploying: reading a resource that does not exist fails the
        // deployment there, and the resources written before it are rolled back as well.
        String ghost = asg("reads-ghost", "\"keep-out\"").replace("\"location\":\"eastus\"",
                "\"location\":\"eastus\",\"tags\":{\"v\":\"[string(reference(resourceId("
                + "'Microsoft.Network/virtualNetworks', 'ghost')).addressSpace)]\"}");
        Reply late = arm().put(deployment("broken", "late") + V, deploymentBody(template("",
                asg("keep-out", "") + "," + ghost, ""), ""));
        assertThat(late.status()).as(late.text()).isEqualTo(201);
        assertThat(late.json().path("properties").path("error").path("details").get(0).path("code").asText())
                .isEqualTo("ResourceNotFound");
        assertThat(arm().get(network("broken", "applicationSecurityGroups/keep-out") + NV).status()).isEqualTo(404);

        String foreign = asg("reads-foreign", "").replace("\"location\":\"eastus\"", "\"location\":\"eastus\","
                + "\"tags\":{\"v\":\"[string(reference('/subscriptions/00000000-0000-0000-0000-00000000000f/"
                + "resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v'))]\"}");
        Reply other = arm().put(deployment("broken", "foreign") + V, deploymentBody(template("", foreign, ""), ""));
        assertThat(other.json().path("properties").path("error").path("details").get(0).path("code").asText())
                .isEqualTo("AuthorizationFailed");
    }

    @Test
    void invalidTemplatesAreRefusedBeforeAnythingRuns() {
        Reply unknownType = arm().put(deployment("broken", "x") + V, deploymentBody(template("",
                "{\"type\":\"Microsoft.Network/frontDoors\",\"apiVersion\":\"2022-07-01\",\"name\":\"f\"},"
                        + "{\"type\":\"Microsoft.Network/virtualNetworks\",\"apiVersion\":\"1999-01-01\",\"name\":\"v\"}",
                ""), ""));
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.errorCode()).isEqualTo("InvalidTemplateDeployment");
        JsonNode details = unknownType.json().path("error").path("details");
        assertThat(details.get(0).path("code").asText()).isEqualTo("InvalidResourceType");
        assertThat(details.get(1).path("code").asText()).isEqualTo("NoRegisteredProviderFound");

        Reply badExpression = arm().put(deployment("broken", "x") + V, deploymentBody(template("",
                asg("y", "").replace("\"location\":\"eastus\"", "\"location\":\"[toLower(nope())]\""), ""), ""));
        assertThat(badExpression.errorCode()).isEqualTo("InvalidTemplate");
        assertThat(badExpression.json().path("error").path("message").asText())
                .contains("Deployment template validation failed").contains("template resource 'y'")
                .contains("'nope' is not found");

        Reply link = arm().put(deployment("broken", "x") + V, "{\"properties\":{\"mode\":\"Incremental\","
                + "\"templateLink\":{\"uri\":\"https://example.com/t.json\"}}}");
        assertThat(link.errorCode()).isEqualTo("InvalidContentLink");
        Reply complete = arm().put(deployment("broken", "x") + V, "{\"properties\":{\"mode\":\"Complete\","
                + "\"template\":" + template("", "", "") + "}}");
        assertThat(complete.errorCode()).isEqualTo("InvalidRequestContent");
        assertThat(complete.json().path("error").path("message").asText()).contains("'Complete' is not supported");
        Reply nested = arm().put(deployment("broken", "x") + V, deploymentBody(template("",
                "{\"type\":\"Microsoft.Resources/deployments\",\"apiVersion\":\"2021-04-01\",\"name\":\"inner\"}", ""),
                ""));
        assertThat(nested.json().path("error").path("details").get(0).path("message").asText())
                .contains("cannot be deployed by a template");
        Reply longName = arm().put(deployment("broken", "n".repeat(65)) + V, deploymentBody(template("", "", ""), ""));
        assertThat(longName.errorCode()).isEqualTo("DeploymentNameLengthLimitExceeded");
        assertThat(arm().get(deployment("broken", "x") + V).errorCode()).isEqualTo("DeploymentNotFound");
        assertThat(arm().put(deployment("absent-group", "x") + V, deploymentBody(template("", "", ""), ""))
                .errorCode()).isEqualTo("ResourceGroupNotFound");
    }

    @Test
    void listGetHeadAndDelete() {
        for (String name : List.of("first", "second")) {
            Reply r = arm().put(deployment("history", name) + V, deploymentBody(template("", "",
                    "\"hello\":{\"type\":\"string\",\"value\":\"[concat('hi ', '" + name + "')]\"}"), ""));
            assertThat(r.status()).as(r.text()).isEqualTo(201);
        }
        Reply list = arm().get(group("history") + "/providers/Microsoft.Resources/deployments/" + V);
        assertThat(list.status()).as(list.text()).isEqualTo(200);
        assertThat(names(list.json().path("value"))).containsExactly("first", "second");
        assertThat(list.json().path("value").get(1).path("properties").path("outputs").path("hello").path("value")
                .asText()).isEqualTo("hi second");
        assertThat(arm().head(deployment("history", "first") + V).status()).isEqualTo(204);
        assertThat(arm().head(deployment("history", "none") + V).status()).isEqualTo(404);

        Reply deleted = arm().delete(deployment("history", "first") + V);
        assertThat(deleted.status()).isEqualTo(202);
        assertThat(arm().get(deleted.header("Azure-AsyncOperation").orElseThrow()).json().path("status").asText())
                .isEqualTo("Succeeded");
        assertThat(arm().get(deployment("history", "first") + V).status()).isEqualTo(404);
        assertThat(arm().delete(deployment("history", "first") + V).status()).isEqualTo(204);
        assertThat(arm().get(group("history") + "/deployments/second/operations/123" + V).errorCode())
                .isEqualTo("DeploymentOperationNotFound");
    }

    @Test
    void parameterExpressionsReadExternalInputs() {
        // shared/conformance/examples/resources/PutDeploymentWithExternalInputs.json
        String body = "{\"properties\":{\"template\":{\"$schema\":\"https://schema.management.azure.com/schemas/"
                + "2019-04-01/deploymentTemplate.json#\",\"contentVersion\":\"1.0.0.0\",\"parameters\":{\"inputObj\":"
                + "{\"type\":\"object\"}},\"resources\":[],\"outputs\":{\"inputObj\":{\"type\":\"object\",\"value\":"
                + "\"[parameters('inputObj')]\"}}},\"parameters\":{\"inputObj\":{\"expression\":"
                + "\"[createObject('foo', externalInputs('fooValue'))]\"}},\"externalInputDefinitions\":{\"fooValue\":"
                + "{\"kind\":\"sys.envVar\",\"config\":\"FOO_VALUE\"}},\"externalInputs\":{\"fooValue\":{\"value\":"
                + "\"baz\"}},\"mode\":\"Incremental\"}}";
        Reply put = arm().put(deployment("history", "my-deployment") + "?api-version=2025-04-01", body);
        assertThat(put.status()).as(put.text()).isEqualTo(201);
        JsonNode p = put.json().path("properties");
        assertThat(p.path("parameters").path("inputObj").toString()).isEqualTo("{\"type\":\"Object\",\"value\":"
                + "{\"foo\":\"baz\"}}");
        assertThat(p.path("outputs").path("inputObj").toString()).isEqualTo("{\"type\":\"Object\",\"value\":"
                + "{\"foo\":\"baz\"}}");
    }

    @Test
    void nestedResourcesLoopsConditionsAndVariables() {
        // Variables use each other; the vnet's subnets come from a property loop and a nested child resource; a
        // resource whose condition is false is skipped and a dependsOn naming it is dropped, as in ARM.
        String t = "{\"$schema\":\"" + SCHEMA + "\",\"contentVersion\":\"1.0.0.0\","
                + "\"variables\":{\"vnetName\":\"[concat(variables('prefix'), '-vnet')]\",\"prefix\":\"net\","
                + "\"copy\":[{\"name\":\"tagList\",\"count\":2,\"input\":\"[concat('t', copyIndex('tagList'))]\"}]},"
                + "\"resources\":[{\"type\":\"Microsoft.Network/virtualNetworks\",\"apiVersion\":\"2022-07-01\","
                + "\"name\":\"[variables('vnetName')]\",\"location\":\"[resourceGroup().location]\","
                + "\"tags\":{\"first\":\"[first(variables('tagList'))]\"},"
                + "\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"10.7.0.0/16\"]},"
                + "\"copy\":[{\"name\":\"subnets\",\"count\":2,\"input\":{\"name\":\"[concat('s', copyIndex('subnets'))]\","
                + "\"properties\":{\"addressPrefix\":\"[concat('10.7.', copyIndex('subnets'), '.0/24')]\"}}}]},"
                + "\"resources\":[{\"type\":\"subnets\",\"apiVersion\":\"2022-07-01\",\"name\":\"extra\","
                + "\"properties\":{\"addressPrefix\":\"10.7.9.0/24\"}}]},"
                + asg("skipped", "").replace("\"dependsOn\":[]", "\"condition\":\"[equals(1, 2)]\"") + ","
                + asg("kept", "\"skipped\", \"[resourceId('Microsoft.Network/virtualNetworks/subnets', variables('vnetName'),"
                + " 'extra')]\"") + "],"
                + "\"outputs\":{\"subnetCount\":{\"type\":\"int\",\"value\":"
                + "\"[length(reference(variables('vnetName')).subnets)]\"},"
                + "\"skippedOut\":{\"type\":\"string\",\"condition\":\"[false()]\",\"value\":\"x\"},"
                + "\"names\":{\"type\":\"array\",\"copy\":{\"count\":2,\"input\":\"[concat('n', copyIndex())]\"}}}}";
        Reply put = arm().put(deployment("nested", "tree") + V, deploymentBody(t, ""));
        assertThat(put.status()).as(put.text()).isEqualTo(201);
        JsonNode p = put.json().path("properties");
        assertThat(p.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(p.path("outputs").path("subnetCount").path("value").asInt()).isEqualTo(3);
        assertThat(p.path("outputs").has("skippedOut")).isFalse();
        assertThat(p.path("outputs").path("names").path("value").toString()).isEqualTo("[\"n0\",\"n1\"]");
        JsonNode vnet = arm().get(network("nested", "virtualNetworks/net-vnet") + NV).json();
        assertThat(names(vnet.path("properties").path("subnets"))).containsExactlyInAnyOrder("s0", "s1", "extra");
        assertThat(vnet.path("tags").path("first").asText()).isEqualTo("t0");
        assertThat(arm().get(network("nested", "applicationSecurityGroups/skipped") + NV).status()).isEqualTo(404);
        assertThat(arm().get(network("nested", "applicationSecurityGroups/kept") + NV).status()).isEqualTo(200);

        Reply cycle = arm().put(deployment("nested", "cycle") + V, deploymentBody("{\"variables\":{\"a\":"
                + "\"[variables('b')]\",\"b\":\"[concat(variables('a'), 'x')]\"},\"resources\":[],\"outputs\":"
                + "{\"o\":{\"type\":\"string\",\"value\":\"[variables('a')]\"}}}", ""));
        assertThat(cycle.errorCode()).isEqualTo("InvalidTemplate");
        assertThat(cycle.json().path("error").path("message").asText()).contains("circular reference: a -> b -> a");
    }

    @Test
    void backendPoolArticleTemplateDeploysUnchanged() throws IOException {
        // shared/reference/articles/backend-pool-management.md, "Resource Manager Template" of the IP-based pool
        // section, exactly as published; only parameter values are supplied, and the vnet it names is ours.
        // A copy of the article lives in the test resources so a clean clone (CI) has it.
        String article = Files.readString(Path.of(System.getProperty("user.dir"), "src", "test", "resources",
                "articles", "backend-pool-management.md"));
        int intro = article.indexOf("Create the load balancer, backend pool, and populate the backend pool");
        int open = article.indexOf("```", intro);
        String template = article.substring(article.indexOf('\n', open) + 1, article.indexOf("```", open + 3));
        Reply vnet = arm().put(network("article", "virtualNetworks/myVNET") + NV, "{\"location\":\"eastus\","
                + "\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/16\"]},\"subnets\":[{\"name\":"
                + "\"Subnet-1\",\"properties\":{\"addressPrefix\":\"10.0.0.0/24\"}}]}}");
        assertThat(vnet.status()).as(vnet.text()).isEqualTo(201);
        String parameters = "\"loadBalancers_myLB_location\":{\"value\":\"eastus\"},"
                + "\"loadBalancers_myLB_location_1\":{\"value\":\"eastus\"},"
                + "\"backendAddressPools_myBackendPool_location\":{\"value\":\"eastus\"},"
                + "\"backendAddressPools_myBackendPool_location_1\":{\"value\":\"eastus\"},"
                + "\"virtualNetworks_myVNET_externalid\":{\"value\":\"" + network("article", "virtualNetworks/myVNET")
                + "\"}";
        Reply put = arm().put(deployment("article", "pool") + V, deploymentBody(template, parameters));
        assertThat(put.status()).as(put.text()).isEqualTo(201);
        assertThat(put.json().path("properties").path("provisioningState").asText()).as(put.text())
                .isEqualTo("Succeeded");
        Reply pool = arm().get(network("article", "loadBalancers/myLB/backendAddressPools/myBackendPool") + NV);
        assertThat(pool.status()).as(pool.text()).isEqualTo(200);
        assertThat(pool.json().path("properties").path("loadBalancerBackendAddresses").size()).isEqualTo(2);
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.path("id").asText()));
        return out;
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.path("name").asText()));
        return out;
    }
}
