package io.fulcrum.clients;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ExternalCommand.Result;
import io.fulcrum.testkit.ExternalCommand;
import io.fulcrum.testkit.ExternalTool;
import io.fulcrum.testkit.FulcrumExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /** Debian's interpreter, not whatever python3 is first on PATH (a pyenv there lacks python3-azure). */
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPT = Path.of(System.getProperty("user.dir"), "src", "test", "python",
            "resource_groups.py");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void resourceGroupLifecycleThroughTheSdk() throws IOException {
        ExternalTool.require(sdkInstalled(), "Debian's python3-azure for " + PYTHON, "apt-get install python3-azure");
        String sub = fulcrum.subscriptionId();
        Result run = python()
                .env("FULCRUM_URL", fulcrum.baseUrl())
                .env("FULCRUM_CA", fulcrum.caFile().toString())
                .env("FULCRUM_TENANT", fulcrum.tenantId())
                .env("FULCRUM_CLIENT_ID", fulcrum.credentials().clientId())
                .env("FULCRUM_CLIENT_SECRET", fulcrum.credentials().clientSecret())
                .env("FULCRUM_SUBSCRIPTION", sub)
                .env("FULCRUM_GROUP", "py-rg")
                .env("FULCRUM_KEPT_GROUP", "py-kept")
                .run(PYTHON, SCRIPT.toString());
        assertThat(run.exitCode()).as(run.describe()).isZero();
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

    private ExternalCommand python() {
        // Without REQUESTS_CA_BUNDLE the script must pass the CA itself (connection_verify), as a user would.
        return ExternalCommand.loopbackOnly(work, TIMEOUT).unset("REQUESTS_CA_BUNDLE").unset("CURL_CA_BUNDLE")
                .env("PYTHONDONTWRITEBYTECODE", "1");
    }

    private boolean sdkInstalled() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        return python().run(PYTHON, "-c", "import azure.mgmt.resource, azure.identity").exitCode() == 0;
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
