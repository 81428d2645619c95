package io.fulcrum.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.testkit.AzLocal;
import io.fulcrum.testkit.AzSession;
import io.fulcrum.testkit.ExternalCommand.Result;
import io.fulcrum.testkit.ExternalTool;
import io.fulcrum.testkit.FulcrumExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code az deployment group create --template-file} with the real az (Debian azure-cli 2.45, through
 * shared/tools/az-local): az validates, PUTs a JSONC body, polls the Azure-AsyncOperation URL, GETs the deployment
 * and prints it (clients.md 6, 7.2). az runs with a private config dir and can reach 127.0.0.1 only.
 */
class DeploymentAzTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    @TempDir
    static Path work;

    private static AzSession az;

    @BeforeAll
    static void signIn() throws IOException {
        ExternalTool.require(Files.isExecutable(AzLocal.path()), "shared/tools/az-local",
                "it ships with the workspace");
        az = AzSession.signIn(fulcrum, work);
        az.ok("group", "create", "-n", "azdeploy", "-l", "eastus", "-o", "none");
    }

    @Test
    void templateFileWithCommentsDeploysAndAzPrintsTheOutputs() throws IOException {
        // Comments and a multi-line expression: az sends the file's text verbatim (JSONC). A trailing comma is left
        // out here: az's own pre-check refuses one in a file that also has a multi-line string (DeploymentTest
        // sends that combination directly).
        Path file = work.resolve("web.json");
        Files.writeString(file, """
                {
                  // A hand-written template, as users keep them.
                  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                  "contentVersion": "1.0.0.0",
                  "parameters": {
                    "prefix": {"type": "string"},
                    "location": {"type": "string", "defaultValue": "[resourceGroup().location]"}
                  },
                  "variables": {"vnetName": "[concat(parameters('prefix'), '-vnet')]"},
                  "resources": [
                    {
                      "type": "Microsoft.Network/virtualNetworks",
                      "apiVersion": "2022-07-01",
                      "name": "[variables('vnetName')]",
                      "location": "[parameters('location')]",
                      "properties": {
                        "addressSpace": {"addressPrefixes": ["10.20.0.0/16"]},
                        "subnets": [{"name": "default", "properties": {"addressPrefix": "10.20.1.0/24"}}]
                      }
                    },
                    /* depends on the vnet by its id */
                    {
                      "type": "Microsoft.Network/applicationSecurityGroups",
                      "apiVersion": "2022-07-01",
                      "name": "[concat(parameters('prefix'),
                                       '-asg')]",
                      "location": "[parameters('location')]",
                      "dependsOn": ["[resourceId('Microsoft.Network/virtualNetworks', variables('vnetName'))]"]
                    }
                  ],
                  "outputs": {
                    "vnet": {"type": "object", "value": "[reference(variables('vnetName'))]"},
                    "name": {"type": "string", "value": "[variables('vnetName')]"}
                  }
                }
                """);
        JsonNode printed = az.json("deployment", "group", "create", "-g", "azdeploy", "--template-file",
                file.toString(), "--parameters", "prefix=web");
        assertThat(printed.path("name").asText()).isEqualTo("web");
        JsonNode p = printed.path("properties");
        assertThat(p.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(p.path("outputs").path("name").path("value").asText()).isEqualTo("web-vnet");
        assertThat(p.path("outputs").path("vnet").path("type").asText()).isEqualTo("Object");
        assertThat(p.path("outputs").path("vnet").path("value").path("subnets").get(0).path("name").asText())
                .isEqualTo("default");
        assertThat(p.path("parameters").path("location").path("value").asText()).isEqualTo("eastus");

        assertThat(names(az.json("resource", "list", "-g", "azdeploy"))).containsExactlyInAnyOrder("web-vnet",
                "web-asg");
        assertThat(az.json("deployment", "group", "show", "-g", "azdeploy", "-n", "web").path("properties")
                .path("outputs").path("name").path("value").asText()).isEqualTo("web-vnet");
        assertThat(names(az.json("deployment", "group", "list", "-g", "azdeploy"))).contains("web");
    }

    @Test
    void aFailedDeploymentIsReportedAndLeavesNothing() throws IOException {
        Path file = work.resolve("broken.json");
        Files.writeString(file, """
                {
                  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                  "contentVersion": "1.0.0.0",
                  "resources": [
                    {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2022-07-01", "name": "half",
                     "location": "eastus", "properties": {"addressSpace": {"addressPrefixes": ["10.30.0.0/16"]}}},
                    {"type": "Microsoft.Network/virtualNetworks/subnets", "apiVersion": "2022-07-01",
                     "name": "half/outside", "dependsOn": ["half"],
                     "properties": {"addressPrefix": "10.31.0.0/24"}}
                  ]
                }
                """);
        Result failed = az.run("deployment", "group", "create", "-g", "azdeploy", "--template-file", file.toString());
        assertThat(failed.exitCode()).as(failed.describe()).isNotZero();
        assertThat(failed.stderr()).as(failed.describe()).contains("DeploymentFailed", "NetcfgSubnetRangeOutsideVnet");
        assertThat(names(az.json("resource", "list", "-g", "azdeploy"))).doesNotContain("half");
        assertThat(az.json("deployment", "group", "show", "-g", "azdeploy", "-n", "broken").path("properties")
                .path("provisioningState").asText()).isEqualTo("Failed");

        Path invalid = work.resolve("invalid.json");
        Files.writeString(invalid, """
                {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                 "contentVersion": "1.0.0.0", "resources": [],
                 "outputs": {"x": {"type": "string", "value": "[nope()]"}}}
                """);
        Result refused = az.run("deployment", "group", "create", "-g", "azdeploy", "--template-file",
                invalid.toString());
        assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
        assertThat(refused.stderr()).as(refused.describe()).contains("InvalidTemplate", "'nope' is not found");
    }

    @Test
    void azNetworkLbCreateDeploysThroughATemplate() {
        // az builds a template (a vnet at api-version 2015-06-15, or a public IP, plus the load balancer), PUTs it
        // as deployment lb_deploy_<random>, polls, GETs it and prints outputs.loadBalancer.value (clients.md 7.1).
        Assumptions.assumeTrue(fulcrum.arm().get("/subscriptions/" + fulcrum.subscriptionId()
                        + "/providers/Microsoft.Network?api-version=2021-04-01").text().contains("\"loadBalancers\""),
                "the load balancer family is not part of this build");
        JsonNode withVnet = az.json("network", "lb", "create", "-g", "azdeploy", "-n", "lb1", "--sku", "Standard",
                "--vnet-name", "lbvnet", "--subnet", "s1", "--backend-pool-name", "pool1");
        JsonNode lb = withVnet.path("loadBalancer");
        assertThat(lb.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(lb.path("backendAddressPools").get(0).path("name").asText()).isEqualTo("pool1");
        assertThat(lb.path("frontendIPConfigurations").get(0).path("properties").path("subnet").path("id").asText())
                .endsWith("/virtualNetworks/lbvnet/subnets/s1");
        JsonNode withPublicIp = az.json("network", "lb", "create", "-g", "azdeploy", "-n", "lb2", "--sku",
                "Standard");
        assertThat(withPublicIp.path("loadBalancer").path("frontendIPConfigurations").get(0).path("properties")
                .path("publicIPAddress").path("id").asText()).endsWith("/publicIPAddresses/PublicIPlb2");
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("name").asText()));
        return out;
    }
}
