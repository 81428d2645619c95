// Fulcrum IP-based pool benchmark: PUT of a backend pool holding 100, 1,000 and 5,000 addresses, and migrateToIpBased
// of a pool with 1,000 NIC members, with how long that one transaction holds the store's write lock. JDK only;
// bench/pool-scale.sh compiles it with bench/BenchKit.java into the run's temp dir and runs it as:
//
//   java -cp CLASSES PoolScale run   --base https://127.0.0.1:PORT --data-dir DIR --server-log SERVER_STDERR
//                                    [--pid SERVER_PID] [--sizes 100,1000,5000] [--runs 5] [--warmup 5]
//                                    [--nics 1000] [--concurrency 8]
//   java -cp CLASSES PoolScale table FILE.properties...
//
// run prints key=value lines on stdout (progress on stderr); table prints the results table. The write lock figure
// is the server's own: SqliteStore logs lockHeldMicros for each write transaction at DEBUG, which the script turns
// on for that one logger (bench/pool-scale-logback.xml); the migration is the only write while its POST runs.

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class PoolScale extends BenchKit {

    private static final Pattern LOCK_HELD = Pattern.compile("lockHeldMicros=(\\d+) committed=(\\w+)");

    public static void main(String[] args) throws Exception {
        Args a = parse(args, PoolScale::usage);
        switch (a.mode()) {
            case "run" -> run(a.options());
            case "table" -> table(a.rest());
            default -> usage();
        }
    }

    static void usage() {
        System.err.println("usage: java -cp CLASSES PoolScale run|table [--option value]... [FILE...]");
        System.exit(2);
    }

    /** An address entry of the pool's virtual network; the i-th address is 10.0.64.0 + i (inside 10.0.64.0/18). */
    static String addresses(String vnet, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int host = 64 * 256 + i;
            b.append(i == 0 ? "" : ",").append("{\"name\":\"a").append(i).append("\",\"properties\":{\"ipAddress\":")
                    .append("\"10.0.").append(host / 256).append('.').append(host % 256).append("\",")
                    .append("\"virtualNetwork\":").append(ref(vnet)).append("}}");
        }
        return "{\"properties\":{\"virtualNetwork\":" + ref(vnet) + ",\"loadBalancerBackendAddresses\":[" + b + "]}}";
    }

    static void run(Map<String, String> o) throws Exception {
        Path data = Path.of(need(o, "data-dir"));
        Path serverLog = Path.of(need(o, "server-log"));
        Arm a = signIn(need(o, "base"), data, Long.parseLong(o.getOrDefault("pid", "0")));
        List<Integer> sizes = new ArrayList<>();
        for (String s : o.getOrDefault("sizes", "100,1000,5000").split(",")) {
            sizes.add(Integer.parseInt(s.strip()));
        }
        int runs = intOpt(o, "runs", 5);
        int warmup = intOpt(o, "warmup", 5);
        int nics = intOpt(o, "nics", 1000);
        int conc = intOpt(o, "concurrency", 8);
        if (nics > 4000 || sizes.stream().anyMatch(s -> s > 16_000)) {
            throw new IllegalArgumentException("--nics must fit a /20 subnet (4000) and --sizes a /18 (16000)");
        }
        String sub = field(Files.readString(data.resolve("credentials.json")), "subscriptionId");
        out("config.sizes", o.getOrDefault("sizes", "100,1000,5000"));
        out("config.runs", runs);
        out("config.warmup", warmup);
        out("config.nics", nics);
        out("config.concurrency", conc);

        // --- setup: a VNet with a frontend /24 and a NIC /20; pool addresses come from 10.0.64.0/18 (an IP-based
        // pool's address needs the VNet's address space, not a subnet) ---
        String rg = group(sub, "pool-scale");
        a.must(rg, "{\"location\":\"eastus\"}");
        String vnet = rg + NET + "virtualNetworks/vnet";
        a.must(vnet, vnetBody("10.0.0.0/16", new String[][]{{"frontend", "10.0.0.0/24"}, {"nics", "10.0.16.0/20"}}));
        String lb = rg + NET + "loadBalancers/lb-ips";
        a.must(lb, lbBody(lb, vnet + "/subnets/frontend", 1, 4));

        // --- 1. PUT of a pool with N addresses: each run creates a fresh pool (201), which is then deleted ---
        log("1. pool PUT with " + sizes + " addresses: " + warmup + " warm-up PUTs of 100, then " + runs
                + " creates per size");
        for (int i = 0; i < warmup; i++) {
            a.must(lb + "/backendAddressPools/warm", addresses(vnet, 100));
        }
        for (int size : sizes) {
            String body = addresses(vnet, size);
            double[] ms = new double[runs];
            double cpu = 0;
            int bytes = 0;
            for (int r = 0; r < runs; r++) {
                String pool = lb + "/backendAddressPools/ips-" + size + "-" + r;
                double cpu0 = cpuMs(pid);
                Reply put = a.put(pool, body);
                cpu += cpuMs(pid) - cpu0;
                if (put.status() != 201) {
                    throw new IllegalStateException("PUT " + pool + " answered " + put.status() + " "
                            + put.body().substring(0, Math.min(400, put.body().length())));
                }
                ms[r] = put.nanos() / 1e6;
                bytes = put.body().getBytes(StandardCharsets.UTF_8).length;
                Reply del = a.delete(pool);
                if (del.status() / 100 != 2) {
                    throw new IllegalStateException("DELETE " + pool + " answered " + del.status() + " " + del.body());
                }
            }
            String key = "poolPut." + size;
            series(key + ".ms", ms);
            out(key + ".requestBytes", body.getBytes(StandardCharsets.UTF_8).length);
            out(key + ".responseBytes", bytes);
            out(key + ".serverCpuMsPerPut", cpu / runs);
            log(String.format(Locale.ROOT, "%s: median %.1f ms over %d runs, server CPU %.1f ms/PUT", key,
                    median(sorted(ms)), runs, cpu / runs));
        }

        // --- 2. migrateToIpBased of a pool with N NIC members ---
        String migLb = rg + NET + "loadBalancers/lb-nics";
        a.must(migLb, lbBody(migLb, vnet + "/subnets/frontend", 1, 4));
        String pool = migLb + "/backendAddressPools/pool";
        log("2. migrateToIpBased: " + nics + " NICs join the pool (" + conc + " clients), then one POST");
        createNics(null, nics, conc, i -> rg + NET + String.format(Locale.ROOT, "networkInterfaces/nic-%04d", i),
                vnet + "/subnets/nics", pool);
        int members = countOf(a.get(pool).body(), "\"networkInterfaceIPConfiguration\"");
        if (members != nics) {
            throw new IllegalStateException("the pool has " + members + " members, expected " + nics);
        }
        long logFrom = Files.size(serverLog);
        double cpu0 = cpuMs(pid);
        Reply migrated = a.post(migLb + "/migrateToIpBased", "{\"pools\":[\"pool\"]}");
        double cpu = cpuMs(pid) - cpu0;
        if (migrated.status() != 200 || !migrated.body().contains("\"pool\"")) {
            throw new IllegalStateException("migrateToIpBased answered " + migrated.status() + " " + migrated.body());
        }
        List<long[]> writes = lockHolds(serverLog, logFrom);
        if (writes.size() != 1 || writes.get(0)[1] != 1) {
            throw new IllegalStateException("expected one committed write during the migration, the server log has "
                    + writes.size() + " (is SqliteStore logging at DEBUG? see bench/pool-scale-logback.xml)");
        }
        String after = a.get(pool).body();
        if (after.contains("\"backendIPConfigurations\"") || countOf(after, "\"ipAddress\"") != nics) {
            throw new IllegalStateException("after the migration the pool is not " + nics + " IP-based addresses");
        }
        out("migration.nics", nics);
        out("migration.ms", migrated.nanos() / 1e6);
        out("migration.lockHeldMs", writes.get(0)[0] / 1e3);
        out("migration.serverCpuMs", cpu);
        out("migration.poolGetBytes", after.getBytes(StandardCharsets.UTF_8).length);
        log(String.format(Locale.ROOT, "migration of %d NICs: %.1f ms, write lock held %.1f ms, server CPU %.1f ms",
                nics, migrated.nanos() / 1e6, writes.get(0)[0] / 1e3, cpu));
    }

    static double[] sorted(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s;
    }

    /** The write transactions the server logged after byte {@code from}: {lock held in µs, 1 if committed}. */
    static List<long[]> lockHolds(Path serverLog, long from) throws IOException {
        List<long[]> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(serverLog)) {
            in.skipNBytes(from);
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Matcher m = LOCK_HELD.matcher(line);
                if (m.find()) {
                    out.add(new long[]{Long.parseLong(m.group(1)), m.group(2).equals("true") ? 1 : 0});
                }
            }
        }
        return out;
    }

    static void table(List<String> files) throws IOException {
        Properties p = new Properties();
        for (String f : files) {
            try (InputStream in = Files.newInputStream(Path.of(f))) {
                p.load(in);
            }
        }
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "Fulcrum %s, %s, %s CPUs, load %s -> %s%n", p.getProperty("meta.version"),
                p.getProperty("meta.gitCommit"), p.getProperty("meta.cpus"), p.getProperty("meta.loadavgStart"),
                p.getProperty("meta.loadavgEnd")));
        t.append(String.format(Locale.ROOT, "%nPUT of an IP-based pool (create, %s runs each; client-side ms)%n",
                p.getProperty("config.runs")));
        t.append(String.format(Locale.ROOT, "  %9s %9s %9s %9s %12s %12s %14s%n", "addresses", "p50 ms", "min ms",
                "max ms", "request B", "response B", "server CPU ms"));
        for (String size : p.getProperty("config.sizes").split(",")) {
            String k = "poolPut." + size.strip();
            t.append(String.format(Locale.ROOT, "  %9s %9s %9s %9s %12s %12s %14s%n", size.strip(),
                    p.getProperty(k + ".ms.median"), p.getProperty(k + ".ms.min"), p.getProperty(k + ".ms.max"),
                    p.getProperty(k + ".requestBytes"), p.getProperty(k + ".responseBytes"),
                    p.getProperty(k + ".serverCpuMsPerPut")));
        }
        t.append(String.format(Locale.ROOT, "%nmigrateToIpBased of a pool with %s NICs (one transaction)%n",
                p.getProperty("migration.nics")));
        t.append(String.format(Locale.ROOT, "  POST, client-side:          %s ms%n", p.getProperty("migration.ms")));
        t.append(String.format(Locale.ROOT, "  write lock held (server):   %s ms%n",
                p.getProperty("migration.lockHeldMs")));
        t.append(String.format(Locale.ROOT, "  server CPU during the POST: %s ms%n",
                p.getProperty("migration.serverCpuMs")));
        System.out.print(t);
    }
}
