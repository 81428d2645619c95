package io.fulcrum.cli;

import io.fulcrum.arm.auth.TokenService;
import io.fulcrum.setup.Installation;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "token", description = "Prints a bearer token for the default principal (for curl).")
final class TokenCommand implements Runnable {

    @Mixin
    DataDirOption data;

    @Option(names = "--url", description = "The server the token is for (default: the URL last served from this data dir).")
    String url;

    @Override
    public void run() {
        try (Installation inst = Installation.open(data.dataDir)) {
            String base = url != null ? url : inst.store().read(tx -> tx.meta().get(Installation.META_LAST_URL))
                    .orElse("https://127.0.0.1:8443");
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            TokenService tokens = new TokenService(inst.signingKey(), inst.tenantId(), Clock.systemUTC());
            System.out.println(tokens.mint(inst.defaultClientId(), base + "/", base, TokenService.LIFETIME));
        }
    }
}
