// Fulcrum network benchmark: load-balancer PUTs, NIC creation into one backend pool, pool GETs, and whether a
// pool GET depends on the rest of the subscription. JDK only; bench/network-pools.sh compiles it with
// bench/BenchKit.java (its shared helpers) into the run's temp dir and runs it as:
//
//   java -cp CLASSES NetworkPools run    --base https://127.0.0.1:PORT --data-dir DIR
//                                        --isolation-subscriptions SUB_FEW,SUB_MANY
//                                        [--pid SERVER_PID] [--lb-puts 15] [--lb-warmup 10] [--nics 1000]
//                                        [--nic-warmup 200] [--concurrency 8] [--gets 500] [--get-warmup 200]
//                                        [--small 10] [--small-gets 2000] [--unrelated 10000]
//   java -cp CLASSES NetworkPools report --json OUT.json FILE.properties...
//
// run prints key=value lines on stdout (progress on stderr); report turns them into the results table (stdout) and
// one JSON document. Everything talks to 127.0.0.1 only, over HTTP/1.1 keep-alive with an SSLContext that trusts
// only the data dir's ca.pem. CPU figures read /proc/<pid>/stat in clock ticks: pass -Dclk.tck=$(getconf CLK_TCK)
// if it is not 100.

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

public class NetworkPools extends BenchKit {

    public static void main(String[] args) throws Exception {
        Args a = parse(args, NetworkPools::usage);
        switch (a.mode()) {
            case "run" -> run(a.options());
            case "report" -> report(a.options(), a.rest());
            default -> usage();
        }
    }

    static void usage() {
        System.err.println("usage: java -cp CLASSES NetworkPools run|report [--option value]...");
        System.exit(2);
    }

    // ---------------------------------------------------------------------------------------------------------
    // run

