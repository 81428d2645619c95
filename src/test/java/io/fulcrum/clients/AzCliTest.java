package io.fulcrum.clients;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.store.StoredResource;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.AzSession;
import io.fulcrum.testkit.ExternalCommand.Result;
import io.fulcrum.testkit.FulcrumExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real az (Debian azure-cli 2.45) against the real server: service-principal sign-in through the ADFS-style
 * authority, then the resource group commands, asserted on what az prints and on what the server then holds.
 * az runs with a private config dir, never ~/.azure, and can reach 127.0.0.1 only.
 */
class AzCliTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V = "?api-version=2021-04-01";

    @TempDir
    static Path work;

    private static AzSession az;

    @BeforeAll
    static void signIn() throws IOException {
        az = AzSession.signIn(fulcrum, work);
    }

    @Test
    void signInStoresTheServersSubscriptionAndAWorkingToken() {
        JsonNode account = az.json("account", "show");
        assertThat(account.path("id").asText()).isEqualTo(fulcrum.subscriptionId());
        assertThat(account.path("tenantId").asText()).isEqualTo(fulcrum.tenantId());
        assertThat(account.path("environmentName").asText()).isEqualTo("Fulcrum");
        assertThat(account.path("user").path("type").asText()).isEqualTo("servicePrincipal");
        assertThat(account.path("user").path("name").asText()).isEqualTo(fulcrum.credentials().clientId());
        assertThat(az.configDir().resolve("azureProfile.json")).exists();

        // az serves this from its MSAL cache; the server must accept what its own token endpoint issued to az.
        String token = az.json("account", "get-access-token").path("accessToken").asText();
        Reply subscriptions = fulcrum.arm().send("GET", "/subscriptions?api-version=2019-11-01", null, null, token,
                Map.of());
        assertThat(subscriptions.status()).as(subscriptions.text()).isEqualTo(200);
    }

    @Test
    void wrongSecretFailsSignInWithTheServersReason() throws IOException {
        Result login = AzSession.signedOut(fulcrum, work, "az-wrong-secret")
                .login(fulcrum.credentials().clientId(), "not-the-secret");
        assertThat(login.exitCode()).as(login.describe()).isNotZero();
        assertThat(login.stderr()).as(login.describe()).contains("AADSTS7000215", "Invalid client secret");
    }

    @Test
    void resourceGroupLifecycle() {
        String sub = fulcrum.subscriptionId();
        String path = "/subscriptions/" + sub + "/resourcegroups/az-rg" + V;

        JsonNode created = az.json("group", "create", "-n", "az-rg", "-l", "eastus", "--tags", "team=net");
        assertThat(created.path("id").asText()).isEqualTo("/subscriptions/" + sub + "/resourceGroups/az-rg");
        assertThat(created.path("location").asText()).isEqualTo("eastus");
        assertThat(created.path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(created.path("tags").path("team").asText()).isEqualTo("net");
        assertThat(fulcrum.arm().get(path).status()).isEqualTo(200);

        assertThat(az.json("group", "show", "-n", "AZ-RG").path("name").asText()).isEqualTo("az-rg");

        assertThat(fulcrum.arm().put("/subscriptions/" + sub + "/resourcegroups/az-other" + V,
                "{\"location\":\"westus\"}").status()).isEqualTo(201);
        assertThat(names(az.json("group", "list"))).contains("az-rg", "az-other");
        assertThat(names(az.json("group", "list", "--tag", "team=net"))).containsExactly("az-rg");

        // az's group update is a generic update: GET the group, change it locally, PUT it back whole.
        JsonNode updated = az.json("group", "update", "-n", "az-rg", "--tags", "k=v");
        assertThat(updated.path("tags")).isEqualTo(JSON.createObjectNode().put("k", "v"));
        JsonNode stored = fulcrum.arm().get(path).json();
        assertThat(stored.path("tags")).isEqualTo(JSON.createObjectNode().put("k", "v"));
        assertThat(stored.path("location").asText()).isEqualTo("eastus");

        // A resource inside the group gives az resource list (GET group, then the generic list with $filter and
        // $expand) something to find, and the group delete something to remove.
        ResourceId asg = ResourceId.resource(sub, "az-rg", "Microsoft.Network", "applicationSecurityGroups", "asg1");
        assertThat(fulcrum.arm().put(asg + "?api-version=2022-07-01", "{\"location\":\"eastus\"}").status())
                .isEqualTo(201);
        JsonNode resources = az.json("resource", "list", "-g", "az-rg");
        assertThat(names(resources)).containsExactly("asg1");
        JsonNode listed = resources.get(0);
        assertThat(listed.path("id").asText()).isEqualToIgnoringCase(asg.toString());
        assertThat(listed.path("type").asText()).isEqualTo("Microsoft.Network/applicationSecurityGroups");
        assertThat(listed.path("resourceGroup").asText()).isEqualTo("az-rg");
        assertThat(listed.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(listed.path("createdTime").asText()).isNotEmpty();

        // DELETE answers 202 with Azure-AsyncOperation; az polls it and returns only once it reports Succeeded.
        Result deleted = az.run("group", "delete", "-n", "az-rg", "--yes");
        assertThat(deleted.exitCode()).as(deleted.describe()).isZero();
        Reply gone = fulcrum.arm().get(path);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo("ResourceGroupNotFound");
        Optional<StoredResource> inside = fulcrum.installation().store().read(tx -> tx.resources().get(asg));
        assertThat(inside).isEmpty();
        assertThat(fulcrum.arm().get("/subscriptions/" + sub + "/resourcegroups/az-other" + V).status())
                .isEqualTo(200);

        Result shown = az.run("group", "show", "-n", "az-rg");
        assertThat(shown.exitCode()).as(shown.describe()).isNotZero();
        assertThat(shown.stderr()).as(shown.describe()).contains("ResourceGroupNotFound");
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("name").asText()));
        return out;
    }
}
