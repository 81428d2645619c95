package io.fulcrum.arm;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import io.fulcrum.testkit.FulcrumExtension;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Optimistic concurrency under a real race: writers carrying the same If-Match etag are released together, and
 * the store's serialized, in-transaction etag check must let exactly one through.
 */
@Timeout(120)
class ConcurrentWritesTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final String V = "?api-version=2021-04-01";
    private static final int WRITERS = 8;
    private static final int ROUNDS = 20;

    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(WRITERS);
        // Sign in once up front so that the racing requests are the writes and nothing else.
        fulcrum.arm().token();
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    private static String rg(String name) {
        return "/subscriptions/" + fulcrum.subscriptionId() + "/resourcegroups/" + name + V;
    }

    private static String tagsBody(String method, String tagsJson) {
        return method.equals("PUT") ? "{\"location\":\"eastus\",\"tags\":" + tagsJson + "}"
                : "{\"tags\":" + tagsJson + "}";
    }

    /** Runs one request per writer, all released at the same instant, and returns the replies in writer order. */
    private static List<Reply> race(IntFunction<Reply> writer) throws Exception {
        CountDownLatch ready = new CountDownLatch(WRITERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> futures = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            int id = i;
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return writer.apply(id);
            }));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<Reply> replies = new ArrayList<>();
        for (Future<Reply> f : futures) {
            replies.add(f.get(60, TimeUnit.SECONDS));
        }
        return replies;
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("writers did not meet at the barrier", e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "PATCH"})
    void ofWritersWithTheSameIfMatchExactlyOneWins(String method) throws Exception {
        ArmClient arm = fulcrum.arm();
        String group = rg("race-" + method.toLowerCase());
        String etag = arm.put(group, "{\"location\":\"eastus\",\"tags\":{\"writer\":\"none\"}}").json()
                .path("etag").asText();
        for (int round = 0; round < ROUNDS; round++) {
            String expected = etag;
            int r = round;
            List<Reply> replies = race(i -> arm.call(method, group,
                    tagsBody(method, "{\"writer\":\"" + r + "-" + i + "\"}"), Map.of("If-Match", expected)));

            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                Reply reply = replies.get(i);
                if (reply.status() == 200) {
                    winners.add(i);
                } else {
                    assertThat(reply.status()).as("round %d writer %d: %s", round, i, reply.text()).isEqualTo(412);
                    assertThat(reply.errorCode()).isEqualTo("PreconditionFailed");
                }
            }
            assertThat(winners).as("round %d winners", round).hasSize(1);
            Reply won = replies.get(winners.get(0));

            // The stored state is the winner's write and nobody else's.
            Reply now = arm.get(group);
            assertThat(now.json().path("tags").path("writer").asText()).isEqualTo(round + "-" + winners.get(0));
            assertThat(now.json().path("etag").asText()).isEqualTo(won.json().path("etag").asText())
                    .isNotEqualTo(expected);
            etag = now.json().path("etag").asText();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "PATCH"})
    void readModifyWriteWithIfMatchLosesNoUpdate(String method) throws Exception {
        ArmClient arm = fulcrum.arm();
        String group = rg("merge-" + method.toLowerCase());
        assertThat(arm.put(group, "{\"location\":\"eastus\",\"tags\":{\"base\":\"kept\"}}").status()).isEqualTo(201);

        // Each writer adds its own key to the tags it read. Tags are replaced whole, so a write based on a stale
        // read would drop the keys of those that won before it; If-Match turns that into a 412 and a retry. On the
        // first attempt every writer reads before any writes, so they certainly collide.
        CyclicBarrier allHaveRead = new CyclicBarrier(WRITERS);
        boolean[] firstAttemptWon = new boolean[WRITERS];
        List<Reply> finals = race(i -> {
            for (int attempt = 1; attempt <= 100; attempt++) {
                Reply read = arm.get(group);
                ObjectNode tags = ((ObjectNode) read.json().path("tags")).put("writer" + i, "done");
                if (attempt == 1) {
                    await(allHaveRead);
                }
                Reply write = arm.call(method, group, tagsBody(method, tags.toString()),
                        Map.of("If-Match", read.json().path("etag").asText()));
                if (write.status() != 412) {
                    firstAttemptWon[i] = attempt == 1;
                    return write;
                }
            }
            throw new AssertionError("writer " + i + " was refused 100 times");
        });

        for (Reply r : finals) {
            assertThat(r.status()).as(r.text()).isEqualTo(200);
        }
        JsonNode tags = arm.get(group).json().path("tags");
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = tags.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        List<String> expected = new ArrayList<>(List.of("base"));
        for (int i = 0; i < WRITERS; i++) {
            expected.add("writer" + i);
        }
        assertThat(keys).containsExactlyInAnyOrderElementsOf(expected);
        int firstTimeWinners = 0;
        for (boolean won : firstAttemptWon) {
            firstTimeWinners += won ? 1 : 0;
        }
        assertThat(firstTimeWinners).as("writers whose first, colliding write went through").isEqualTo(1);
    }
}
