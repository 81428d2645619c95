// Fulcrum ARM benchmark: start-up timing, request latency and throughput, and the report. JDK only;
// bench/arm-latency.sh compiles it with bench/BenchKit.java (its shared helpers) into the run's temp dir and runs it
// as:
//
//   java -cp CLASSES ArmLatency startup --jar target/fulcrum.jar --work DIR [--runs 5] [--java-opts "..."]
//   java -cp CLASSES ArmLatency wait    --base https://127.0.0.1:PORT --data-dir DIR
//   java -cp CLASSES ArmLatency latency --base https://127.0.0.1:PORT --data-dir DIR --port PORT [--pid SERVER_PID]
//                                       [--requests 3000] [--warmup 500] [--connections 8]
//   java -cp CLASSES ArmLatency report  --json OUT.json FILE.properties...
//
// startup, wait and latency print key=value lines on stdout (and progress on stderr); report turns those files into
// the results table (stdout) and one JSON document. Everything talks to 127.0.0.1 only. CPU figures read
// /proc/<pid>/stat in clock ticks: pass -Dclk.tck=$(getconf CLK_TCK) if it is not 100.

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

public class ArmLatency extends BenchKit {

    static final String PROBE_PATH = "/metadata/endpoints?api-version=2022-09-01";
    static final Pattern READY = Pattern.compile(
            "^Fulcrum (\\S+) serves ARM on (https://\\S+) \\(data dir .*, ready in (\\d+) ms\\)");

    public static void main(String[] args) throws Exception {
        Args a = parse(args, ArmLatency::usage);
        Map<String, String> opts = a.options();
        switch (a.mode()) {
            case "startup" -> startup(opts);
            case "wait" -> waitReady(opts);
            case "latency" -> latency(opts);
            case "report" -> report(opts, a.rest());
            default -> usage();
        }
    }

    static void usage() {
        System.err.println("usage: java -cp CLASSES ArmLatency startup|wait|latency|report [--option value]...");
        System.exit(2);
    }

    // ---------------------------------------------------------------------------------------------------------
    // HTTP

    static String subscriptionId(Path dataDir) throws IOException {
        return field(Files.readString(dataDir.resolve("credentials.json")), "subscriptionId");
    }

