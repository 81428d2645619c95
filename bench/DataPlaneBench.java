import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The Java half of bench/dataplane.sh (JDK only, run as a single-file program). Modes:
 *
 * <pre>
 *   setup  --base URL --token T --ca PEM --members 10.0.0.4,10.0.0.5 --frontend 10.0.0.100 --port 80 --backend-port 8080
 *          creates a resource group, a VNet 10.0.0.0/16 and a Standard load balancer whose IP-based pool holds the
 *          members, with a TCP probe and a TCP rule; prints the pool's URL
 *   effect --base URL --token T --ca PEM --pool-url U --members ... --target HOST:PORT --rounds N
 *          API reply to data-plane effect: sets the second member adminState Down (then removes it from the pool),
 *          and after each reply connects to the frontend continuously for --window ms, noting when the last new
 *          connection still reached that member; prints percentiles
 *   idle   --target HOST:PORT --conns N --pid P [--jvm true]
 *          opens N idle connections through the balancer (pid P) and prints P's resident-memory growth per connection,
 *          and for a JVM its live-heap growth per connection (jcmd's class histogram, after a full GC)
 * </pre>
 *
 * The members answer "GET /" with their own address in the body, so a connection tells which member it reached.
 */
public class DataPlaneBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        switch (args.length == 0 ? "" : args[0]) {
            case "setup" -> setup(o);
            case "effect" -> effect(o);
            case "idle" -> idle(o);
            default -> {
                System.err.println("usage: see the header of bench/DataPlaneBench.java");
                System.exit(2);
            }
        }
    }

    // --- ARM -----------------------------------------------------------------------------------------------------

    record Arm(HttpClient http, String base, String token) {

        String call(String method, String url, String body, int... expect) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : base + url))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (Arrays.stream(expect).noneMatch(e -> e == r.statusCode())) {
                throw new IllegalStateException(method + " " + url + " -> " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        }
    }

    static Arm arm(Map<String, String> o) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(o.get("ca")))) {
            trust.setCertificateEntry("fulcrum", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        return new Arm(http, o.get("base"), o.get("token"));
    }

    static final String V = "?api-version=2024-07-01";

    static String subscription(Arm a) throws Exception {
        String body = a.call("GET", "/subscriptions?api-version=2022-12-01", null, 200);
        int i = body.indexOf("\"subscriptionId\"");
        int start = body.indexOf('"', body.indexOf(':', i) + 1) + 1;
        return body.substring(start, body.indexOf('"', start));
    }

    static void setup(Map<String, String> o) throws Exception {
        Arm a = arm(o);
        String sub = subscription(a);
        String rg = "/subscriptions/" + sub + "/resourceGroups/bench";
        a.call("PUT", rg + "?api-version=2021-04-01", "{\"location\":\"eastus\"}", 200, 201);
        String vnet = rg + "/providers/Microsoft.Network/virtualNetworks/vnet";
        a.call("PUT", vnet + V, """
                {"location":"eastus","properties":{"addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
                 "subnets":[{"name":"default","properties":{"addressPrefix":"10.0.0.0/24"}}]}}""", 200, 201);
        String lb = rg + "/providers/Microsoft.Network/loadBalancers/lb";
        StringBuilder addresses = new StringBuilder();
        for (String m : o.get("members").split(",")) {
            addresses.append(addresses.isEmpty() ? "" : ",").append(address(m, vnet, "None"));
        }
        int port = Integer.parseInt(o.get("port"));
        int backendPort = Integer.parseInt(o.get("backend-port"));
        a.call("PUT", lb + V, """
                {"location":"eastus","sku":{"name":"Standard"},"properties":{
                 "frontendIPConfigurations":[{"name":"fe","properties":{"privateIPAddress":"%s",
                   "privateIPAllocationMethod":"Static","subnet":{"id":"%s/subnets/default"}}}],
                 "backendAddressPools":[{"name":"pool","properties":{"loadBalancerBackendAddresses":[%s]}}],
                 "probes":[{"name":"tcp","properties":{"protocol":"Tcp","port":%d,"intervalInSeconds":5}}],
                 "loadBalancingRules":[{"name":"http","properties":{"protocol":"Tcp","frontendPort":%d,
                   "backendPort":%d,"idleTimeoutInMinutes":4,
                   "frontendIPConfiguration":{"id":"%s/frontendIPConfigurations/fe"},
                   "backendAddressPool":{"id":"%s/backendAddressPools/pool"},
                   "probe":{"id":"%s/probes/tcp"}}}]}}""".formatted(o.get("frontend"), vnet, addresses,
                backendPort, port, backendPort, lb, lb, lb), 200, 201);
        System.out.println(a.base() + lb + "/backendAddressPools/pool" + V);
    }

    static String address(String ip, String vnet, String adminState) {
        return "{\"name\":\"m-%s\",\"properties\":{\"ipAddress\":\"%s\",\"adminState\":\"%s\",\"virtualNetwork\":{\"id\":\"%s\"}}}"
                .formatted(ip.replace('.', '-'), ip, adminState, vnet);
    }

    // --- API reply to effect -------------------------------------------------------------------------------------

    static void effect(Map<String, String> o) throws Exception {
        Arm a = arm(o);
        String poolUrl = o.get("pool-url");
        String[] members = o.get("members").split(",");
        String vnet = poolUrl.substring(a.base().length(), poolUrl.indexOf("/providers/")) + "/providers/Microsoft.Network"
                + "/virtualNetworks/vnet";
        InetSocketAddress target = hostPort(o.get("target"));
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "30"));
        long windowNanos = Duration.ofMillis(Long.parseLong(o.getOrDefault("window", "300"))).toNanos();
        String leaving = members[1];
        String bothUp = pool(members, vnet, null, null);
        String downBody = pool(members, vnet, leaving, "Down");
        String removedBody = pool(new String[] {members[0]}, vnet, null, null);
        for (String[] phase : new String[][] {{"adminDown", downBody}, {"removed", removedBody}}) {
            List<Double> effects = new ArrayList<>();
            List<Double> replies = new ArrayList<>();
            int unseen = 0;
            for (int r = 0; r < rounds + 3; r++) {
                a.call("PUT", poolUrl, bothUp, 200, 201);
                awaitBoth(target, members);
                long sent = System.nanoTime();
                a.call("PUT", poolUrl, phase[1], 200, 201);
                long replied = System.nanoTime();
                long lastHit = -1;
                int connections = 0;
                while (System.nanoTime() - replied < windowNanos) {
                    String who = reach(target);
                    connections++;
                    if (who.contains(leaving)) {
                        lastHit = System.nanoTime();
                    }
                }
                if (r < 3) {
                    continue; // warm-up rounds
                }
                if (connections < 50) {
                    unseen++;
                }
                effects.add(lastHit < 0 ? 0.0 : (lastHit - replied) / 1e6);
                replies.add((replied - sent) / 1e6);
            }
            double[] v = effects.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("effect.%s.p50Ms=%.2f%neffect.%s.p99Ms=%.2f%neffect.%s.maxMs=%.2f%neffect.%s.rounds=%d%n",
                    phase[0], pct(v, 0.5), phase[0], pct(v, 0.99), phase[0], v[v.length - 1], phase[0], v.length);
            double[] r = replies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            // What the write costs, the data plane's apply included (the reply waits for it).
            System.out.printf("effect.%s.putReplyP50Ms=%.2f%neffect.%s.putReplyP99Ms=%.2f%n", phase[0], pct(r, 0.5),
                    phase[0], pct(r, 0.99));
            if (unseen > 0) {
                System.out.printf("effect.%s.sparseRounds=%d%n", phase[0], unseen);
            }
        }
        a.call("PUT", poolUrl, bothUp, 200, 201);
    }

    static String pool(String[] members, String vnet, String special, String state) {
        StringBuilder s = new StringBuilder();
        for (String m : members) {
            s.append(s.isEmpty() ? "" : ",").append(address(m, vnet, m.equals(special) ? state : "None"));
        }
        return "{\"properties\":{\"loadBalancerBackendAddresses\":[" + s + "]}}";
    }

    /** Connects until both members have answered, so each round starts from the same state. */
    static void awaitBoth(InetSocketAddress target, String[] members) throws Exception {
        boolean[] seen = new boolean[members.length];
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String who = reach(target);
            for (int i = 0; i < members.length; i++) {
                seen[i] |= who.contains(members[i]);
            }
            boolean all = true;
            for (boolean b : seen) {
                all &= b;
            }
            if (all) {
                return;
            }
        }
        throw new IllegalStateException("the members did not both answer within 10 s");
    }

    static String reach(InetSocketAddress target) {
        try (Socket s = new Socket()) {
            s.setSoLinger(true, 0); // no TIME_WAIT pile-up over thousands of short connections
            s.connect(target, 1000);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            s.getInputStream().transferTo(body);
            return body.toString(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }

    static double pct(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    static InetSocketAddress hostPort(String s) {
        int colon = s.lastIndexOf(':');
        return new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
    }

    // --- memory per idle connection --------------------------------------------------------------------------------

    static void idle(Map<String, String> o) throws Exception {
        InetSocketAddress target = hostPort(o.get("target"));
        int n = Integer.parseInt(o.get("conns"));
        long pid = Long.parseLong(o.get("pid"));
        boolean jvm = Boolean.parseBoolean(o.getOrDefault("jvm", "false"));
        System.gc();
        Thread.sleep(1000);
        long before = rssKb(pid);
        long heapBefore = jvm ? liveHeapBytes(pid) : 0;
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Socket s = new Socket();
                s.connect(target, 2000);
                open.add(s);
            }
            Thread.sleep(2000);
            long after = rssKb(pid);
            System.out.printf("idle.conns=%d%nidle.rssBeforeKb=%d%nidle.rssAfterKb=%d%nidle.bytesPerConn=%d%n", n,
                    before, after, (after - before) * 1024 / n);
            if (jvm) {
                System.out.printf("idle.liveHeapBytesPerConn=%d%n", (liveHeapBytes(pid) - heapBefore) / n);
            }
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    /** The live heap after a full GC: the total line of {@code jcmd PID GC.class_histogram} (which forces one). */
    static long liveHeapBytes(long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram").redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        for (String line : out.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length == 3 && words[0].equals("Total")) {
                return Long.parseLong(words[2]);
            }
        }
        throw new IllegalStateException("no total in jcmd's class histogram: " + out);
    }

    static long rssKb(long pid) throws IOException {
        // One process each: Fulcrum is one JVM, and HAProxy runs without master-worker mode here.
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }
}
