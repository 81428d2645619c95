package io.fulcrum.deploy.template;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The deterministic hashes of the template language, computed exactly as Azure computes them, so that a name
 * built with uniqueString() or guid() is the same here as in Azure (templates often name resources this way).
 */
public final class Hashes {

    /** RFC 4648 base32, lower case: uniqueString's 13 characters are 65 bits of it, top bits first. */
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    /** The namespace ARM's guid() hashes its arguments under (a name-based, version 5 UUID). */
    private static final UUID GUID_NAMESPACE = UUID.fromString("11fb06fb-712d-4ddd-98c7-e71bbd588830");

    private static final int C1 = 0xab0e9789;
    private static final int C2 = 0x239b961b;
    private static final int C3 = 0x85ebca6b;
    private static final int C4 = 0xc2b2ae35;

    private Hashes() {
    }

    /** uniqueString(a, b, ...): the arguments joined by '-', hashed with ARM's 64-bit MurmurHash variant. */
    public static String uniqueString(String... parts) {
        long h = murmur64(String.join("-", parts).getBytes(StandardCharsets.UTF_8));
        StringBuilder b = new StringBuilder(13);
        for (int i = 0; i < 13; i++) {
            b.append(BASE32.charAt((int) ((h >>> 59) & 31)));
            h <<= 5;
        }
        return b.toString();
    }

    /** guid(a, b, ...): a version 5 UUID of the arguments joined by '-' under ARM's namespace. */
    public static String guid(String... parts) {
        MessageDigest sha1 = digest("SHA-1");
        sha1.update(ByteBuffer.allocate(16).putLong(GUID_NAMESPACE.getMostSignificantBits())
                .putLong(GUID_NAMESPACE.getLeastSignificantBits()).array());
        byte[] hash = sha1.digest(String.join("-", parts).getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(b.getLong(), b.getLong()).toString();
    }

    /** A template's hash as deployments report it: an unsigned 64-bit decimal, stable for equal templates. */
    public static String templateHash(byte[] canonicalTemplate) {
        byte[] d = digest("SHA-256").digest(canonicalTemplate);
        return Long.toUnsignedString(ByteBuffer.wrap(d).getLong());
    }

    private static long murmur64(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int length = data.length;
        int h1 = 0;
        int h2 = 0;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            int k1 = in.getInt(i);
            int k2 = in.getInt(i + 4);
            h1 ^= Integer.rotateLeft(k1 * C2, 15) * C1;
            h1 = Integer.rotateLeft(h1, 19) + h2;
            h1 = h1 * 5 + 0x561ccd1b;
            h2 ^= Integer.rotateLeft(k2 * C1, 17) * C2;
            h2 = Integer.rotateLeft(h2, 13) + h1;
            h2 = h2 * 5 + 0x0bcaa747;
        }
        int rest = length - i;
        if (rest > 0) {
            int k1 = rest >= 4 ? in.getInt(i) : tail(data, i, rest);
            h1 ^= Integer.rotateLeft(k1 * C2, 15) * C1;
            if (rest > 4) {
                int k2 = tail(data, i + 4, rest - 4);
                h2 ^= Integer.rotateLeft(k2 * C1, 17) * C2;
            }
        }
        h2 ^= length;
        h1 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = mix(h1);
        h2 = mix(h2);
        h1 += h2;
        h2 += h1;
        return ((long) h2 << 32) | (h1 & 0xffffffffL);
    }

    /** The last 1 to 3 bytes, little-endian. */
    private static int tail(byte[] data, int from, int n) {
        int k = 0;
        for (int j = n - 1; j >= 0; j--) {
            k = (k << 8) | (data[from + j] & 0xff);
        }
        return k;
    }

    private static int mix(int h) {
        h = (h ^ (h >>> 16)) * C3;
        h = (h ^ (h >>> 13)) * C4;
        return h ^ (h >>> 16);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
