package io.fulcrum.cli;

import io.fulcrum.setup.Installation;
import io.fulcrum.setup.Secrets;
import io.fulcrum.setup.StartupException;
import io.fulcrum.store.PrincipalTable.Principal;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "principal", description = "Manages service principals.", subcommands = PrincipalCommand.Create.class)
final class PrincipalCommand {

    @Command(name = "create", description = "Creates a service principal with no grants; prints its client id and"
            + " secret (the secret is shown only this once).")
    static final class Create implements Runnable {
        @Mixin
        DataDirOption data;

        @Option(names = "--name", required = true, description = "A unique name.")
        String name;

        @Override
        public void run() {
            try (Installation inst = Installation.open(data.dataDir)) {
                String clientId = UUID.randomUUID().toString();
                String secret = Secrets.newSecret();
                inst.store().write(tx -> {
                    if (tx.principals().byName(name).isPresent()) {
                        throw new StartupException("a principal named '" + name + "' already exists");
                    }
                    tx.principals().put(new Principal(clientId, name, Secrets.hash(secret)));
                    return null;
                });
                System.out.println("{\"name\": \"" + name + "\", \"clientId\": \"" + clientId
                        + "\", \"clientSecret\": \"" + secret + "\", \"tenantId\": \"" + inst.tenantId() + "\"}");
            }
        }
    }
}
