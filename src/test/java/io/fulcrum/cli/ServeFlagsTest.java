package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.testkit.FulcrumExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The data plane's {@code serve} flags are checked before anything starts: a bad one is one {@code fulcrum: } line
 * on stderr and exit 1, and the data dir is not even created.
 */
class ServeFlagsTest {

    /** Runs {@code serve} in process with {@code flags}; returns stderr (stdout must stay empty). */
    private static String refusedServe(String... flags) throws Exception {
        Path parent = Files.createTempDirectory("fulcrum-flags-");
        Path dir = parent.resolve("data");
        List<String> args = new ArrayList<>(List.of("serve", "--data-dir", dir.toString(), "--port", "0"));
        args.addAll(List.of(flags));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run(args.toArray(String[]::new))).as("exit code").isEqualTo(1);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        try {
            assertThat(o.toString(StandardCharsets.UTF_8)).as("stdout").isEmpty();
            assertThat(Files.exists(dir)).as("data dir created").isFalse();
            String stderr = e.toString(StandardCharsets.UTF_8);
            assertThat(stderr.lines().toList()).as("stderr: %s", stderr).hasSize(1);
            return stderr.strip();
        } finally {
            FulcrumExtension.deleteTree(parent);
        }
    }

    @Test
    void underlayWithoutAnEqualsSignIsOneLine() throws Exception {
        assertThat(refusedServe("--underlay", "10.0.0.0/16")).isEqualTo("fulcrum: --underlay: '10.0.0.0/16' is not"
                + " OVERLAY=UNDERLAY, such as 10.0.0.0/16=127.10.0.0/16.");
    }

    @Test
    void underlayWithUnequalPrefixLengthsIsOneLine() throws Exception {
        assertThat(refusedServe("--underlay", "10.0.0.0/16=127.10.0.0/16", "--underlay", "10.1.0.0/16=127.11.0.0/24"))
                .isEqualTo("fulcrum: --underlay: '10.1.0.0/16=127.11.0.0/24' maps a /16 onto a /24; both sides need"
                        + " the same prefix length.");
    }

    @Test
    void underlayThatIsNoBlockIsOneLine() throws Exception {
        assertThat(refusedServe("--underlay", "10.0.0.0/16=loopback")).isEqualTo("fulcrum: --underlay: 'loopback'"
                + " in '10.0.0.0/16=loopback' is not a CIDR block such as 10.0.0.0/16.");
    }

    @Test
    void backendAllowThatIsNoBlockIsOneLine() throws Exception {
        assertThat(refusedServe("--backend-allow", "127.0.0.0/8,everything")).isEqualTo("fulcrum: --backend-allow:"
                + " 'everything' is not an address or a CIDR block such as 127.0.0.0/8.");
    }
}