    static void run(Map<String, String> o) throws Exception {
        Path data = Path.of(need(o, "data-dir"));
        String isoSubs = need(o, "isolation-subscriptions");
        int lbPuts = intOpt(o, "lb-puts", 15);
        int lbWarmup = intOpt(o, "lb-warmup", 10);
        int nics = intOpt(o, "nics", 1000);
        int nicWarmup = intOpt(o, "nic-warmup", 200);
        int conc = intOpt(o, "concurrency", 8);
        int gets = intOpt(o, "gets", 500);
        int getWarmup = intOpt(o, "get-warmup", 200);
        int small = intOpt(o, "small", 10);
        int smallGets = intOpt(o, "small-gets", 2000);
        int unrelated = intOpt(o, "unrelated", 10000);
        if (nics > 4000) {
            throw new IllegalArgumentException("--nics must fit a /20 subnet (at most 4000)");
        }
        Arm a = signIn(need(o, "base"), data, Long.parseLong(o.getOrDefault("pid", "0")));
        String sub = field(Files.readString(data.resolve("credentials.json")), "subscriptionId");
        out("config.lbPuts", lbPuts);
        out("config.lbWarmup", lbWarmup);
        out("config.nics", nics);
        out("config.nicWarmup", nicWarmup);
        out("config.concurrency", conc);
        out("config.gets", gets);
        out("config.getWarmup", getWarmup);
        out("config.small", small);
        out("config.smallGets", smallGets);
        out("config.unrelated", unrelated);

        // --- setup: one group, one VNet: a /24 for frontends, a /20 per NIC phase and one for the warm-up ---
        String rg = group(sub, "pools");
        a.must(rg, "{\"location\":\"eastus\"}");
        String vnet = rg + NET + "virtualNetworks/vnet";
        a.must(vnet, vnetBody("10.0.0.0/16", new String[][]{{"frontend", "10.0.0.0/24"}, {"warm", "10.0.48.0/20"},
                {"seq", "10.0.16.0/20"}, {"conc", "10.0.32.0/20"}}));
        String feSubnet = vnet + "/subnets/frontend";

        // --- 1. load balancer PUTs ---
        log("1. load balancer PUT: 1 frontend, 1 pool, 1 probe, 10 rules; " + lbWarmup + " warm-up PUTs, then "
                + lbPuts + " creates, " + lbPuts + " replaces (rules changed), " + lbPuts + " replaces (same body)");
        String warmLb = rg + NET + "loadBalancers/lb-warm";
        for (int i = 0; i < lbWarmup; i++) {
            a.must(warmLb, lbBody(warmLb, feSubnet, 10, 4 + i % 2));
        }
        List<String> lbs = new ArrayList<>();
        for (int i = 0; i < lbPuts; i++) {
            lbs.add(rg + NET + String.format(Locale.ROOT, "loadBalancers/lb-put-%02d", i));
        }
        final Arm lbArm = a;
        timedPuts("lbPut.create", lbs, lb -> lbArm.put(lb, lbBody(lb, feSubnet, 10, 4)), 201);
        timedPuts("lbPut.replaceChanged", lbs, lb -> lbArm.put(lb, lbBody(lb, feSubnet, 10, 5)), 200);
        timedPuts("lbPut.replaceSame", lbs, lb -> lbArm.put(lb, lbBody(lb, feSubnet, 10, 5)), 200);
        Reply one = a.get(lbs.get(0));
        out("lbPut.responseBytes", one.body().getBytes(StandardCharsets.UTF_8).length);

        // --- 2. NIC creation into one pool ---
        String warmPool = warmLb + "/backendAddressPools/pool";
        log("2. NIC creation: " + nicWarmup + " warm-up NICs (own subnet and pool), then " + nics
                + " sequential, then " + nics + " with " + conc + " clients");
        createNics(null, nicWarmup, 1, i -> rg + NET + String.format(Locale.ROOT, "networkInterfaces/warm-%04d", i),
                vnet + "/subnets/warm", warmPool);
        String seqLb = rg + NET + "loadBalancers/lb-seq";
        a.must(seqLb, lbBody(seqLb, feSubnet, 10, 4));
        String seqPool = seqLb + "/backendAddressPools/pool";
        createNics("nics.sequential", nics, 1, i -> rg + NET + String.format(Locale.ROOT,
                "networkInterfaces/seq-%04d", i), vnet + "/subnets/seq", seqPool);
        String concLb = rg + NET + "loadBalancers/lb-conc";
        a.must(concLb, lbBody(concLb, feSubnet, 10, 4));
        createNics("nics.concurrent", nics, conc, i -> rg + NET + String.format(Locale.ROOT,
                "networkInterfaces/conc-%04d", i), vnet + "/subnets/conc", concLb + "/backendAddressPools/pool");

        // --- 3. GET of the pool with the NICs, and of its load balancer (which renders the pool inline) ---
        log("3. GET of the pool with " + nics + " NICs: " + getWarmup + " warm-up + " + gets + " measured");
        timedGets("poolGet.large", a, seqPool, getWarmup, gets, nics);
        timedGets("lbGet.large", a, seqLb, Math.max(1, getWarmup / 4), Math.max(1, gets / 5), nics);

        // --- 4. a small pool's GET with few and with many unrelated NICs in its subscription ---
        // Two subscriptions, each with the same small pool. Both are measured in alternating blocks on one
        // connection, first while each holds `small` unrelated NICs (a control: the ratio shows the noise), then
        // after the second one got `unrelated` of them. Alternating blocks give both the same JIT state and the
        // same machine load, which back-to-back phases (one before, one after the fill) would not.
        String[] subs = isoSubs.split(",");
        log("4. a pool of " + small + " NICs in each of two subscriptions; " + small + " unrelated NICs in each,"
                + " then " + unrelated + " in the second");
        String fewPool = smallPool(a, subs[0], small);
        String manyPool = smallPool(a, subs[1], small);
        int few = fillUnrelated(subs[0], 0, small, conc);
        int many = fillUnrelated(subs[1], 0, small, conc);
        out("isolation.control.few.unrelatedNics", few);
        out("isolation.control.many.unrelatedNics", many);
        compareGets(new String[]{"isolation.control.few", "isolation.control.many"}, a,
                new String[]{fewPool, manyPool}, getWarmup, smallGets, small);
        long t0 = System.nanoTime();
        many = fillUnrelated(subs[1], many, unrelated, conc);
        double fillSec = (System.nanoTime() - t0) / 1e9;
        out("isolation.fillSec", fillSec);
        out("isolation.fillNicsPerSec", (unrelated - small) / fillSec);
        out("isolation.few.unrelatedNics", few);
        out("isolation.many.unrelatedNics", many);
        compareGets(new String[]{"isolation.few", "isolation.many"}, a, new String[]{fewPool, manyPool}, getWarmup,
                smallGets, small);
        out("isolation.groups", (many + 999) / 1000);
        out("nics.totalCreated", nicWarmup + 2L * nics + 2L * small + few + many);
    }

