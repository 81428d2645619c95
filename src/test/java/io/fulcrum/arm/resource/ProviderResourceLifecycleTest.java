package io.fulcrum.arm.resource;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import io.fulcrum.testkit.FulcrumExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The generic provider-resource lifecycle, through its first family (application security groups). */
class ProviderResourceLifecycleTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String NV = "?api-version=2022-07-01";

    private static String group() {
        return "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/net";
    }

    private static String asg(String name) {
        return group() + "/providers/Microsoft.Network/applicationSecurityGroups/" + name;
    }

    @BeforeAll
    static void createGroup() {
        assertThat(fulcrum.arm().put(group() + "?api-version=2021-04-01", "{\"location\":\"eastus\"}").status())
                .isEqualTo(201);
    }

    @Test
    void putCreatesThenReplacesSynchronously() {
        ArmClient arm = fulcrum.arm();
        Reply created = arm.put(asg("web") + NV, "{\"Location\":\"West Europe\",\"Tags\":{\"tier\":\"web\"}}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.path("type").asText()).isEqualTo("Microsoft.Network/applicationSecurityGroups");
        assertThat(body.path("location").asText()).isEqualTo("westeurope");
        assertThat(body.path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(body.path("properties").path("resourceGuid").asText()).hasSize(36);
        assertThat(body.path("etag").asText()).startsWith("W/\"");
        assertThat(created.header("Azure-AsyncOperation")).isEmpty();

        // GET-modify-PUT: the client sends read-only members back; they are ignored, the guid is kept.
        ObjectNode roundTrip = (ObjectNode) arm.get(asg("web") + NV).json();
        ((ObjectNode) roundTrip.path("properties")).put("provisioningState", "Failed");
        ((ObjectNode) roundTrip.path("tags")).put("owner", "ops");
        Reply replaced = arm.put(asg("WEB") + "?api-version=2025-03-01", roundTrip.toString());
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().path("name").asText()).isEqualTo("web");
        assertThat(replaced.json().path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(replaced.json().path("properties").path("resourceGuid").asText())
                .isEqualTo(body.path("properties").path("resourceGuid").asText());
        assertThat(replaced.json().path("tags").path("owner").asText()).isEqualTo("ops");
        assertThat(replaced.json().path("etag").asText()).isNotEqualTo(body.path("etag").asText());
    }

    @Test
    void deleteIsLongRunningAndAbsentDeleteIs204() {
        ArmClient arm = fulcrum.arm();
        arm.put(asg("gone") + NV, "{\"location\":\"eastus\"}");
        Reply deleted = arm.delete(asg("gone") + NV);
        assertThat(deleted.status()).isEqualTo(202);
        assertThat(deleted.header("Retry-After")).contains("1");
        Reply status = arm.get(deleted.header("Azure-AsyncOperation").orElseThrow());
        assertThat(status.json().path("status").asText()).isEqualTo("Succeeded");
        assertThat(arm.get(deleted.header("Location").orElseThrow()).status()).isEqualTo(204);
        Reply missing = arm.get(asg("gone") + NV);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("ResourceNotFound");
        assertThat(arm.delete(asg("gone") + NV).status()).isEqualTo(204);
    }

    @Test
    void patchReplacesTagsAndIfMatchGuardsWrites() {
        ArmClient arm = fulcrum.arm();
        String etag = arm.put(asg("tags") + NV, "{\"location\":\"eastus\",\"tags\":{\"a\":\"1\"}}")
                .json().path("etag").asText();
        Reply stale = arm.call("PATCH", asg("tags") + NV, "{\"tags\":{\"b\":\"2\"}}",
                Map.of("If-Match", "\"not-the-etag\""));
        assertThat(stale.status()).isEqualTo(412);
        Reply patched = arm.call("PATCH", asg("tags") + NV, "{\"tags\":{\"b\":\"2\"}}", Map.of("If-Match", etag));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("tags").has("a")).isFalse();
        assertThat(patched.json().path("tags").path("b").asText()).isEqualTo("2");
    }

    @Test
    void listsByGroupSubscriptionAndGenerically() {
        ArmClient arm = fulcrum.arm();
        arm.put(asg("listed1") + NV, "{\"location\":\"eastus\"}");
        arm.put(asg("listed2") + NV, "{\"location\":\"eastus\"}");
        assertThat(names(arm.get(group() + "/providers/Microsoft.Network/applicationSecurityGroups" + NV)))
                .contains("listed1", "listed2");
        assertThat(names(arm.get("/subscriptions/" + fulcrum.subscriptionId()
                + "/providers/Microsoft.Network/applicationSecurityGroups" + NV))).contains("listed1", "listed2");
        Reply generic = arm.get("/subscriptions/" + fulcrum.subscriptionId() + "/resources?api-version=2021-04-01"
                + "&$filter=" + ArmClient.enc("resourceGroup eq 'net' and resourceType eq "
                + "'microsoft.network/applicationsecuritygroups' and name eq 'listed2'"));
        assertThat(names(generic)).containsExactly("listed2");
        assertThat(generic.json().path("value").get(0).path("type").asText())
                .isEqualTo("Microsoft.Network/applicationSecurityGroups");
    }

    @Test
    void refusesBadNamesMissingLocationAndUnknownContainers() {
        ArmClient arm = fulcrum.arm();
        Reply badName = arm.put(asg("-bad-") + NV, "{\"location\":\"eastus\"}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.errorCode()).isEqualTo("InvalidResourceName");
        Reply noLocation = arm.put(asg("nolocation") + NV, "{}");
        assertThat(noLocation.errorCode()).isEqualTo("LocationRequired");
        Reply badLocation = arm.put(asg("badlocation") + NV, "{\"location\":\"moon\"}");
        assertThat(badLocation.errorCode()).isEqualTo("LocationNotAvailableForResourceType");
        Reply noGroup = arm.put("/subscriptions/" + fulcrum.subscriptionId()
                + "/resourceGroups/absent/providers/Microsoft.Network/applicationSecurityGroups/x" + NV,
                "{\"location\":\"eastus\"}");
        assertThat(noGroup.errorCode()).isEqualTo("ResourceGroupNotFound");
        Reply unknownType = arm.get(group() + "/providers/Microsoft.Network/flyingCarpets/x" + NV);
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.errorCode()).isEqualTo("InvalidResourceType");
        Reply oldVersion = arm.get(asg("x") + "?api-version=2014-01-01");
        assertThat(oldVersion.status()).isEqualTo(400);
        assertThat(oldVersion.errorCode()).isEqualTo("NoRegisteredProviderFound");
        assertThat(oldVersion.json().path("error").path("message").asText()).contains("2025-03-01", "2014-01-01");
        assertThat(arm.get(asg("nolocation") + NV).status()).isEqualTo(404);
    }

    @Test
    void deletingTheGroupDeletesWhatIsInside() {
        ArmClient arm = fulcrum.arm();
        String rg = "/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/cascade";
        arm.put(rg + "?api-version=2021-04-01", "{\"location\":\"eastus\"}");
        String inside = rg + "/providers/Microsoft.Network/applicationSecurityGroups/inside";
        assertThat(arm.put(inside + NV, "{\"location\":\"eastus\"}").status()).isEqualTo(201);
        assertThat(arm.delete(rg + "?api-version=2021-04-01").status()).isEqualTo(202);
        assertThat(arm.put(rg + "?api-version=2021-04-01", "{\"location\":\"eastus\"}").status()).isEqualTo(201);
        assertThat(arm.get(inside + NV).status()).isEqualTo(404);
    }

    private static List<String> names(Reply r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().path("value").forEach(v -> out.add(v.path("name").asText()));
        return out;
    }
}
