package io.fulcrum.setup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void aSecretNeverLooksLikeACommandLineOption() {
        // One base64url secret in 64 would start with '-' if left to chance; az login -p then fails.
        for (int i = 0; i < 20_000; i++) {
            String secret = Secrets.newSecret();
            assertThat(secret).hasSize(40).doesNotStartWith("-");
        }
    }

    @Test
    void aSecretMatchesItsHashAndNothingElse() {
        String secret = Secrets.newSecret();
        String stored = Secrets.hash(secret);
        assertThat(Secrets.matches(secret, stored)).isTrue();
        assertThat(Secrets.matches(secret + "x", stored)).isFalse();
        assertThat(Secrets.matches(null, stored)).isFalse();
    }
}
