// Shared by the JDK-only benchmark programs under bench/ (ArmLatency.java, NetworkPools.java, PoolScale.java):
// options, output as key=value lines, TLS that trusts only the data dir's ca.pem, sign-in, ARM calls over keep-alive
// connections, server CPU from /proc, the request bodies of the network set-ups, NIC creation into a pool, and the
// JSON document a report writes. The scripts compile
// it together with the program that uses it (javac -d; Java 17's source launcher runs one file only). Everything
// talks to 127.0.0.1 only.

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The benchmark programs extend this for its static helpers, so their code reads as before the split. */
abstract class BenchKit {

    /** A program's arguments: the mode, then {@code --option value} pairs and plain arguments. */
    record Args(String mode, Map<String, String> options, List<String> rest) {
    }

    static Args parse(String[] args, Runnable usage) {
        if (args.length == 0) {
            usage.run();
        }
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    usage.run();
                }
                opts.put(args[i].substring(2), args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        return new Args(args[0], opts, rest);
    }

    /**
     * Signs in as the data dir's principal against {@code baseUrl} and remembers what {@link #arm()} needs; returns
     * a first connection. {@code serverPid} (0 when unknown) is whose CPU time {@link #cpuMs} reads.
     */
    static Arm signIn(String baseUrl, Path data, long serverPid) throws Exception {
        base = baseUrl;
        pid = serverPid;
        ssl = trusting(data.resolve("ca.pem"));
        Arm a = arm();
        bearer = "Bearer " + token(a.http(), base, data);
        return new Arm(a.http(), base, bearer);
    }

    static final String RG_API = "2021-04-01";

    static final String NET_API = "2024-07-01";

    static final String NET = "/providers/Microsoft.Network/";

    static String need(Map<String, String> o, String k) {
        String v = o.get(k);
        if (v == null) {
            System.err.println("missing --" + k);
            System.exit(2);
        }
        return v;
    }

    static int intOpt(Map<String, String> o, String k, int dflt) {
        return Integer.parseInt(o.getOrDefault(k, String.valueOf(dflt)));
    }

    static void log(String s) {
        System.err.println("  " + s);
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    static void out(String key, Object value) {
        System.out.println(key + "=" + (value instanceof Double d ? fmt(d) : value));
    }

    static SSLContext trusting(Path caPem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("fulcrum-ca-" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** HTTP/1.1 only; each client keeps its one connection open between requests (keep-alive). */
    static HttpClient client(SSLContext ssl) {
        return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no \"" + name + "\" in " + json);
        }
        return m.group(1);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String token(HttpClient http, String base, Path data) throws Exception {
        String j = Files.readString(data.resolve("credentials.json"));
        String form = "grant_type=client_credentials&client_id=" + enc(field(j, "clientId")) + "&client_secret="
                + enc(field(j, "clientSecret")) + "&scope=" + enc(base + "//.default");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/adfs/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token request failed: " + r.statusCode() + " " + r.body());
        }
        return field(r.body(), "access_token");
    }

    /** One answer: status, body and the client-side latency (send to whole body read). */
    record Reply(int status, String body, long nanos) {
    }

    /** ARM calls over one keep-alive connection; paths are ARM ids (no api-version). */
    record Arm(HttpClient http, String base, String bearer) {
        Reply send(HttpRequest.Builder b) throws Exception {
            HttpRequest req = b.header("Authorization", bearer).build();
            long t = System.nanoTime();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), System.nanoTime() - t);
        }

        static String api(String id) {
            return id.contains("/providers/") ? NET_API : RG_API;
        }

