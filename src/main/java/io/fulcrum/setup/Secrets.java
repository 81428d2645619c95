package io.fulcrum.setup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Client secrets. They are 240 random bits, so a salted SHA-256 is enough to keep the stored form useless to a
 * reader of the database; a slow password hash would only slow every token request down.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** Never starts with '-': command lines (az login -p, curl -u) would read such a secret as an option. */
    public static String newSecret() {
        while (true) {
            byte[] b = new byte[30];
            RANDOM.nextBytes(b);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            if (Character.isLetterOrDigit(secret.charAt(0))) {
                return secret;
            }
        }
    }

    public static String hash(String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return HexFormat.of().formatHex(salt) + ":" + HexFormat.of().formatHex(digest(salt, secret));
    }

    public static boolean matches(String secret, String stored) {
        if (secret == null || stored == null) {
            return false;
        }
        int colon = stored.indexOf(':');
        if (colon < 0) {
            return false;
        }
        byte[] salt = HexFormat.of().parseHex(stored.substring(0, colon));
        byte[] expected = HexFormat.of().parseHex(stored.substring(colon + 1));
        return MessageDigest.isEqual(expected, digest(salt, secret));
    }

    private static byte[] digest(byte[] salt, String secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            return md.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
