package io.fulcrum.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.Fulcrum;
import io.fulcrum.dataplane.underlay.AddressPlan;
import io.fulcrum.network.publicip.PublicIpPool;
import io.fulcrum.testkit.AzLocal;
import io.fulcrum.testkit.AzSession;
import io.fulcrum.testkit.ExternalCommand.Result;
import io.fulcrum.testkit.ExternalTool;
import io.fulcrum.testkit.FulcrumExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walkthrough, run as written: the bash block between its walkthrough markers, in a fresh directory
 * where {@code tools/az-local} is the checkout's and az is signed in to a server started as the README starts it
 * ({@code --underlay 10.0.0.0/16=127.20.0.0/16}). What it prints must show both members answering, then only the
 * one left Up.
 */
class ReadmeWalkthroughTest {

    private static final Pattern BLOCK = Pattern.compile(
            "<!-- walkthrough:begin[^>]*-->\\s*```bash\\n(.*?)```\\s*<!-- walkthrough:end -->", Pattern.DOTALL);

    @RegisterExtension
    static final FulcrumExtension fulcrum = FulcrumExtension.withOptions(dataDir -> new Fulcrum.Options(dataDir,
            "127.0.0.1", 0, PublicIpPool.DEFAULT, AddressPlan.parse(List.of("10.0.0.0/16=127.20.0.0/16"),
            AddressPlan.DEFAULT_ALLOW, AddressPlan.hostAddresses()), true));

    @TempDir
    Path work;

    @Test
    void theReadmeWalkthroughRunsAsWritten() throws IOException {
        ExternalTool.require(ExternalTool.onPath("python3"), "python3", "apt-get install python3");
        ExternalTool.require(ExternalTool.onPath("curl"), "curl", "apt-get install curl");
        ExternalTool.require(Files.isExecutable(AzLocal.path()), "tools/az-local", "a full checkout");
        Matcher m = BLOCK.matcher(Files.readString(Path.of("README.md")));
        assertThat(m.find()).as("README.md has a walkthrough block").isTrue();
        String script = m.group(1);

        Files.createDirectories(work.resolve("tools"));
        Files.createSymbolicLink(work.resolve("tools/az-local"), AzLocal.path().toAbsolutePath());
        AzSession az = AzSession.signIn(fulcrum, work);
        Result run = az.command().run("bash", "-euo", "pipefail", "-c", script);

        assertThat(run.exitCode()).as(run.describe()).isZero();
        String out = run.stdout();
        int split = out.indexOf("--- after adminState Down on 10.0.0.5:");
        assertThat(split).as(run.describe()).isPositive();
        // What the data plane saw (members, probe results, problems) explains a miss better than the output alone.
        String seen = run.describe() + "\ndata plane: " + fulcrum.arm().get("/fulcrum/dataplane").text();
        assertThat(out.substring(0, split)).as(seen).contains("hello from 10.0.0.4", "hello from 10.0.0.5");
        assertThat(out.substring(split)).as(seen).contains("20 hello from 10.0.0.4")
                .doesNotContain("hello from 10.0.0.5");
    }
}