    /** A resource group "iso-pool" in {@code sub} with a VNet, a Standard load balancer and {@code small} members. */
    static String smallPool(Arm a, String sub, int small) throws Exception {
        String iso = group(sub, "iso-pool");
        a.must(iso, "{\"location\":\"eastus\"}");
        String vnet = iso + NET + "virtualNetworks/vnet";
        a.must(vnet, vnetBody("10.1.0.0/16", new String[][]{{"frontend", "10.1.0.0/24"}, {"be", "10.1.16.0/20"}}));
        String lb = iso + NET + "loadBalancers/lb-small";
        a.must(lb, lbBody(lb, vnet + "/subnets/frontend", 10, 4));
        String pool = lb + "/backendAddressPools/pool";
        createNics(null, small, 1, i -> iso + NET + String.format(Locale.ROOT, "networkInterfaces/member-%02d", i),
                vnet + "/subnets/be", pool);
        return pool;
    }

    /**
     * Adds unrelated NICs to {@code sub} until it holds {@code upTo} (it holds {@code have}): groups "iso-other-NN" of
     * up to 1,000, each with its own VNet and load balancer, the NICs members of that load balancer's pool (so the
     * reference index holds other pools' members too, not just other subnets'). Returns the new count.
     */
    static int fillUnrelated(String sub, int have, int upTo, int conc) throws Exception {
        while (have < upTo) {
            int g = have / 1000;
            String grp = group(sub, String.format(Locale.ROOT, "iso-other-%02d", g));
            String v = grp + NET + "virtualNetworks/vnet";
            String lb = grp + NET + "loadBalancers/lb";
            if (have % 1000 == 0) {
                Arm x = arm();
                x.must(grp, "{\"location\":\"eastus\"}");
                x.must(v, vnetBody("10.2.0.0/16", new String[][]{{"frontend", "10.2.0.0/24"},
                        {"nics", "10.2.16.0/20"}}));
                x.must(lb, lbBody(lb, v + "/subnets/frontend", 10, 4));
            }
            int from = have;
            int to = Math.min(upTo, (g + 1) * 1000);
            createNics(null, to - from, to - from >= 100 ? conc : 1, i -> grp + NET + String.format(Locale.ROOT,
                    "networkInterfaces/other-%04d", from % 1000 + i), v + "/subnets/nics",
                    lb + "/backendAddressPools/pool");
            have = to;
        }
        return have;
    }

    interface Put {
        Reply call(String id) throws Exception;
    }

    /** One PUT per id, sequential on one connection; each must answer {@code expect}. */
    static void timedPuts(String key, List<String> ids, Put put, int expect) throws Exception {
        double[] ms = new double[ids.size()];
        double cpu0 = cpuMs(pid);
        for (int i = 0; i < ids.size(); i++) {
            Reply r = put.call(ids.get(i));
            if (r.status() != expect) {
                throw new IllegalStateException(key + ": PUT " + ids.get(i) + " answered " + r.status() + ", expected "
                        + expect + ": " + r.body());
            }
            ms[i] = r.nanos() / 1e6;
        }
        double cpu = cpuMs(pid) - cpu0;
        series(key + ".ms", ms);
        out(key + ".status", expect);
        out(key + ".serverCpuMsPerPut", cpu / ids.size());
        double[] s = ms.clone();
        Arrays.sort(s);
        log(String.format(Locale.ROOT, "%s: median %.1f ms (%.1f..%.1f), server CPU %.1f ms/PUT", key,
                median(s), s[0], s[s.length - 1], cpu / ids.size()));
    }

    /** GETs of one id on one connection; checks the answer renders {@code members} NIC ip configurations. */
    static void timedGets(String key, Arm a, String id, int warmup, int count, int members) throws Exception {
        compareGets(new String[]{key}, a, new String[]{id}, warmup, count, members);
    }

    static final int BLOCK = 50;

