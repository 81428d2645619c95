package io.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import io.fulcrum.testkit.FulcrumExtension;
import io.fulcrum.testkit.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An acknowledged write survives kill -9: the server answers only after the commit is on disk. Each round writes
 * through a real server process and kills it with SIGKILL (no shutdown hook, no close) straight after a 201 while
 * other writes are still in flight, then restarts on the same data dir: every acknowledged group is there with its
 * tags, and a write the kill cut off is either wholly there or not at all.
 */
@Timeout(300)
class DurabilityTest {

    private static final String V = "?api-version=2021-04-01";
    private static final int ROUNDS = 3;
    private static final int SEQUENTIAL_WRITES = 3;
    private static final int BURST_WRITERS = 4;
    /** The burst writer that receives this many 201s kills the server at once. */
    private static final int ACKS_BEFORE_KILL = 12;
    private static final int MAX_WRITES_PER_WRITER = 200;
    /** What a JVM reports for a process ended by signal 9. */
    private static final int KILLED_BY_SIGKILL = 128 + 9;

    private Path dataDir;
    private volatile ServerProcess server;
    /** name -> the round its last acknowledged write carried */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    /** Writes sent but never answered: the kill cut them off. */
    private final Set<String> cutOff = ConcurrentHashMap.newKeySet();

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) {
            server.close();
        }
        FulcrumExtension.deleteTree(dataDir);
    }

    @Test
    void acknowledgedWritesSurviveKillMinus9() throws Exception {
        dataDir = Files.createTempDirectory("fulcrum-durable-");
        for (int round = 0; round < ROUNDS; round++) {
            server = ServerProcess.serve(dataDir);
            ArmClient arm = server.arm();
            String groups = groups();
            assertRecovered(arm, groups);

            // A group from an earlier round is rewritten, so an update must survive as well as a create.
            if (round > 0) {
                Reply rewritten = arm.put(groups + "seq-0-0" + V, body("seq-0-0", round));
                assertThat(rewritten.status()).isEqualTo(200);
                acknowledged.put("seq-0-0", "r" + round);
            }
            for (int i = 0; i < SEQUENTIAL_WRITES; i++) {
                String name = "seq-" + round + "-" + i;
                Reply created = arm.put(groups + name + V, body(name, round));
                assertThat(created.status()).as("PUT %s", name).isEqualTo(201);
                acknowledged.put(name, "r" + round);
            }
            assertThat(burstUntilKilled(arm, groups, round)).as("exit status").isEqualTo(KILLED_BY_SIGKILL);
            server.close();
            server = null;
        }
        server = ServerProcess.serve(dataDir);
        ArmClient arm = server.arm();
        List<String> present = assertRecovered(arm, groups());
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(ROUNDS * (SEQUENTIAL_WRITES + ACKS_BEFORE_KILL));
        assertThat(present).containsAll(acknowledged.keySet());
        assertThat(present).allMatch(n -> acknowledged.containsKey(n) || cutOff.contains(n));
    }

    /** Writers PUT new groups until one of them, on the ACKS_BEFORE_KILL-th 201, kills the server. */
    private int burstUntilKilled(ArmClient arm, String groups, int round) throws Exception {
        ServerProcess victim = server;
        AtomicInteger acks = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(BURST_WRITERS);
        try {
            List<Future<Integer>> writers = new ArrayList<>();
            for (int w = 0; w < BURST_WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    // Bounded, so that a server that never gets killed ends the test instead of hanging it.
                    for (int j = 0; j < MAX_WRITES_PER_WRITER; j++) {
                        String name = "burst-" + round + "-" + writer + "-" + j;
                        Reply r;
                        try {
                            r = arm.put(groups + name + V, body(name, round));
                        } catch (IllegalStateException connectionLost) {
                            cutOff.add(name);
                            return null;
                        }
                        assertThat(r.status()).as("PUT %s", name).isEqualTo(201);
                        acknowledged.put(name, "r" + round);
                        if (acks.incrementAndGet() == ACKS_BEFORE_KILL) {
                            return victim.kill();
                        }
                    }
                    return null;
                }));
            }
            Integer exit = null;
            for (Future<Integer> f : writers) {
                Integer e = f.get();
                exit = e != null ? e : exit;
            }
            assertThat(exit).as("a writer killed the server after %d acknowledged writes", ACKS_BEFORE_KILL)
                    .isNotNull();
            return exit;
        } finally {
            pool.shutdownNow();
        }
    }

    private String groups() throws Exception {
        return "/subscriptions/" + server.credentials().subscriptionId() + "/resourcegroups/";
    }

    private static String body(String name, int round) {
        return "{\"location\":\"eastus\",\"tags\":{\"name\":\"" + name + "\",\"round\":\"r" + round + "\"}}";
    }

    /** Asserts what a restart must find and returns the names of all groups there. */
    private List<String> assertRecovered(ArmClient arm, String groups) {
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            Reply got = arm.get(groups + e.getKey() + V);
            assertThat(got.status()).as("GET %s after kill -9 and restart", e.getKey()).isEqualTo(200);
            assertThat(got.json().path("tags").path("name").asText()).isEqualTo(e.getKey());
            assertThat(got.json().path("tags").path("round").asText()).as("tags of %s", e.getKey())
                    .isEqualTo(e.getValue());
        }
        for (String name : cutOff) {
            Reply got = arm.get(groups + name + V);
            if (got.status() == 200) {
                assertThat(got.json().path("tags").path("name").asText()).as("cut-off write %s", name)
                        .isEqualTo(name);
            } else {
                assertThat(got.status()).as("cut-off write %s", name).isEqualTo(404);
            }
        }
        List<String> names = new ArrayList<>();
        String next = groups.substring(0, groups.length() - 1) + V;
        while (next != null) {
            Reply page = arm.get(next);
            assertThat(page.status()).isEqualTo(200);
            page.json().path("value").forEach(v -> names.add(v.path("name").asText()));
            next = page.json().path("nextLink").asText(null);
        }
        return names;
    }
}
