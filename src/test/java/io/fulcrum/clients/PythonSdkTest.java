package io.fulcrum.clients;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ExternalCommand.Result;
import io.fulcrum.testkit.FulcrumExtension;
import io.fulcrum.testkit.PythonSdk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Python SDK (python3-azure: azure-identity 1.13.0b2, azure-mgmt-resource 22.0.0) against the real
 * server: src/test/python/resource_groups.py signs in through the AAD v2 endpoints and drives the resource group
 * operations; this test asserts on the summary it prints and on what the server holds afterwards.
 */
class PythonSdkTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void resourceGroupLifecycleThroughTheSdk() throws IOException {
        PythonSdk.require(work, "azure.mgmt.resource", "azure.identity");
        String sub = fulcrum.subscriptionId();
        Result run = PythonSdk.run(fulcrum, work, "resource_groups.py",
                Map.of("FULCRUM_GROUP", "py-rg", "FULCRUM_KEPT_GROUP", "py-kept"));
        JsonNode s = JSON.readTree(run.stdout());

        assertThat(s.path("wrongSecretError").asText()).as(run.describe())
                .contains("AADSTS7000215", "Invalid client secret");

        JsonNode created = s.path("created");
        assertThat(created.path("id").asText()).isEqualTo("/subscriptions/" + sub + "/resourceGroups/py-rg");
        assertThat(created.path("location").asText()).isEqualTo("eastus");
        assertThat(created.path("properties").path("provisioning_state").asText()).isEqualTo("Succeeded");
        assertThat(created.path("tags").path("team").asText()).isEqualTo("py");
        assertThat(s.path("existsAfterCreate").asBoolean()).isTrue();
        assertThat(s.path("got").path("id")).isEqualTo(created.path("id"));

        assertThat(names(s.path("listed"))).contains("py-rg", "py-kept");
        assertThat(names(s.path("listedByTag"))).containsExactly("py-rg");
        assertThat(s.path("patched").path("tags")).isEqualTo(JSON.createObjectNode().put("k", "v"));
        assertThat(s.path("patched").path("location").asText()).isEqualTo("eastus");
        assertThat(s.path("resources").isArray()).isTrue();
        assertThat(s.path("resources")).isEmpty();

        assertThat(s.path("existsAfterDelete").asBoolean(true)).isFalse();
        assertThat(s.path("getAfterDelete").asText()).isEqualTo("ResourceGroupNotFound");

        String v = "?api-version=2022-09-01";
        Reply gone = fulcrum.arm().get("/subscriptions/" + sub + "/resourcegroups/py-rg" + v);
        assertThat(gone.status()).isEqualTo(404);
        Reply kept = fulcrum.arm().get("/subscriptions/" + sub + "/resourcegroups/py-kept" + v);
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.json().path("location").asText()).isEqualTo("westus");
        assertThat(kept.json().path("tags")).isEqualTo(JSON.createObjectNode().put("by", "python"));
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