    /** Polls the anonymous metadata endpoint until it answers 200; returns the number of attempts. */
    static int probe(HttpClient http, String base, long deadlineNanos) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + PROBE_PATH)).timeout(Duration.ofSeconds(30))
                .GET().build();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200) {
                    return attempt;
                }
            } catch (IOException e) {
                // not listening yet (cannot happen after the ready line, but be robust)
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("server did not answer " + base + PROBE_PATH);
            }
            Thread.sleep(5);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // startup

    record Start(long readyMs, double lineMs, double cpuAtReadyMs, double httpsMs, double firstArmMs, double stopMs) {
    }

    /**
     * Each run: a first start on an empty data dir (creates DB, signing key, CA and server certificate), stopped
     * with SIGTERM, then a second start on the same data dir. One unmeasured warm-up run comes first so that
     * neither the jar's page cache nor this JVM's own cold HTTPS client is billed to run 1.
     */
    static void startup(Map<String, String> o) throws Exception {
        Path jar = Path.of(need(o, "jar")).toAbsolutePath();
        Path work = Path.of(need(o, "work")).toAbsolutePath();
        int runs = Integer.parseInt(o.getOrDefault("runs", "5"));
        List<String> javaOpts = o.getOrDefault("java-opts", "").isBlank() ? List.of()
                : Arrays.asList(o.get("java-opts").trim().split("\\s+"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Start> first = new ArrayList<>();
        List<Start> second = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {
            Path data = work.resolve("startup-" + run);
            Start a = startOnce(javaBin, javaOpts, jar, data, work.resolve("startup-" + run + "-first.log"));
            Start b = startOnce(javaBin, javaOpts, jar, data, work.resolve("startup-" + run + "-second.log"));
            String label = run == 0 ? "warm-up" : "run " + run + "/" + runs;
            log(String.format(Locale.ROOT, "startup %s: first ready %d ms, https %.0f ms; second ready %d ms,"
                    + " https %.0f ms", label, a.readyMs, a.httpsMs, b.readyMs, b.httpsMs));
            if (run > 0) {
                first.add(a);
                second.add(b);
            }
        }
        System.out.println("startup.runs=" + runs);
        emitStarts("startup.first", first);
        emitStarts("startup.second", second);
    }

    static void emitStarts(String prefix, List<Start> s) {
        series(prefix + ".readyMs", s.stream().mapToDouble(Start::readyMs).toArray());
        series(prefix + ".readyLineWallMs", s.stream().mapToDouble(Start::lineMs).toArray());
        series(prefix + ".cpuAtReadyMs", s.stream().mapToDouble(Start::cpuAtReadyMs).toArray());
        series(prefix + ".firstHttpsWallMs", s.stream().mapToDouble(Start::httpsMs).toArray());
        series(prefix + ".firstArmCallMs", s.stream().mapToDouble(Start::firstArmMs).toArray());
        series(prefix + ".stopMs", s.stream().mapToDouble(Start::stopMs).toArray());
    }

    static Start startOnce(String javaBin, List<String> javaOpts, Path jar, Path data, Path log) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin);
        cmd.addAll(javaOpts);
        cmd.addAll(List.of("-jar", jar.toString(), "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir",
                data.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            // The ready line is the server's first; JVM options (-XX:StartFlightRecording...) may print before it.
            String line;
            Matcher m;
            do {
                line = out.readLine();
                if (line == null) {
                    throw new IllegalStateException("server exited (" + p.waitFor() + ") before it was ready; see "
                            + log);
                }
                m = READY.matcher(line);
            } while (!m.find());
            long tLine = System.nanoTime();
            double cpuAtReady = cpuMs(p.pid());
            Thread drain = new Thread(() -> {
                try {
                    out.transferTo(java.io.Writer.nullWriter());
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            drain.setDaemon(true);
            drain.start();
            String base = m.group(2);
            long readyMs = Long.parseLong(m.group(3));
            HttpClient http = client(trusting(data.resolve("ca.pem")));
            probe(http, base, tLine + TimeUnit.SECONDS.toNanos(60));
            long tHttps = System.nanoTime();
            String tok = token(http, base, data);
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/subscriptions/"
                    + subscriptionId(data) + "/resourcegroups?api-version=" + RG_API))
                    .header("Authorization", "Bearer " + tok).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            long tArm = System.nanoTime();
            if (r.statusCode() != 200) {
                throw new IllegalStateException("first ARM call answered " + r.statusCode());
            }
            long tStop = System.nanoTime();
            p.destroy(); // SIGTERM: the shutdown hook closes Jetty and the store
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("server did not stop within 30 s of SIGTERM");
            }
            long tGone = System.nanoTime();
            return new Start(readyMs, ms(tLine - t0), cpuAtReady, ms(tHttps - t0), ms(tArm - tHttps),
                    ms(tGone - tStop));
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    // ---------------------------------------------------------------------------------------------------------
    // wait

    static void waitReady(Map<String, String> o) throws Exception {
        String base = need(o, "base");
        Path data = Path.of(need(o, "data-dir"));
        probe(client(trusting(data.resolve("ca.pem"))), base, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
    }

    // ---------------------------------------------------------------------------------------------------------
    // latency

    /** One kind of request, built fresh per call (the PUT carries a changing tag). */
    interface Call {
        HttpRequest request(long seq);
    }

    record Result(String op, int connections, int warmup, int requests, long[] nanos, double elapsedSec,
                  Map<Integer, Long> statuses, long errors, String firstError, Map<String, Integer> sockets,
                  double serverCpuMs, double clientCpuMs, String serverCpuByThread) {
    }

    /** The server under test: its port, for the socket figures, and its pid, for CPU time from /proc. */
    record Server(int port, long pid) {
        /** utime + stime of the server process in ms, or -1 when unknown. */
        double cpuMs() {
            return BenchKit.cpuMs(pid);
        }
    }

    /** CPU ms of the server's threads, grouped by name without its number ("GC Thread#1" -> "GC Thread"). */
    static Map<String, Double> threadCpuMs(Server server) {
        Map<String, Double> out = new TreeMap<>();
        if (server.pid() <= 0) {
            return out;
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + server.pid() + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / clkTck();
                    out.merge(comm.replaceAll("[#-]?\\d+$", ""), ms, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return out;
    }

    static String threadDelta(Map<String, Double> before, Map<String, Double> after, int requests) {
        List<Map.Entry<String, Double>> d = new ArrayList<>();
        for (Map.Entry<String, Double> e : after.entrySet()) {
            double v = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            if (v > 0) {
                d.add(Map.entry(e.getKey(), v));
            }
        }
        d.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Double> e : d) {
            b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%.3f", e.getValue() / requests));
        }
        return b.toString();
    }

    static double ownCpuMs() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e6;
        }
        return -1;
    }

    static void latency(Map<String, String> o) throws Exception {
        String base = need(o, "base");
        Path data = Path.of(need(o, "data-dir"));
        Server server = new Server(Integer.parseInt(need(o, "port")), Long.parseLong(o.getOrDefault("pid", "0")));
        int requests = Integer.parseInt(o.getOrDefault("requests", "3000"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "500"));
        int connections = Integer.parseInt(o.getOrDefault("connections", "8"));
        SSLContext ssl = trusting(data.resolve("ca.pem"));
        HttpClient setup = client(ssl);
        KEEP.add(setup);
        String tok = token(setup, base, data);
        String groups = base + "/subscriptions/" + subscriptionId(data) + "/resourcegroups/";
        String bearer = "Bearer " + tok;

        // The group every GET reads.
        HttpResponse<String> created = setup.send(putGroup(groups + "bench-get", bearer, -1),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT bench-get answered " + created.statusCode() + " " + created.body());
        }
        HttpRequest get = HttpRequest.newBuilder(URI.create(groups + "bench-get?api-version=" + RG_API))
                .header("Authorization", bearer).GET().build();
        Call getCall = seq -> get;
        // PUTs cycle over 100 groups: the warm-up creates them (201), measured PUTs replace them (200) with a new tag.
        Call putCall = seq -> putGroup(groups + String.format(Locale.ROOT, "bench-put-%03d", seq % 100), bearer, seq);

        List<Result> results = new ArrayList<>();
        results.add(run("GET", getCall, 1, warmup, requests, ssl, server));
        results.add(run("PUT", putCall, 1, warmup, requests, ssl, server));
        results.add(run("GET", getCall, connections, warmup, requests, ssl, server));
        results.add(run("PUT", putCall, connections, warmup, requests, ssl, server));

        long errors = 0;
        for (Result r : results) {
            emit(r);
            errors += r.errors();
        }
        if (errors > 0) {
            System.err.println("latency: " + errors + " requests did not answer 2xx");
            System.exit(1);
        }
    }

    static HttpRequest putGroup(String url, String bearer, long seq) {
        String body = "{\"location\":\"eastus\",\"tags\":{\"bench\":\"arm-latency\",\"seq\":\"" + seq + "\"}}";
        return HttpRequest.newBuilder(URI.create(url + "?api-version=" + RG_API))
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /**
     * {@code connections} workers, each with its own HttpClient (so exactly one keep-alive connection each), send
     * the warm-up and then the measured requests back to back; the total is split evenly between workers.
     */
    static Result run(String op, Call call, int connections, int warmup, int requests, SSLContext ssl,
                      Server server) throws Exception {
        HttpClient[] clients = new HttpClient[connections];
        for (int i = 0; i < connections; i++) {
            clients[i] = client(ssl);
            KEEP.add(clients[i]);
        }
        AtomicLong seq = new AtomicLong();
        Map<Integer, Long> statuses = new TreeMap<>();
        AtomicLong errors = new AtomicLong();
        String[] firstError = new String[1];
        Map<String, Set<String>> before = sockets(server.port());
        // warm-up: opens the connections and warms both JITs; not recorded
        phase(clients, call, seq, warmup, null, statuses, errors, firstError);
        Map<Integer, Long> warmStatuses = new TreeMap<>(statuses);
        statuses.clear();
        long[] nanos = new long[requests];
        Map<String, Double> threads0 = threadCpuMs(server);
        double serverCpu0 = server.cpuMs();
        double clientCpu0 = ownCpuMs();
        long t0 = System.nanoTime();
        phase(clients, call, seq, requests, nanos, statuses, errors, firstError);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double serverCpu = serverCpu0 < 0 ? -1 : server.cpuMs() - serverCpu0;
        double clientCpu = clientCpu0 < 0 ? -1 : ownCpuMs() - clientCpu0;
        String threads = threadDelta(threads0, threadCpuMs(server), requests);
        Arrays.sort(nanos);
        Map<String, Set<String>> after = sockets(server.port());
        Map<String, Integer> sock = new LinkedHashMap<>();
        // connections opened during this phase (warm-up included) and still open; connections closed meanwhile
        sock.put("opened", added(before, after, "client.ESTABLISHED"));
        sock.put("newTimeWait", added(before, after, "TIME_WAIT"));
        Result r = new Result(op, connections, warmup, requests, nanos, elapsed, statuses, errors.get(), firstError[0],
                sock, serverCpu, clientCpu, threads);
        log(String.format(Locale.ROOT, "%s x%d: %d req in %.2f s (%.0f/s), p50 %.2f ms, p99 %.2f ms, server CPU"
                        + " %.2f ms/req, statuses %s (warm-up %s), sockets %s", op, connections, requests, elapsed,
                requests / elapsed, pct(nanos, 0.50), pct(nanos, 0.99), serverCpu / requests, statuses,
                warmStatuses, sock));
        if (!threads.isEmpty()) {
            log("  server CPU ms/request by thread: " + threads);
        }
        return r;
    }

    static void phase(HttpClient[] clients, Call call, AtomicLong seq, int total, long[] nanos,
                      Map<Integer, Long> statuses, AtomicLong errors, String[] firstError) throws Exception {
        int n = clients.length;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int w = 0; w < n; w++) {
            int from = (int) ((long) total * w / n);
            int to = (int) ((long) total * (w + 1) / n);
            HttpClient http = clients[w];
            Thread t = new Thread(() -> {
                Map<Integer, Long> mine = new TreeMap<>();
                try {
                    go.await();
                    for (int i = from; i < to; i++) {
                        HttpRequest req = call.request(seq.getAndIncrement());
                        long s = System.nanoTime();
                        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        long d = System.nanoTime() - s;
                        if (nanos != null) {
                            nanos[i] = d;
                        }
                        mine.merge(r.statusCode(), 1L, Long::sum);
                        if (r.statusCode() / 100 != 2) {
                            if (errors.getAndIncrement() == 0) {
                                firstError[0] = r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8);
                            }
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
                synchronized (statuses) {
                    mine.forEach((k, v) -> statuses.merge(k, v, Long::sum));
                }
            }, "bench-worker-" + w);
            workers.add(t);
            t.start();
        }
        go.countDown();
        for (Thread t : workers) {
            t.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException("a worker failed: " + failure[0], failure[0]);
        }
    }

    /**
     * TCP sockets touching the server port, by state, from /proc/net/tcp{,6}: each as "local remote". Reused
     * keep-alive connections show as a handful of ESTABLISHED sockets; a connection per request would leave
     * thousands in TIME_WAIT. "client.ESTABLISHED" holds the client ends only.
     */
    static Map<String, Set<String>> sockets(int port) {
        Map<String, Set<String>> out = new TreeMap<>();
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String f : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(f);
            if (!Files.isReadable(p)) {
                continue;
            }
            try (Stream<String> lines = Files.lines(p)) {
                lines.skip(1).forEach(l -> {
                    String[] c = l.trim().split("\\s+");
                    if (c.length < 4) {
                        return;
                    }
                    boolean local = c[1].endsWith(hexPort);
                    boolean remote = c[2].endsWith(hexPort);
                    if (!local && !remote) {
                        return;
                    }
                    String state = switch (c[3]) {
                        case "01" -> "ESTABLISHED";
                        case "06" -> "TIME_WAIT";
                        case "0A" -> "LISTEN";
                        default -> "state" + c[3];
                    };
                    String socket = c[1] + " " + c[2];
                    out.computeIfAbsent(state, k -> new TreeSet<>()).add(socket);
                    if (remote && !local) {
                        out.computeIfAbsent("client." + state, k -> new TreeSet<>()).add(socket);
                    }
                });
            } catch (IOException e) {
                // not Linux: no socket figures
            }
        }
        return out;
    }

    static int added(Map<String, Set<String>> before, Map<String, Set<String>> after, String state) {
        Set<String> now = new TreeSet<>(after.getOrDefault(state, Set.of()));
        now.removeAll(before.getOrDefault(state, Set.of()));
        // A connection already open before the phase (an earlier phase's, now idle) may be closed by the server's
        // idle timeout meanwhile; it is not this phase's doing.
        Set<String> earlier = new TreeSet<>();
        for (String socket : before.getOrDefault("client.ESTABLISHED", Set.of())) {
            earlier.add(socket.split(" ")[0]);
        }
        now.removeIf(socket -> Arrays.stream(socket.split(" ")).anyMatch(earlier::contains));
        return now.size();
    }

    static void emit(Result r) {
        String k = "latency." + r.op().toLowerCase(Locale.ROOT) + ".c" + r.connections() + ".";
        long sum = 0;
        for (long n : r.nanos()) {
            sum += n;
        }
        System.out.println(k + "op=" + r.op());
        System.out.println(k + "connections=" + r.connections());
        System.out.println(k + "warmup=" + r.warmup());
        System.out.println(k + "requests=" + r.requests());
        System.out.println(k + "p50Ms=" + fmt(pct(r.nanos(), 0.50)));
        System.out.println(k + "p90Ms=" + fmt(pct(r.nanos(), 0.90)));
        System.out.println(k + "p99Ms=" + fmt(pct(r.nanos(), 0.99)));
        System.out.println(k + "maxMs=" + fmt(r.nanos()[r.nanos().length - 1] / 1e6));
        System.out.println(k + "meanMs=" + fmt(sum / 1e6 / r.nanos().length));
        System.out.println(k + "elapsedSec=" + fmt(r.elapsedSec()));
        System.out.println(k + "throughputRps=" + fmt(r.requests() / r.elapsedSec()));
        System.out.println(k + "errors=" + r.errors());
        StringBuilder st = new StringBuilder();
        r.statuses().forEach((code, n) -> st.append(st.length() == 0 ? "" : ",").append(code).append(':').append(n));
        System.out.println(k + "statuses=" + st);
        System.out.println(k + "connectionsOpened=" + r.sockets().get("opened"));
        System.out.println(k + "newTimeWaitSockets=" + r.sockets().get("newTimeWait"));
        if (r.serverCpuMs() >= 0) {
            System.out.println(k + "serverCpuMsPerRequest=" + fmt(r.serverCpuMs() / r.requests()));
        }
        if (r.clientCpuMs() >= 0) {
            System.out.println(k + "clientCpuMsPerRequest=" + fmt(r.clientCpuMs() / r.requests()));
        }
        if (!r.serverCpuByThread().isEmpty()) {
            System.out.println(k + "serverCpuMsPerRequestByThread=" + r.serverCpuByThread());
        }
        if (r.firstError() != null) {
            System.out.println(k + "firstError=" + r.firstError().replace('\n', ' '));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // report

    static void report(Map<String, String> o, List<String> files) throws Exception {
        Properties p = load(files);
        Path json = Path.of(need(o, "json"));
        StringBuilder t = header(p, "Fulcrum ARM benchmark", "1 min", "the same CPUs");

        int runs = Integer.parseInt(p.getProperty("startup.runs", "0"));
        t.append(String.format(Locale.ROOT, "Start-up (median of %d runs, min..max)        first start (empty dir)"
                + "   second start (existing dir)%n", runs));
        for (String[] row : new String[][]{
                {"readyMs", "  'ready in' printed by the server"},
                {"readyLineWallMs", "  spawn -> ready line on stdout"},
                {"cpuAtReadyMs", "  server CPU time used until ready"},
                {"firstHttpsWallMs", "  spawn -> first HTTPS 200"},
                {"firstArmCallMs", "  then sign-in + first ARM GET"},
                {"stopMs", "  SIGTERM -> process exit"}}) {
            t.append(String.format(Locale.ROOT, "%-44s %8s ms %-15s %8s ms %s%n", row[1],
                    num(p, "startup.first." + row[0] + ".median", 0), range(p, "startup.first." + row[0]),
                    num(p, "startup.second." + row[0] + ".median", 0), range(p, "startup.second." + row[0])));
        }
        t.append('\n');
        t.append("Memory (server process, /proc/<pid>/status; JVM heap limit ").append(p.getProperty(
                "meta.serverMaxHeapMb")).append(" MB, ").append(p.getProperty("meta.serverGc")).append(")\n");
        t.append(String.format(Locale.ROOT, "  VmRSS at ready line                        %8s MB%n",
                mb(p, "memory.readyRssKb")));
        t.append(String.format(Locale.ROOT, "  VmRSS idle (%ss after first HTTPS answer)    %8s MB   threads %s%n",
                p.getProperty("memory.idleSeconds"), mb(p, "memory.idleRssKb"), p.getProperty("memory.idleThreads")));
        t.append(String.format(Locale.ROOT, "  VmRSS after the latency run                %8s MB   threads %s%n",
                mb(p, "memory.afterRssKb"), p.getProperty("memory.afterThreads")));
        t.append(String.format(Locale.ROOT, "  VmHWM (peak RSS) after the latency run     %8s MB%n",
                mb(p, "memory.afterHwmKb")));
        t.append('\n');
        t.append("Latency, resource group GET/PUT over HTTPS keep-alive (ms; throughput = requests/s)\n");
        t.append(String.format(Locale.ROOT, "  %-4s %5s %6s %6s %7s %7s %7s %8s %7s %9s %9s %6s  %s%n", "op",
                "conns", "warmup", "reqs", "p50", "p90", "p99", "max", "req/s", "srvCPU/req", "cliCPU/req", "errors",
                "statuses"));
        List<String> keys = List.of("latency.get.c1.", "latency.put.c1.");
        List<String> all = new ArrayList<>(keys);
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith("latency.") && name.endsWith(".op")) {
                String k = name.substring(0, name.length() - "op".length());
                if (!all.contains(k)) {
                    all.add(k);
                }
            }
        }
        all.removeIf(k -> p.getProperty(k + "op") == null);
        all.sort((a, b) -> {
            int ca = Integer.parseInt(p.getProperty(a + "connections"));
            int cb = Integer.parseInt(p.getProperty(b + "connections"));
            return ca != cb ? Integer.compare(ca, cb) : p.getProperty(a + "op").compareTo(p.getProperty(b + "op"));
        });
        for (String k : all) {
            t.append(String.format(Locale.ROOT, "  %-4s %5s %6s %6s %7s %7s %7s %8s %7s %9s %9s %6s  %s%n",
                    p.getProperty(k + "op"), p.getProperty(k + "connections"), p.getProperty(k + "warmup"),
                    p.getProperty(k + "requests"), num(p, k + "p50Ms", 2), num(p, k + "p90Ms", 2),
                    num(p, k + "p99Ms", 2), num(p, k + "maxMs", 2), num(p, k + "throughputRps", 0),
                    num(p, k + "serverCpuMsPerRequest", 3), num(p, k + "clientCpuMsPerRequest", 3),
                    p.getProperty(k + "errors"), p.getProperty(k + "statuses")));
        }
        t.append("  keep-alive check, TCP connections opened (closed) per phase of warm-up + measured requests:");
        for (String k : all) {
            t.append(' ').append(p.getProperty(k + "op")).append('x').append(p.getProperty(k + "connections"))
                    .append('=').append(p.getProperty(k + "connectionsOpened")).append(" (")
                    .append(p.getProperty(k + "newTimeWaitSockets")).append(')');
        }
        t.append('\n');
        t.append("  server CPU ms/request by thread group (top 3):\n");
        for (String k : all) {
            String by = p.getProperty(k + "serverCpuMsPerRequestByThread", "-");
            String[] parts = by.split(", ");
            t.append(String.format(Locale.ROOT, "    %-4s x%-2s %s%n", p.getProperty(k + "op"),
                    p.getProperty(k + "connections"), String.join(", ", Arrays.copyOf(parts, Math.min(3,
                            parts.length)))));
        }
        System.out.print(t);

        writeJson(p, "arm-latency", Set.of("samples"), json);
    }

    static String range(Properties p, String key) {
        return "(" + num(p, key + ".min", 0) + ".." + num(p, key + ".max", 0) + ")";
    }

    static String mb(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", Long.parseLong(v) / 1024.0);
    }
}
