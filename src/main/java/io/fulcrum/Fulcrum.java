package io.fulcrum;

import io.fulcrum.arm.ResourceTypes;
import io.fulcrum.arm.api.ArmServer;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.auth.Access;
import io.fulcrum.arm.auth.SignInEndpoints;
import io.fulcrum.arm.auth.TokenService;
import io.fulcrum.arm.lro.Operations;
import io.fulcrum.arm.resource.ProviderResourcesApi;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.dataplane.DataPlaneService;
import io.fulcrum.dataplane.api.DataPlaneRoutes;
import io.fulcrum.dataplane.api.RuleHealthReport;
import io.fulcrum.dataplane.underlay.AddressPlan;
import io.fulcrum.deploy.DeploymentsApi;
import io.fulcrum.management.GenericResourcesApi;
import io.fulcrum.management.MetadataApi;
import io.fulcrum.management.ProvidersApi;
import io.fulcrum.management.ResourceGroupsApi;
import io.fulcrum.management.SubscriptionsApi;
import io.fulcrum.management.UnmatchedPaths;
import io.fulcrum.management.Versions;
import io.fulcrum.network.asg.ApplicationSecurityGroups;
import io.fulcrum.network.loadbalancer.LoadBalancers;
import io.fulcrum.network.nic.IpConfigurations;
import io.fulcrum.network.nic.NetworkInterfaces;
import io.fulcrum.network.nsg.NetworkSecurityGroups;
import io.fulcrum.network.nsg.SecurityRules;
import io.fulcrum.network.publicip.PublicIpAddresses;
import io.fulcrum.network.publicip.PublicIpPool;
import io.fulcrum.network.vnet.Subnets;
import io.fulcrum.network.vnet.VirtualNetworks;
import io.fulcrum.setup.Installation;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Wiring only: the installation (store, keys), the data plane, the resource families, the API server. */
public final class Fulcrum implements AutoCloseable {

    /**
     * What {@code fulcrum serve} takes.
     *
     * @param publicIpPool the blocks public IP addresses are drawn from
     * @param addressPlan  where the data plane may listen and dial ({@code --underlay}, {@code --backend-allow})
     * @param dataPlane    whether load balancers carry traffic ({@code --no-dataplane} turns it off)
     */
    public record Options(Path dataDir, String host, int port, PublicIpPool publicIpPool, AddressPlan addressPlan,
                          boolean dataPlane) {

        /** With the default public IP pool, {@link PublicIpPool#DEFAULT_CIDR}. */
        public Options(Path dataDir, String host, int port) {
            this(dataDir, host, port, PublicIpPool.DEFAULT);
        }

        /** With the data plane on, no underlay mappings and the default dialable networks. */
        public Options(Path dataDir, String host, int port, PublicIpPool publicIpPool) {
            this(dataDir, host, port, publicIpPool, AddressPlan.defaults(), true);
        }
    }

    private final Installation installation;
    private final DataPlaneService dataPlane;
    private final ArmServer server;
    private final String baseUrl;
    private final int port;

