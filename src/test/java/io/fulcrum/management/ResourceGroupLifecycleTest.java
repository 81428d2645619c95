package io.fulcrum.management;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import io.fulcrum.testkit.FulcrumExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResourceGroupLifecycleTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String V = "?api-version=2021-04-01";

    private String rg(String name) {
        return "/subscriptions/" + fulcrum.subscriptionId() + "/resourcegroups/" + name;
    }

    @Test
    void createReplaceReadAndHead() {
        ArmClient arm = fulcrum.arm();
        Reply created = arm.put(rg("life1") + V, "{\"location\":\"East US\",\"tags\":{\"team\":\"net\"}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("id").asText())
                .isEqualTo("/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/life1");
        assertThat(created.json().path("location").asText()).isEqualTo("eastus");
        assertThat(created.json().path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(created.header("Azure-AsyncOperation")).isEmpty();

        Reply replaced = arm.put(rg("LIFE1") + V, "{\"location\":\"eastus\",\"tags\":{\"team\":\"lb\"}}");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().path("name").asText()).isEqualTo("life1");
        assertThat(replaced.json().path("etag").asText()).isNotEqualTo(created.json().path("etag").asText());

        Reply got = arm.get(rg("Life1") + V);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().path("tags").path("team").asText()).isEqualTo("lb");
        assertThat(got.header("x-ms-request-id")).isPresent();
        assertThat(got.header("x-ms-ratelimit-remaining-subscription-reads")).isPresent();

        assertThat(arm.head(rg("life1") + V).status()).isEqualTo(204);
        assertThat(arm.head(rg("nope") + V).status()).isEqualTo(404);
        Reply missing = arm.get(rg("nope") + V);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("ResourceGroupNotFound");
    }

    @Test
    void locationCannotChange() {
        ArmClient arm = fulcrum.arm();
        assertThat(arm.put(rg("moving") + V, "{\"location\":\"westus\"}").status()).isEqualTo(201);
        Reply moved = arm.put(rg("moving") + V, "{\"location\":\"eastus\"}");
        assertThat(moved.status()).isEqualTo(409);
        assertThat(moved.errorCode()).isEqualTo("InvalidResourceGroupLocation");
        assertThat(arm.get(rg("moving") + V).json().path("location").asText()).isEqualTo("westus");
    }

    @Test
    void patchReplacesTagsAndKeepsTheRest() {
        ArmClient arm = fulcrum.arm();
        arm.put(rg("tagged") + V, "{\"location\":\"eastus\",\"tags\":{\"a\":\"1\",\"b\":\"2\"}}");
        Reply patched = arm.patch(rg("tagged") + V, "{\"Tags\":{\"c\":\"3\"}}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("tags").properties()).extracting(Map.Entry::getKey).containsExactly("c");
        assertThat(patched.json().path("location").asText()).isEqualTo("eastus");
        assertThat(arm.patch(rg("absent") + V, "{\"tags\":{}}").errorCode()).isEqualTo("ResourceGroupNotFound");
    }

    @Test
    void conditionalWritesHonourEtags() {
        ArmClient arm = fulcrum.arm();
        String etag = arm.put(rg("cond") + V, "{\"location\":\"eastus\"}").json().path("etag").asText();
        Reply stale = arm.call("PUT", rg("cond") + V, "{\"location\":\"eastus\",\"tags\":{\"x\":\"y\"}}",
                Map.of("If-Match", "W/\"00000000-0000-0000-0000-000000000000\""));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.errorCode()).isEqualTo("PreconditionFailed");
        assertThat(arm.get(rg("cond") + V).json().has("tags")).isFalse();

        Reply fresh = arm.call("PUT", rg("cond") + V, "{\"location\":\"eastus\",\"tags\":{\"x\":\"y\"}}",
                Map.of("If-Match", etag));
        assertThat(fresh.status()).isEqualTo(200);

        Reply exists = arm.call("PUT", rg("cond") + V, "{\"location\":\"eastus\"}", Map.of("If-None-Match", "*"));
        assertThat(exists.status()).isEqualTo(412);
        Reply createOnly = arm.call("PUT", rg("cond-new") + V, "{\"location\":\"eastus\"}",
                Map.of("If-None-Match", "*"));
        assertThat(createOnly.status()).isEqualTo(201);
    }

    @Test
    void deleteIsALongRunningOperationWithStatusAndResult() {
        ArmClient arm = fulcrum.arm();
        arm.put(rg("doomed") + V, "{\"location\":\"eastus\"}");
        Reply deleted = arm.delete(rg("doomed") + V);
        assertThat(deleted.status()).isEqualTo(202);
        assertThat(deleted.header("Retry-After")).contains("1");
        String status = deleted.header("Azure-AsyncOperation").orElseThrow();
        String result = deleted.header("Location").orElseThrow();
        assertThat(status).startsWith(fulcrum.baseUrl());

        Reply polled = arm.get(status);
        assertThat(polled.status()).isEqualTo(200);
        assertThat(polled.json().path("status").asText()).isEqualTo("Succeeded");
        assertThat(arm.get(result).status()).isEqualTo(200);
        assertThat(arm.get(rg("doomed") + V).status()).isEqualTo(404);
        assertThat(arm.delete(rg("doomed") + V).errorCode()).isEqualTo("ResourceGroupNotFound");
        assertThat(arm.get(status.replaceAll("operations/[^?]+", "operations/nope")).errorCode())
                .isEqualTo("OperationNotFound");
    }

    @Test
    void listPagesWithNextLinkAndFiltersByTag() {
        ArmClient arm = fulcrum.arm();
        for (int i = 0; i < 5; i++) {
            arm.put(rg("paged" + i) + V, "{\"location\":\"eastus\",\"tags\":{\"page\":\"" + (i % 2) + "\"}}");
        }
        List<String> names = new ArrayList<>();
        String next = "/subscriptions/" + fulcrum.subscriptionId() + "/resourcegroups" + V + "&$top=2";
        int pages = 0;
        while (next != null) {
            Reply page = arm.get(next);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().path("value").size()).isLessThanOrEqualTo(2);
            page.json().path("value").forEach(v -> names.add(v.path("name").asText()));
            next = page.json().path("nextLink").asText(null);
            pages++;
        }
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(names).contains("paged0", "paged1", "paged2", "paged3", "paged4").doesNotHaveDuplicates();

        JsonNode tagged = arm.get("/subscriptions/" + fulcrum.subscriptionId() + "/resourcegroups" + V
                + "&$filter=" + ArmClient.enc("tagName eq 'page' and tagValue eq '1'")).json();
        List<String> odd = new ArrayList<>();
        tagged.path("value").forEach(v -> odd.add(v.path("name").asText()));
        assertThat(odd).containsExactlyInAnyOrder("paged1", "paged3");
    }

    @Test
    void genericResourceListIsEmptyAndFilterable() {
        ArmClient arm = fulcrum.arm();
        arm.put(rg("generic") + V, "{\"location\":\"eastus\"}");
        String filter = ArmClient.enc("resourceGroup eq 'generic' and name eq 'None' and resourceType eq "
                + "'Microsoft.Network/virtualNetworks'");
        Reply r = arm.get("/subscriptions/" + fulcrum.subscriptionId() + "/resources" + V + "&$filter=" + filter);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("value").isArray()).isTrue();
        assertThat(r.json().path("value").size()).isZero();
        Reply inGroup = arm.get("/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/generic/resources"
                + V + "&$expand=createdTime,changedTime,provisioningState");
        assertThat(inGroup.status()).isEqualTo(200);
        Reply noGroup = arm.get("/subscriptions/" + fulcrum.subscriptionId() + "/resourceGroups/absent/resources" + V);
        assertThat(noGroup.errorCode()).isEqualTo("ResourceGroupNotFound");
        Reply badFilter = arm.get("/subscriptions/" + fulcrum.subscriptionId() + "/resources" + V + "&$filter="
                + ArmClient.enc("color eq 'red'"));
        assertThat(badFilter.status()).isEqualTo(400);
        assertThat(badFilter.errorCode()).isEqualTo("InvalidFilterInQueryString");
    }
}