        Reply put(String id, String body) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + id + "?api-version=" + api(id)))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
        }

        Reply get(String id) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + id + "?api-version=" + api(id))).GET());
        }

        /** A POST action ({@code path} is the resource id plus the action). */
        Reply post(String path, String body) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path + "?api-version=" + api(path)))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        Reply delete(String id) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + id + "?api-version=" + api(id))).DELETE());
        }

        /** A PUT that must answer 2xx; the setup steps are not measured. */
        Reply must(String id, String body) throws Exception {
            Reply r = put(id, body);
            if (r.status() / 100 != 2) {
                throw new IllegalStateException("PUT " + id + " answered " + r.status() + " " + r.body());
            }
            return r;
        }
    }

    static int clkTck() {
        return Integer.parseInt(System.getProperty("clk.tck", "100"));
    }

    /** utime + stime of a process in ms, or -1 when unknown. */
    static double cpuMs(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / clkTck();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static String group(String sub, String name) {
        return "/subscriptions/" + sub + "/resourceGroups/" + name;
    }

    static String vnetBody(String space, String[][] subnets) {
        StringBuilder s = new StringBuilder();
        for (String[] sn : subnets) {
            s.append(s.length() == 0 ? "" : ",").append("{\"name\":\"").append(sn[0])
                    .append("\",\"properties\":{\"addressPrefix\":\"").append(sn[1]).append("\"}}");
        }
        return "{\"location\":\"eastus\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"" + space
                + "\"]},\"subnets\":[" + s + "]}}";
    }

    static String ref(String id) {
        return "{\"id\":\"" + id + "\"}";
    }

    /**
     * A Standard load balancer with one private frontend on {@code subnet}, one pool, one TCP probe and
     * {@code rules} load-balancing rules on frontend (and backend) ports 1001, 1002 ...
     */
    static String lbBody(String lb, String subnet, int rules, int idleMinutes) {
        StringBuilder r = new StringBuilder();
        for (int i = 1; i <= rules; i++) {
            r.append(i == 1 ? "" : ",").append("{\"name\":\"rule-").append(i).append("\",\"properties\":{")
                    .append("\"frontendIPConfiguration\":").append(ref(lb + "/frontendIPConfigurations/fe"))
                    .append(",\"backendAddressPool\":").append(ref(lb + "/backendAddressPools/pool"))
                    .append(",\"probe\":").append(ref(lb + "/probes/probe"))
                    .append(",\"protocol\":\"Tcp\",\"frontendPort\":").append(1000 + i)
                    .append(",\"backendPort\":").append(1000 + i)
                    .append(",\"idleTimeoutInMinutes\":").append(idleMinutes).append("}}");
        }
        return "{\"location\":\"eastus\",\"sku\":{\"name\":\"Standard\"},\"properties\":{"
                + "\"frontendIPConfigurations\":[{\"name\":\"fe\",\"properties\":{\"subnet\":" + ref(subnet) + "}}],"
                + "\"backendAddressPools\":[{\"name\":\"pool\"}],"
                + "\"probes\":[{\"name\":\"probe\",\"properties\":{\"protocol\":\"Tcp\",\"port\":1001}}],"
                + "\"loadBalancingRules\":[" + r + "]}}";
    }

    /** A NIC with one dynamic ip configuration on {@code subnet}, member of {@code pool} (when not null). */
    static String nicBody(String subnet, String pool) {
        return "{\"location\":\"eastus\",\"properties\":{\"ipConfigurations\":[{\"name\":\"ipconfig1\","
                + "\"properties\":{\"subnet\":" + ref(subnet) + ",\"privateIPAllocationMethod\":\"Dynamic\""
                + (pool == null ? "" : ",\"loadBalancerBackendAddressPools\":[" + ref(pool) + "]") + "}}]}}";
    }

    /**
     * Every client stays reachable until the end: a collected HttpClient closes its connection, which would blur the
     * per-phase count of opened connections.
     */
    static final List<HttpClient> KEEP = new ArrayList<>();

    static SSLContext ssl;

    static String base;

    static String bearer;

    static long pid;

    static Arm arm() {
        HttpClient c = client(ssl);
        KEEP.add(c);
        return new Arm(c, base, bearer);
    }

    static double median(double[] sorted) {
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    static void series(String key, double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        out(key + ".median", median(sorted));
        out(key + ".min", sorted[0]);
        out(key + ".max", sorted[sorted.length - 1]);
        StringBuilder b = new StringBuilder();
        for (double d : v) {
            b.append(b.length() == 0 ? "" : ",").append(fmt(d));
        }
        out(key + ".samples", b);
    }

    /**
     * Creates {@code count} NICs with {@code clients} workers (own connection each, requests handed out in order).
     * With a key, reports total time, NICs/s, latency percentiles and how latency moved from the first to the last
     * NICs (by completion order): a rising figure means each NIC costs more as the pool and subnet fill.
     */
    static void createNics(String key, int count, int clients, IntFunction<String> name, String subnet, String pool)
            throws Exception {
        String body = nicBody(subnet, pool);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long[] byCompletion = new long[count];
        Throwable[] failure = new Throwable[1];
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < clients; w++) {
            Arm x = arm();
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        Reply r = x.put(name.apply(i), body);
                        if (r.status() != 201) {
                            throw new IllegalStateException("PUT " + name.apply(i) + " answered " + r.status() + " "
                                    + r.body());
                        }
                        byCompletion[done.getAndIncrement()] = r.nanos();
                    }
                } catch (Throwable e) {
                    synchronized (failure) {
                        if (failure[0] == null) {
                            failure[0] = e;
                        }
                    }
                    next.set(count);
                }
            }, "nic-worker-" + w);
            workers.add(t);
            t.start();
        }
        double cpu0 = cpuMs(pid);
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : workers) {
            t.join();
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        double cpu = cpuMs(pid) - cpu0;
        if (failure[0] != null) {
            throw new IllegalStateException("NIC creation failed: " + failure[0], failure[0]);
        }
        if (key == null) {
            return;
        }
        int slice = Math.max(1, Math.min(100, count / 10));
        double first = meanMs(byCompletion, 0, slice);
        double last = meanMs(byCompletion, count - slice, count);
        long[] sorted = byCompletion.clone();
        Arrays.sort(sorted);
        out(key + ".count", count);
        out(key + ".clients", clients);
        out(key + ".totalSec", sec);
        out(key + ".nicsPerSec", count / sec);
        out(key + ".p50Ms", pct(sorted, 0.50));
        out(key + ".p99Ms", pct(sorted, 0.99));
        out(key + ".maxMs", sorted[sorted.length - 1] / 1e6);
        out(key + ".slice", slice);
        out(key + ".firstSliceMeanMs", first);
        out(key + ".lastSliceMeanMs", last);
        out(key + ".serverCpuMsPerNic", cpu / count);
        // the latency curve, mean ms per tenth of the NICs in completion order
        StringBuilder curve = new StringBuilder();
        for (int d = 0; d < 10; d++) {
            int from = count * d / 10;
            int to = count * (d + 1) / 10;
            curve.append(d == 0 ? "" : ",").append(fmt(meanMs(byCompletion, from, Math.max(from + 1, to))));
        }
        out(key + ".decileMeanMs", curve);
        out(key + ".loadavg", load1());
        log(String.format(Locale.ROOT, "%s: %d NICs x%d clients in %.1f s (%.1f NICs/s), p50 %.1f ms, p99 %.1f ms,"
                        + " first %d %.1f ms, last %d %.1f ms, server CPU %.1f ms/NIC; per tenth: %s", key, count,
                clients, sec, count / sec, pct(sorted, 0.5), pct(sorted, 0.99), slice, first, slice, last,
                cpu / count, curve));
    }

    static double meanMs(long[] nanos, int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += nanos[i];
        }
        return sum / 1e6 / (to - from);
    }

    static double pct(long[] sorted, double q) {
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }

    static int countOf(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------------------
    // reports

    /** The key=value files a run wrote, read as one set of properties. */
    static Properties load(List<String> files) throws IOException {
        Properties p = new Properties();
        for (String f : files) {
            try (var in = Files.newBufferedReader(Path.of(f), StandardCharsets.UTF_8)) {
                p.load(in);
            }
        }
        return p;
    }

    /**
     * A report's opening lines from the meta.* figures: what ran, on which machine and JVM, and how busy the machine
     * was ({@code loadWindow} names the load averages the script recorded, {@code cpus} what client and server share).
     */
    static StringBuilder header(Properties p, String title, String loadWindow, String cpus) {
        StringBuilder t = new StringBuilder();
        t.append(title).append("  ").append(p.getProperty("meta.date")).append('\n');
        t.append("  host: ").append(p.getProperty("meta.cpus")).append(" CPUs (").append(p.getProperty("meta.cpuModel"))
                .append("), ").append(p.getProperty("meta.memTotalMb")).append(" MB RAM, ")
                .append(p.getProperty("meta.os")).append('\n');
        t.append("  java: ").append(p.getProperty("meta.java")).append("; server opts: '")
                .append(p.getProperty("meta.javaOpts", "")).append("'; fulcrum ").append(p.getProperty("meta.version"))
                .append(" @ ").append(p.getProperty("meta.gitCommit")).append('\n');
        t.append("  load average (").append(loadWindow).append(") at start ").append(p.getProperty("meta.loadavgStart"))
                .append(", at end ").append(p.getProperty("meta.loadavgEnd")).append("; client and server share ")
                .append(cpus).append("; all traffic to 127.0.0.1\n\n");
        return t;
    }

    /** A figure with {@code decimals} decimals, or "-" when the run did not measure it. */
    static String num(Properties p, String key, int decimals) {
        String v = p.getProperty(key);
        return v == null ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", Double.parseDouble(v));
    }

    static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");

    /**
     * The figures as one JSON document, nested by their dotted keys: numbers stay numbers (meta.* stays text), and
     * a leaf named in {@code listLeaves} holds a comma-separated list of numbers.
     */
    static void writeJson(Properties p, String benchmark, Set<String> listLeaves, Path json) throws IOException {
        Map<String, Object> root = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            String[] path = name.split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < path.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) node.computeIfAbsent(path[i], x -> new TreeMap<>());
                node = next;
            }
            String leaf = path[path.length - 1];
            String value = p.getProperty(name);
            if (listLeaves.contains(leaf)) {
                List<Object> list = new ArrayList<>();
                for (String x : value.split(",")) {
                    list.add(new BigDecimal(x));
                }
                node.put(leaf, list);
            } else if (!path[0].equals("meta") && NUMBER.matcher(value).matches()) {
                node.put(leaf, new BigDecimal(value));
            } else {
                node.put(leaf, value);
            }
        }
        root.put("benchmark", benchmark);
        StringBuilder j = new StringBuilder();
        toJson(root, j, "");
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, j + "\n", StandardCharsets.UTF_8);
    }

    static void toJson(Object v, StringBuilder b, String indent) {
        if (v instanceof Map<?, ?> m) {
            b.append("{");
            String inner = indent + "  ";
            boolean firstEntry = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(firstEntry ? "\n" : ",\n").append(inner);
                firstEntry = false;
                str(e.getKey().toString(), b);
                b.append(": ");
                toJson(e.getValue(), b, inner);
            }
            b.append(firstEntry ? "}" : "\n" + indent + "}");
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : ", ");
                toJson(l.get(i), b, indent);
            }
            b.append(']');
        } else if (v instanceof BigDecimal d) {
            b.append(d.toPlainString());
        } else {
            str(v.toString(), b);
        }
    }

    static void str(String s, StringBuilder b) {
        b.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
