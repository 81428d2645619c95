package io.fulcrum.clients;

import static org.assertj.core.api.Assertions.assertThat;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.management.Region;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.network.models.LoadBalancer;
import com.azure.resourcemanager.network.models.LoadBalancerBackend;
import com.azure.resourcemanager.network.models.LoadBalancerSkuType;
import com.azure.resourcemanager.network.models.Network;
import com.azure.resourcemanager.network.models.NetworkInterface;
import com.azure.resourcemanager.network.models.NetworkSecurityGroup;
import com.azure.resourcemanager.network.models.PublicIPSkuType;
import com.azure.resourcemanager.network.models.PublicIpAddress;
import com.azure.resourcemanager.network.models.SecurityRuleProtocol;
import com.azure.resourcemanager.network.models.TransportProtocol;
import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.FulcrumExtension;
import io.fulcrum.testkit.JavaSdk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Azure SDK for Java (azure-resourcemanager-network 2.57.0, api-version 2025-03-01) as a real client, signed in
 * with a real ClientSecretCredential through Fulcrum's token endpoint (shared/reference/clients.md section 8). It
 * builds a public Standard load balancer with a pool that two NICs join, the way an application would, and reads
 * the membership back through the SDK's own model.
 */
@Timeout(180)
class JavaSdkNetworkTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String GROUP = "sdk-net";
    private static final Pattern API_VERSION = Pattern.compile("[?&]api-version=([^&]+)");

    /** "METHOD path?query" of every request the SDK sent, in order, for asserting on the wire flow. */
    private static final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private static NetworkManager nm;

    @BeforeAll
    static void signIn() {
        HttpPipelinePolicy recorder = (context, next) -> {
            sent.add(context.getHttpRequest().getHttpMethod() + " " + context.getHttpRequest().getUrl().getPath()
                    + "?" + context.getHttpRequest().getUrl().getQuery());
            return next.process();
        };
        nm = JavaSdk.network(fulcrum, fulcrum.subscriptionId(), recorder);
        nm.resourceManager().resourceGroups().define(GROUP).withRegion(Region.US_EAST).create();
    }

    @Test
    void loadBalancerPoolWithTwoNicsBuiltAndReadThroughTheSdk() {
        NetworkSecurityGroup nsg = nm.networkSecurityGroups().define("web-nsg").withRegion(Region.US_EAST)
                .withExistingResourceGroup(GROUP)
                .defineRule("allow-http").allowInbound().fromAnyAddress().fromAnyPort().toAnyAddress().toPort(80)
                .withProtocol(SecurityRuleProtocol.TCP).withPriority(100).attach()
                .create();
        assertThat(nsg.securityRules()).containsKey("allow-http");
        assertThat(nsg.securityRules().get("allow-http").priority()).isEqualTo(100);
        assertThat(nsg.defaultSecurityRules()).containsKey("DenyAllInBound");

        Network vnet = nm.networks().define("vnet").withRegion(Region.US_EAST).withExistingResourceGroup(GROUP)
                .withAddressSpace("10.40.0.0/16")
                .defineSubnet("backend").withAddressPrefix("10.40.1.0/24").attach()
                .create();
        assertThat(vnet.subnets()).containsKey("backend");
        assertThat(vnet.subnets().get("backend").addressPrefix()).isEqualTo("10.40.1.0/24");

        PublicIpAddress pip = nm.publicIpAddresses().define("lb-ip").withRegion(Region.US_EAST)
                .withExistingResourceGroup(GROUP).withStaticIP().withSku(PublicIPSkuType.STANDARD).create();
        assertThat(pip.ipAddress()).as("a Static IP has its address from creation").isNotBlank();
        assertThat(pip.sku()).isEqualTo(PublicIPSkuType.STANDARD);

        // The fluent definition PUTs the whole load balancer, its children inline and naming each other by id.
        LoadBalancer lb = nm.loadBalancers().define("web-lb").withRegion(Region.US_EAST)
                .withExistingResourceGroup(GROUP)
                .defineLoadBalancingRule("http").withProtocol(TransportProtocol.TCP).fromFrontend("fe")
                .fromFrontendPort(80).toBackend("pool").toBackendPort(8080).withProbe("tcp8080").attach()
                .definePublicFrontend("fe").withExistingPublicIpAddress(pip).attach()
                .defineTcpProbe("tcp8080").withPort(8080).attach()
                .withSku(LoadBalancerSkuType.STANDARD)
                .create();
        assertThat(lb.sku()).isEqualTo(LoadBalancerSkuType.STANDARD);
        assertThat(lb.publicIpAddressIds()).containsExactly(pip.id());
        assertThat(lb.backends()).containsKey("pool");
        assertThat(lb.tcpProbes()).containsKey("tcp8080");
        assertThat(lb.tcpProbes().get("tcp8080").port()).isEqualTo(8080);
        assertThat(lb.loadBalancingRules().get("http").backendPort()).isEqualTo(8080);
        assertThat(lb.loadBalancingRules().get("http").frontend().name()).isEqualTo("fe");
        assertThat(lb.loadBalancingRules().get("http").probe().name()).isEqualTo("tcp8080");
        assertThat(pip.refresh().getAssignedLoadBalancerFrontend().name()).isEqualTo("fe");

        List<NetworkInterface> nics = new ArrayList<>();
        for (String name : List.of("web-nic1", "web-nic2")) {
            nics.add(nm.networkInterfaces().define(name).withRegion(Region.US_EAST).withExistingResourceGroup(GROUP)
                    .withExistingPrimaryNetwork(vnet).withSubnet("backend").withPrimaryPrivateIPAddressDynamic()
                    .withExistingLoadBalancerBackend(lb, "pool").withExistingNetworkSecurityGroup(nsg)
                    .create());
        }
        assertThat(nics.get(0).primaryPrivateIP()).isEqualTo("10.40.1.4");
        assertThat(nics.get(1).primaryPrivateIP()).isEqualTo("10.40.1.5");
        assertThat(nics.get(0).primaryIPConfiguration().listAssociatedLoadBalancerBackends())
                .extracting(LoadBalancerBackend::name).containsExactly("pool");
        assertThat(nics.get(1).networkSecurityGroupId()).isEqualToIgnoringCase(nsg.id());

        // Membership is stored on the NICs; the pool's view of it is derived, and the SDK reads it from there.
        LoadBalancerBackend pool = lb.refresh().backends().get("pool");
        Map<String, String> members = pool.backendNicIPConfigurationNames().entrySet().stream().collect(
                Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
        assertThat(members).containsOnlyKeys(nics.stream().map(n -> n.id().toLowerCase(Locale.ROOT)).toList());
        assertThat(members.values()).containsOnly(nics.get(0).primaryIPConfiguration().name());
        assertThat(pool.innerModel().backendIpConfigurations()).extracting(c -> c.id()).containsExactlyInAnyOrder(
                nics.get(0).primaryIPConfiguration().innerModel().id(),
                nics.get(1).primaryIPConfiguration().innerModel().id());
        assertThat(pool.loadBalancingRules()).containsOnlyKeys("http");
        assertThat(nsg.refresh().networkInterfaceIds()).containsExactlyInAnyOrder(nics.get(0).id(), nics.get(1).id());

        // GET, then PUT of the whole load balancer (pool and members included), poll, GET.
        int before = sent.size();
        LoadBalancer tagged = nm.loadBalancers().getByResourceGroup(GROUP, "web-lb").update().withTag("tier", "web")
                .apply();
        List<String> update = List.copyOf(sent.subList(before, sent.size()));
        assertThat(update).filteredOn(r -> r.startsWith("PUT ")).singleElement().asString()
                .containsIgnoringCase("/loadBalancers/web-lb?");
        assertThat(tagged.tags()).containsEntry("tier", "web");
        assertThat(tagged.backends().get("pool").backendNicIPConfigurationNames()).hasSize(2);
        JsonNode stored = arm("/resourceGroups/" + GROUP + "/providers/Microsoft.Network/loadBalancers/web-lb");
        assertThat(stored.path("tags").path("tier").asText()).isEqualTo("web");
        assertThat(stored.path("properties").path("backendAddressPools").get(0).path("properties")
                .path("backendIPConfigurations")).as("the whole-LB PUT kept the members").hasSize(2);
        assertThat(stored.path("properties").path("frontendIPConfigurations").get(0).path("properties")
                .path("publicIPAddress").path("id").asText()).isEqualToIgnoringCase(pip.id());

        for (NetworkInterface nic : nics) {
            nm.networkInterfaces().deleteById(nic.id());
        }
        assertThat(lb.refresh().backends().get("pool").backendNicIPConfigurationNames()).isEmpty();
        nm.loadBalancers().deleteById(lb.id());
        assertThat(fulcrum.arm().get(lb.id() + "?api-version=2025-03-01").status()).isEqualTo(404);
        assertThat(nm.networkInterfaces().listByResourceGroup(GROUP).stream().count()).isZero();
        assertThat(pip.refresh().getAssignedLoadBalancerFrontend()).as("the IP is free again").isNull();

        // Every network request carried the SDK's api-version, and the server took it.
        Map<String, List<String>> versions = sent.stream().filter(r -> r.contains("/providers/Microsoft.Network/"))
                .collect(Collectors.groupingBy(JavaSdkNetworkTest::apiVersion));
        assertThat(versions).containsOnlyKeys("2025-03-01");
    }

    private static String apiVersion(String request) {
        Matcher m = API_VERSION.matcher(request);
        return m.find() ? m.group(1) : "(none)";
    }

    private static JsonNode arm(String path) {
        Reply r = fulcrum.arm().get("/subscriptions/" + fulcrum.subscriptionId() + path + "?api-version=2025-03-01");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }
}