    private Fulcrum(Installation installation, DataPlaneService dataPlane, ArmServer server, String host, int port) {
        this.installation = installation;
        this.dataPlane = dataPlane;
        this.server = server;
        this.port = port;
        this.baseUrl = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public static String version() {
        String v = Fulcrum.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Opens (or creates) the data dir and serves; problems an operator can fix are StartupExceptions. */
    public static Fulcrum start(Options options) {
        Clock clock = Clock.systemUTC();
        Installation installation = Installation.open(options.dataDir());
        DataPlaneService dataPlane = null;
        try {
            Set<String> hosts = new LinkedHashSet<>(List.of("127.0.0.1", "::1", "localhost"));
            hosts.add(options.host());
            char[] password = randomPassword();
            KeyStore keyStore = installation.tlsKeyStore(hosts, password);
            TokenService tokens = new TokenService(installation.signingKey(), installation.tenantId(), clock);
            Access access = new Access(tokens, installation.store(), clock);

            ResourceTypes types = new ResourceTypes();
            for (String t : List.of("resourceGroups", "resources", "providers", "operations", "deployments")) {
                types.register("Microsoft.Resources", t, Versions.RESOURCES);
            }
            for (String t : List.of("subscriptions", "tenants", "locations")) {
                types.register("Microsoft.Resources", t, Versions.SUBSCRIPTIONS);
            }

            Subnets subnets = new Subnets();
            IpConfigurations ipConfigurations = new IpConfigurations();
            SecurityRules securityRules = new SecurityRules();
            // Families that render others (a NIC's loadBalancers view, a load balancer's networkInterfaces view)
            // find them here, by qualified type.
            Map<String, ResourceFamily> byType = new HashMap<>();
            Function<String, Optional<ResourceFamily>> lookup =
                    type -> Optional.ofNullable(byType.get(type.toLowerCase(Locale.ROOT)));
            dataPlane = options.dataPlane()
                    ? DataPlaneService.start(installation.store(), options.addressPlan(), clock) : null;
            RuleHealthReport ruleHealth = dataPlane != null
                    ? new RuleHealthReport(options.addressPlan(), dataPlane.health())
                    : RuleHealthReport.withoutDataPlane(options.addressPlan());
            LoadBalancers loadBalancers = new LoadBalancers(lookup, clock, ruleHealth);
            List<ResourceFamily> families = new ArrayList<>(List.of(new ApplicationSecurityGroups(),
                    new VirtualNetworks(subnets), subnets, new PublicIpAddresses(options.publicIpPool()),
                    new NetworkSecurityGroups(securityRules), securityRules,
                    new NetworkInterfaces(ipConfigurations, clock, lookup), ipConfigurations, loadBalancers));
            families.addAll(loadBalancers.addressableChildren());
            for (ResourceFamily f : families) {
                types.register(f.type().namespace(), f.type().type(), f.type().versions());
                byType.put(f.type().qualified().toLowerCase(Locale.ROOT), f);
            }

            Router router = new Router().unmatched(new UnmatchedPaths(types)::explain);
            new SignInEndpoints(installation.store(), tokens).register(router);
            new MetadataApi().register(router);
            new SubscriptionsApi(installation.store(), access, installation.tenantId()).register(router);
            new ProvidersApi(types).register(router);
            new ResourceGroupsApi(installation.store(), clock).register(router);
            new GenericResourcesApi(installation.store()).register(router);
            new Operations(installation.store()).register(router);
            ProviderResourcesApi resources = new ProviderResourcesApi(installation.store(), clock);
            families.forEach(f -> resources.register(router, f));
            new DeploymentsApi(installation.store(), clock, types, families, resources).register(router);
            if (dataPlane != null) {
                new DataPlaneRoutes(dataPlane).register(router);
            }

            ArmServer server = new ArmServer(router, access, options.host(), options.port(), keyStore, password,
                    clock);
            int bound = server.start();
            Fulcrum f = new Fulcrum(installation, dataPlane, server, options.host(), bound);
            installation.store().write(tx -> {
                tx.meta().put(Installation.META_LAST_URL, f.baseUrl());
                return null;
            });
            return f;
        } catch (RuntimeException e) {
            try {
                if (dataPlane != null) {
                    dataPlane.close();
                }
            } finally {
                installation.close();
            }
            throw e;
        }
    }

    private static char[] randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b).toCharArray();
    }

    public Installation installation() {
        return installation;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return port;
    }

    /** The running data plane, or empty when served with {@code --no-dataplane}. */
    public Optional<DataPlaneService> dataPlane() {
        return Optional.ofNullable(dataPlane);
    }

    /** The API first (no more writes), then the data plane, then the store it reads. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            try {
                if (dataPlane != null) {
                    dataPlane.close();
                }
            } finally {
                installation.close();
            }
        }
    }
}
