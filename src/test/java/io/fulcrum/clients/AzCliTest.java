package io.fulcrum.clients;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.store.StoredResource;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import io.fulcrum.testkit.AzLocal;
import io.fulcrum.testkit.ExternalCommand.Result;
import io.fulcrum.testkit.ExternalCommand;
import io.fulcrum.testkit.ExternalTool;
import io.fulcrum.testkit.FulcrumExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
    private static final Duration AZ_TIMEOUT = Duration.ofSeconds(120);
    private static final String V = "?api-version=2021-04-01";
    /** The shared wrapper also works around Debian's broken network/compute profiles; plain az is the fallback. */
    private static final Path AZ_LOCAL = AzLocal.path();

    @TempDir
    static Path work;

    private static Path signedIn;

    @BeforeAll
    static void signIn() throws IOException {
        ExternalTool.require(ExternalTool.onPath("az"), "az (Debian azure-cli)", "apt-get install azure-cli");
        signedIn = Files.createDirectory(work.resolve("az-config"));
        Result login = signIn(signedIn, fulcrum.credentials().clientSecret());
        assertThat(login.exitCode()).as(login.describe()).isZero();
    }

    @Test
    void signInStoresTheServersSubscriptionAndAWorkingToken() {
        JsonNode account = azJson("account", "show");
        assertThat(account.path("id").asText()).isEqualTo(fulcrum.subscriptionId());
        assertThat(account.path("tenantId").asText()).isEqualTo(fulcrum.tenantId());
        assertThat(account.path("environmentName").asText()).isEqualTo("Fulcrum");
        assertThat(account.path("user").path("type").asText()).isEqualTo("servicePrincipal");
        assertThat(account.path("user").path("name").asText()).isEqualTo(fulcrum.credentials().clientId());
        assertThat(signedIn.resolve("azureProfile.json")).exists();

        // az serves this from its MSAL cache; the server must accept what its own token endpoint issued to az.
        String token = azJson("account", "get-access-token").path("accessToken").asText();
        Reply subscriptions = fulcrum.arm().send("GET", "/subscriptions?api-version=2019-11-01", null, null, token,
                Map.of());
        assertThat(subscriptions.status()).as(subscriptions.text()).isEqualTo(200);
    }

    @Test
    void wrongSecretFailsSignInWithTheServersReason() throws IOException {
        Path dir = Files.createDirectory(work.resolve("az-wrong-secret"));
        Result login = signIn(dir, "not-the-secret");
        assertThat(login.exitCode()).as(login.describe()).isNotZero();
        assertThat(login.stderr()).as(login.describe()).contains("AADSTS7000215", "Invalid client secret");
    }

    @Test
    void resourceGroupLifecycle() {
        String sub = fulcrum.subscriptionId();
        String path = "/subscriptions/" + sub + "/resourcegroups/az-rg" + V;

        JsonNode created = azJson("group", "create", "-n", "az-rg", "-l", "eastus", "--tags", "team=net");
        assertThat(created.path("id").asText()).isEqualTo("/subscriptions/" + sub + "/resourceGroups/az-rg");
        assertThat(created.path("location").asText()).isEqualTo("eastus");
        assertThat(created.path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(created.path("tags").path("team").asText()).isEqualTo("net");
        assertThat(fulcrum.arm().get(path).status()).isEqualTo(200);

        assertThat(azJson("group", "show", "-n", "AZ-RG").path("name").asText()).isEqualTo("az-rg");

        assertThat(fulcrum.arm().put("/subscriptions/" + sub + "/resourcegroups/az-other" + V,
                "{\"location\":\"westus\"}").status()).isEqualTo(201);
        assertThat(names(azJson("group", "list"))).contains("az-rg", "az-other");
        assertThat(names(azJson("group", "list", "--tag", "team=net"))).containsExactly("az-rg");

        // az's group update is a generic update: GET the group, change it locally, PUT it back whole.
        JsonNode updated = azJson("group", "update", "-n", "az-rg", "--tags", "k=v");
        assertThat(updated.path("tags")).isEqualTo(JSON.createObjectNode().put("k", "v"));
        JsonNode stored = fulcrum.arm().get(path).json();
        assertThat(stored.path("tags")).isEqualTo(JSON.createObjectNode().put("k", "v"));
        assertThat(stored.path("location").asText()).isEqualTo("eastus");

        // A resource inside the group gives az resource list (GET group, then the generic list with $filter and
        // $expand) something to find, and the group delete something to remove.
        ResourceId asg = ResourceId.resource(sub, "az-rg", "Microsoft.Network", "applicationSecurityGroups", "asg1");
        assertThat(fulcrum.arm().put(asg + "?api-version=2022-07-01", "{\"location\":\"eastus\"}").status())
                .isEqualTo(201);
        JsonNode resources = azJson("resource", "list", "-g", "az-rg");
        assertThat(names(resources)).containsExactly("asg1");
        JsonNode listed = resources.get(0);
        assertThat(listed.path("id").asText()).isEqualToIgnoringCase(asg.toString());
        assertThat(listed.path("type").asText()).isEqualTo("Microsoft.Network/applicationSecurityGroups");
        assertThat(listed.path("resourceGroup").asText()).isEqualTo("az-rg");
        assertThat(listed.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(listed.path("createdTime").asText()).isNotEmpty();

        // DELETE answers 202 with Azure-AsyncOperation; az polls it and returns only once it reports Succeeded.
        Result deleted = az("group", "delete", "-n", "az-rg", "--yes");
        assertThat(deleted.exitCode()).as(deleted.describe()).isZero();
        Reply gone = fulcrum.arm().get(path);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo("ResourceGroupNotFound");
        Optional<StoredResource> inside = fulcrum.installation().store().read(tx -> tx.resources().get(asg));
        assertThat(inside).isEmpty();
        assertThat(fulcrum.arm().get("/subscriptions/" + sub + "/resourcegroups/az-other" + V).status())
                .isEqualTo(200);

        Result shown = az("group", "show", "-n", "az-rg");
        assertThat(shown.exitCode()).as(shown.describe()).isNotZero();
        assertThat(shown.stderr()).as(shown.describe()).contains("ResourceGroupNotFound");
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("name").asText()));
        return out;
    }

    /** Registers the server as a cloud in {@code configDir} and signs in there with the default principal. */
    private static Result signIn(Path configDir, String secret) {
        String base = fulcrum.baseUrl();
        String id = fulcrum.credentials().clientId();
        String tenant = fulcrum.tenantId();
        if (Files.isExecutable(AZ_LOCAL)) {
            return command(configDir).run(AZ_LOCAL.toString(), "setup", "--url", base, "--ca",
                    fulcrum.caFile().toString(), "--client-id", id, "--client-secret", secret, "--tenant", tenant,
                    "--config-dir", configDir.toString(), "--cloud", "Fulcrum");
        }
        // All four AD endpoints, so az needs no metadata call; an authority ending in /adfs keeps MSAL from
        // asking login.microsoftonline.com for instance discovery (clients.md 2.1, 2.2).
        Result register = command(configDir).run("az", "cloud", "register", "-n", "Fulcrum",
                "--endpoint-resource-manager", base + "/", "--endpoint-active-directory", base + "/adfs",
                "--endpoint-active-directory-resource-id", base + "/",
                "--endpoint-active-directory-graph-resource-id", base + "/", "-o", "none");
        assertThat(register.exitCode()).as(register.describe()).isZero();
        Result set = command(configDir).run("az", "cloud", "set", "-n", "Fulcrum", "-o", "none");
        assertThat(set.exitCode()).as(set.describe()).isZero();
        return command(configDir).run("az", "login", "--service-principal", "-u", id, "-p", secret, "--tenant", tenant,
                "-o", "none");
    }

    /** One az command in the signed-in config dir. */
    private static Result az(String... args) {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(AZ_LOCAL)) {
            cmd.addAll(List.of(AZ_LOCAL.toString(), "--config-dir", signedIn.toString(), "--"));
        } else {
            cmd.add("az");
        }
        cmd.addAll(List.of(args));
        return command(signedIn).run(cmd);
    }

    private static JsonNode azJson(String... args) {
        List<String> withOutput = new ArrayList<>(List.of(args));
        withOutput.addAll(List.of("-o", "json"));
        Result r = az(withOutput.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        try {
            return JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw new AssertionError("az printed no JSON: " + r.describe(), e);
        }
    }

    private static ExternalCommand command(Path configDir) {
        return ExternalCommand.loopbackOnly(work, AZ_TIMEOUT)
                .env("AZURE_CONFIG_DIR", configDir.toString())
                .env("REQUESTS_CA_BUNDLE", fulcrum.caFile().toString())
                .env("AZURE_CORE_COLLECT_TELEMETRY", "no")
                .env("AZURE_CORE_SURVEY_MESSAGE", "no")
                .env("AZURE_CORE_NO_COLOR", "1");
    }
}
