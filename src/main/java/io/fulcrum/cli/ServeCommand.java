package io.fulcrum.cli;

import io.fulcrum.Fulcrum;
import io.fulcrum.dataplane.underlay.AddressPlan;
import io.fulcrum.network.publicip.PublicIpPool;
import io.fulcrum.setup.Installation;
import io.fulcrum.setup.StartupException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Serves the ARM API over HTTPS until stopped.")
final class ServeCommand implements Runnable {

    @Mixin
    DataDirOption data;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8443", description = "HTTPS port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--public-ip-pool", split = ",", paramLabel = "CIDR", description = "Blocks public IP"
            + " addresses are drawn from; repeat or separate with commas (default: " + PublicIpPool.DEFAULT_CIDR
            + ", on this machine's loopback; IPv6 public IPs need an IPv6 block).")
    List<String> publicIpPool = List.of();

    @Option(names = "--underlay", paramLabel = "OVERLAY=UNDERLAY", description = "Maps a virtual-network block onto"
            + " a block of this host, both with the same prefix length (10.0.0.0/16=127.10.0.0/16 makes 10.0.1.5"
            + " 127.10.1.5), for the frontends the data plane listens on and the members it dials; repeatable.")
    List<String> underlay = List.of();

    @Option(names = "--backend-allow", split = ",", paramLabel = "CIDR", description = "The networks the data plane"
            + " may dial and probe, after --underlay mapping; a member elsewhere is reported and never contacted"
            + " (default: 127.0.0.0/8,::1/128).")
    List<String> backendAllow = AddressPlan.DEFAULT_ALLOW;

    @Option(names = "--no-dataplane", description = "Serve the API only: load balancers carry no traffic.")
    boolean noDataPlane;

    @Override
    public void run() {
        Fulcrum fulcrum = Fulcrum.start(new Fulcrum.Options(data.dataDir, host, port, pool(), addressPlan(),
                !noDataPlane));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fulcrum.close();
            stopped.countDown();
        }, "fulcrum-shutdown"));
        printWelcome(fulcrum);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checked before anything starts, so a mistyped block is one line and exit 1 (Main), not a failed PUT later. */
    private PublicIpPool pool() {
        if (publicIpPool.isEmpty()) {
            return PublicIpPool.DEFAULT;
        }
        try {
            return PublicIpPool.parse(publicIpPool);
        } catch (IllegalArgumentException e) {
            throw new StartupException("--public-ip-pool: " + e.getMessage() + ".");
        }
    }

    /** Checked before anything starts, like the public IP pool. */
    private AddressPlan addressPlan() {
        try {
            return AddressPlan.parse(underlay, backendAllow, AddressPlan.hostAddresses());
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage() + ".");
        }
    }

    private static void printWelcome(Fulcrum f) {
        Installation.Credentials c = f.installation().credentials();
        String ca = f.installation().caFile().toString();
        String base = f.baseUrl();
        long startMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        StringBuilder b = new StringBuilder();
        b.append("Fulcrum ").append(Fulcrum.version()).append(" serves ARM on ").append(base)
                .append(" (data dir ").append(f.installation().dir()).append(", ready in ").append(startMs)
                .append(" ms)\n\n");
        Path azLocal = Path.of("tools", "az-local");
        if (Files.isExecutable(azLocal)) {
            b.append("Point a private az at it (az-local keeps its own config dir):\n  ").append(azLocal)
                    .append(" setup --url ").append(base).append(" --ca ").append(ca).append(" --client-id ")
                    .append(c.clientId()).append(" --client-secret ").append(c.clientSecret()).append(" --tenant ")
                    .append(c.tenantId()).append("\n  ").append(azLocal).append(" -- group list\n\n");
        }
        b.append("Or by hand, in a shell:\n")
                .append("  export AZURE_CONFIG_DIR=$PWD/.az-fulcrum REQUESTS_CA_BUNDLE=").append(ca).append('\n')
                .append("  az cloud register -n Fulcrum --endpoint-resource-manager ").append(base)
                .append("/ --endpoint-active-directory ").append(base)
                .append("/adfs --endpoint-active-directory-resource-id ").append(base)
                .append("/ --endpoint-active-directory-graph-resource-id ").append(base).append("/\n")
                .append("  az cloud set -n Fulcrum\n")
                .append("  az login --service-principal -u ").append(c.clientId()).append(" -p ")
                .append(c.clientSecret()).append(" --tenant ").append(c.tenantId()).append("\n\n")
                .append("curl:\n  curl --cacert ").append(ca).append(" -H \"Authorization: Bearer $(./fulcrum token")
                .append(dataDirArg(f)).append(")\" '").append(base)
                .append("/subscriptions?api-version=2022-12-01'\n\n")
                .append("Credentials (owner-only file): ").append(f.installation().dir().resolve("credentials.json"))
                .append('\n');
        System.out.print(b);
        System.out.flush();
    }

    private static String dataDirArg(Fulcrum f) {
        Path dir = f.installation().dir();
        Path def = Path.of("fulcrum-data").toAbsolutePath().normalize();
        return dir.equals(def) ? "" : " --data-dir " + dir;
    }
}
