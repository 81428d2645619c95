package io.fulcrum.cli;

import io.fulcrum.setup.Installation;
import io.fulcrum.store.SubscriptionTable.Subscription;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "subscription", description = "Manages subscriptions.", subcommands = SubscriptionCommand.Create.class)
final class SubscriptionCommand {

    @Command(name = "create", description = "Creates a subscription the default principal owns; prints its id.")
    static final class Create implements Runnable {
        @Mixin
        DataDirOption data;

        @Option(names = "--name", required = true, description = "Display name.")
        String name;

        @Override
        public void run() {
            try (Installation inst = Installation.open(data.dataDir)) {
                String id = UUID.randomUUID().toString();
                inst.store().write(tx -> {
                    tx.subscriptions().put(new Subscription(id, name, inst.tenantId(), "Enabled"));
                    tx.principals().grant(inst.defaultClientId(), id);
                    return null;
                });
                System.out.println(id);
            }
        }
    }
}
