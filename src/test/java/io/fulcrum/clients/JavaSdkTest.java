package io.fulcrum.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.management.Region;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.models.ResourceGroup;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.FulcrumExtension;
import io.fulcrum.testkit.JavaSdk;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Azure SDK for Java (azure-resourcemanager-resources) as a real client, signed in with a real
 * ClientSecretCredential through Fulcrum's own token endpoint (shared/reference/clients.md section 8).
 */
@Timeout(90)
class JavaSdkTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String V = "?api-version=2021-04-01";

    private static TokenCredential credential;
    private static ResourceManager rm;

    @BeforeAll
    static void signIn() {
        credential = JavaSdk.credential(fulcrum);
        rm = JavaSdk.resources(fulcrum, fulcrum.subscriptionId());
    }

    private static String rg(String name) {
        return "/subscriptions/" + fulcrum.subscriptionId() + "/resourcegroups/" + name + V;
    }

    @Test
    void credentialGetsATokenFromFulcrumThatArmAccepts() {
        String token = credential.getTokenSync(new TokenRequestContext().addScopes(fulcrum.baseUrl() + "/.default"))
                .getToken();
        Reply subs = fulcrum.arm().send("GET", "/subscriptions?api-version=2022-12-01", null, null, token, Map.of());
        assertThat(subs.status()).isEqualTo(200);
        assertThat(subs.json().path("value").findValuesAsText("subscriptionId"))
                .contains(fulcrum.subscriptionId());
    }

    @Test
    void createListUpdateCheckAndDeleteResourceGroups() {
        ResourceGroup a = rm.resourceGroups().define("sdk-a").withRegion(Region.US_EAST)
                .withTags(Map.of("team", "net", "env", "test")).create();
        assertThat(a.name()).isEqualTo("sdk-a");
        assertThat(a.regionName()).isEqualTo("eastus");
        assertThat(a.tags()).containsEntry("team", "net").containsEntry("env", "test");
        assertThat(a.provisioningState()).isEqualTo("Succeeded");
        rm.resourceGroups().define("sdk-b").withRegion(Region.US_WEST2).withTag("team", "lb").create();

        assertThat(rm.resourceGroups().list().stream().map(ResourceGroup::name)).contains("sdk-a", "sdk-b");
        assertThat(rm.resourceGroups().listByTag("team", "lb").stream().map(ResourceGroup::name))
                .contains("sdk-b").doesNotContain("sdk-a");

        ResourceGroup updated = rm.resourceGroups().getByName("sdk-a").update().withTag("owner", "sdk")
                .withoutTag("env").apply();
        assertThat(updated.tags()).containsEntry("owner", "sdk").containsEntry("team", "net").doesNotContainKey("env");
        Reply afterUpdate = fulcrum.arm().get(rg("sdk-a"));
        assertThat(afterUpdate.status()).isEqualTo(200);
        assertThat(afterUpdate.json().path("tags").path("owner").asText()).isEqualTo("sdk");
        assertThat(afterUpdate.json().path("tags").has("env")).isFalse();

        assertThat(rm.resourceGroups().contain("sdk-a")).isTrue();
        assertThat(rm.resourceGroups().contain("sdk-never")).isFalse();

        long start = System.nanoTime();
        rm.resourceGroups().deleteByName("sdk-a");
        // Retry-After: 1 on the 202 is what keeps this short; without it the SDK waits 30 s before polling.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(rm.resourceGroups().contain("sdk-a")).isFalse();
        assertThat(fulcrum.arm().get(rg("sdk-a")).status()).isEqualTo(404);
        assertThat(fulcrum.arm().get(rg("sdk-b")).status()).isEqualTo(200);
        assertThat(rm.resourceGroups().list().stream().map(ResourceGroup::name))
                .contains("sdk-b").doesNotContain("sdk-a");
    }

    @Test
    void missingGroupSurfacesArmErrorCode() {
        assertThatThrownBy(() -> rm.resourceGroups().getByName("sdk-absent"))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
                    assertThat(e.getValue().getCode()).isEqualTo("ResourceGroupNotFound");
                });
    }
}