    /**
     * GETs of several ids on one connection: {@code warmup} of each, then {@code count} of each in alternating
     * blocks of {@link #BLOCK}, so that all of them meet the same JIT state and machine load. Server CPU is read
     * around each block and summed per id.
     */
    static void compareGets(String[] keys, Arm a, String[] ids, int warmup, int count, int members) throws Exception {
        int k = ids.length;
        String[] bodies = new String[k];
        for (int i = 0; i < k; i++) {
            Reply probe = a.get(ids[i]);
            int rendered = countOf(probe.body(), "\"networkInterfaceIPConfiguration\"");
            if (probe.status() != 200 || rendered != members) {
                throw new IllegalStateException(keys[i] + ": GET " + ids[i] + " answered " + probe.status()
                        + " with " + rendered + " pool members, expected " + members);
            }
            bodies[i] = probe.body();
        }
        for (int w = 0; w < warmup; w++) {
            for (String id : ids) {
                a.get(id);
            }
        }
        long[][] nanos = new long[k][count];
        double[] cpu = new double[k];
        double[] sec = new double[k];
        for (int done = 0; done < count; done += BLOCK) {
            int n = Math.min(BLOCK, count - done);
            for (int i = 0; i < k; i++) {
                double cpu0 = cpuMs(pid);
                long t0 = System.nanoTime();
                for (int j = 0; j < n; j++) {
                    Reply r = a.get(ids[i]);
                    if (r.status() != 200) {
                        throw new IllegalStateException(keys[i] + ": GET " + ids[i] + " answered " + r.status() + " "
                                + r.body());
                    }
                    nanos[i][done + j] = r.nanos();
                }
                sec[i] += (System.nanoTime() - t0) / 1e9;
                cpu[i] += cpuMs(pid) - cpu0;
            }
        }
        for (int i = 0; i < k; i++) {
            String key = keys[i];
            long[] sorted = nanos[i];
            Arrays.sort(sorted);
            out(key + ".members", members);
            out(key + ".responseBytes", bodies[i].getBytes(StandardCharsets.UTF_8).length);
            out(key + ".warmup", warmup);
            out(key + ".requests", count);
            out(key + ".p50Ms", pct(sorted, 0.50));
            out(key + ".p90Ms", pct(sorted, 0.90));
            out(key + ".p99Ms", pct(sorted, 0.99));
            out(key + ".maxMs", sorted[sorted.length - 1] / 1e6);
            out(key + ".throughputRps", count / sec[i]);
            out(key + ".serverCpuMsPerRequest", cpu[i] / count);
            out(key + ".loadavg", load1());
            log(String.format(Locale.ROOT, "%s: %d GETs (%d members, %d bytes) p50 %.2f ms, p99 %.2f ms, %.0f/s,"
                            + " server CPU %.2f ms/GET", key, count, members, bodies[i].length(), pct(sorted, 0.5),
                    pct(sorted, 0.99), count / sec[i], cpu[i] / count));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // report

    static void report(Map<String, String> o, List<String> files) throws Exception {
        Properties p = load(files);
        Path json = Path.of(need(o, "json"));
        StringBuilder t = header(p, "Fulcrum network pools benchmark", "1/5/15 min", "the CPUs");

        t.append(String.format(Locale.ROOT, "1. Standard load balancer PUT (1 private frontend, 1 pool, 1 probe, 10"
                + " rules), sequential, %s each (ms)%n", p.getProperty("config.lbPuts")));
        t.append(String.format(Locale.ROOT, "  %-34s %8s %8s %8s %12s%n", "", "median", "min", "max",
                "srvCPU/PUT"));
        for (String[] row : new String[][]{{"lbPut.create", "create (201)"},
                {"lbPut.replaceChanged", "replace, 10 rules changed (200)"},
                {"lbPut.replaceSame", "replace, same body (200)"}}) {
            t.append(String.format(Locale.ROOT, "  %-34s %8s %8s %8s %12s%n", row[1], num(p, row[0] + ".ms.median",
                    1), num(p, row[0] + ".ms.min", 1), num(p, row[0] + ".ms.max", 1),
                    num(p, row[0] + ".serverCpuMsPerPut", 1)));
        }
        t.append('\n');

        t.append("2. NIC creation into one backend pool (one dynamic ip configuration each, fresh /20 subnet)\n");
        t.append(String.format(Locale.ROOT, "  %-22s %6s %8s %7s %7s %7s %8s %9s %9s %10s%n", "", "NICs", "total s",
                "NICs/s", "p50 ms", "p99 ms", "max ms", "first ms", "last ms", "srvCPU/NIC"));
        for (String[] row : new String[][]{{"nics.sequential", "sequential, 1 client"},
                {"nics.concurrent", "concurrent, " + p.getProperty("config.concurrency") + " clients"}}) {
            String k = row[0];
            t.append(String.format(Locale.ROOT, "  %-22s %6s %8s %7s %7s %7s %8s %9s %9s %10s%n", row[1],
                    p.getProperty(k + ".count"), num(p, k + ".totalSec", 1), num(p, k + ".nicsPerSec", 1),
                    num(p, k + ".p50Ms", 1), num(p, k + ".p99Ms", 1), num(p, k + ".maxMs", 1),
                    num(p, k + ".firstSliceMeanMs", 1), num(p, k + ".lastSliceMeanMs", 1),
                    num(p, k + ".serverCpuMsPerNic", 1)));
        }
        t.append("  (first/last: mean latency of the first and last ").append(p.getProperty("nics.sequential.slice"))
                .append(" NICs completed)\n");
        t.append("  mean ms per tenth of the NICs, sequential: ").append(p.getProperty("nics.sequential.decileMeanMs"))
                .append('\n');
        t.append("                                 concurrent: ")
                .append(p.getProperty("nics.concurrent.decileMeanMs")).append('\n');
        t.append('\n');

        t.append("3. GET, one keep-alive connection, sequential (ms)\n");
        getHeader(t);
        getRow(t, p, "poolGet.large", "the pool with the sequential NICs");
        getRow(t, p, "lbGet.large", "its load balancer (pool rendered inline)");
        t.append('\n');
        t.append("4. GET of a small pool vs unrelated NICs in its subscription (two subscriptions, one pool each,\n"
                + "   measured in alternating blocks of " + BLOCK + " on one connection; ms)\n");
        getHeader(t);
        getRow(t, p, "isolation.control.few", "control: " + p.getProperty("isolation.control.few.unrelatedNics")
                + " unrelated NICs (subscription A)");
        getRow(t, p, "isolation.control.many", "control: " + p.getProperty("isolation.control.many.unrelatedNics")
                + " unrelated NICs (subscription B)");
        getRow(t, p, "isolation.few", p.getProperty("isolation.few.unrelatedNics")
                + " unrelated NICs (subscription A)");
        getRow(t, p, "isolation.many", p.getProperty("isolation.many.unrelatedNics")
                + " unrelated NICs (subscription B)");
        t.append(ratios(p, "isolation.control", "control, B / A (both " + p.getProperty(
                "isolation.control.few.unrelatedNics") + " unrelated):"));
        t.append(ratios(p, "isolation", "B / A (" + p.getProperty("isolation.many.unrelatedNics") + " vs "
                + p.getProperty("isolation.few.unrelatedNics") + " unrelated):"));
        t.append(String.format(Locale.ROOT, "  (filling B: %s NICs/s with %s clients, in %s groups of up to 1,000 NICs,"
                        + " each with its own VNet and pool; %s NICs created in all)%n",
                num(p, "isolation.fillNicsPerSec", 1), p.getProperty("config.concurrency"),
                p.getProperty("isolation.groups"), p.getProperty("nics.totalCreated")));
        System.out.print(t);

        writeJson(p, "network-pools", Set.of("samples", "decileMeanMs"), json);
    }

    static final String GET_FORMAT = "  %-46s %7s %8s %6s %7s %7s %7s %8s %7s %10s%n";

    static void getHeader(StringBuilder t) {
        t.append(String.format(Locale.ROOT, GET_FORMAT, "", "members", "bytes", "reqs", "p50", "p90", "p99", "max",
                "req/s", "srvCPU/req"));
    }

    static void getRow(StringBuilder t, Properties p, String k, String label) {
        t.append(String.format(Locale.ROOT, GET_FORMAT, label, p.getProperty(k + ".members"),
                p.getProperty(k + ".responseBytes"), p.getProperty(k + ".requests"), num(p, k + ".p50Ms", 2),
                num(p, k + ".p90Ms", 2), num(p, k + ".p99Ms", 2), num(p, k + ".maxMs", 2),
                num(p, k + ".throughputRps", 0), num(p, k + ".serverCpuMsPerRequest", 3)));
    }

    /** many / few for p50, p99 and server CPU; also stored as {@code <prefix>.ratio.*} for the JSON. */
    static String ratios(Properties p, String prefix, String label) {
        String[] what = {"p50Ms", "p99Ms", "serverCpuMsPerRequest"};
        double[] r = new double[what.length];
        for (int i = 0; i < what.length; i++) {
            String a = p.getProperty(prefix + ".few." + what[i]);
            String b = p.getProperty(prefix + ".many." + what[i]);
            r[i] = a == null || b == null || Double.parseDouble(a) == 0 ? Double.NaN
                    : Double.parseDouble(b) / Double.parseDouble(a);
            if (!Double.isNaN(r[i])) {
                p.setProperty(prefix + ".ratio." + what[i], fmt(r[i]));
            }
        }
        return String.format(Locale.ROOT, "  %-46s p50 x%.2f   p99 x%.2f   server CPU/GET x%.2f%n", label, r[0], r[1],
                r[2]);
    }
}
