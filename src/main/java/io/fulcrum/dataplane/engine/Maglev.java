package io.fulcrum.dataplane.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Maglev's lookup table (Eisenbud et al., NSDI 2016): each member fills the slots of its own permutation of the
 * table in turn, so every member owns about 1/N of the slots, and a member joining or leaving changes only about
 * 1/N of them.
 *
 * <p>The size is one fixed prime for every table. A size that followed the member count would remap nearly every
 * flow whenever the count crossed a step, which is the disruption the hash exists to avoid. 65537 keeps the table at
 * least 100 times the member count (the paper's bound for under 1% imbalance) for pools of up to 655 members, and
 * takes 128 KiB as a {@code char[]}; it is rebuilt only when a frontend's eligible set changes.
 */
final class Maglev {

    static final int SIZE = 65537;

    /** Slot to member index; char because indexes fit 16 bits and halves the table against int. */
    private final char[] slots;

    /** @param memberIds stable ids of the eligible members; slot values index this list */
    Maglev(List<String> memberIds) {
        int n = memberIds.size();
        if (n == 0 || n > Character.MAX_VALUE) {
            throw new IllegalArgumentException("a Maglev table needs 1 to 65535 members, got " + n);
        }
        long[] offset = new long[n];
        long[] skip = new long[n];
        for (int i = 0; i < n; i++) {
            byte[] id = memberIds.get(i).getBytes(StandardCharsets.UTF_8);
            offset[i] = Long.remainderUnsigned(hash(id, 0x9E3779B97F4A7C15L), SIZE);
            skip[i] = Long.remainderUnsigned(hash(id, 0xC2B2AE3D27D4EB4FL), SIZE - 1) + 1;
        }
        slots = new char[SIZE];
        boolean[] taken = new boolean[SIZE];
        long[] next = new long[n];
        int filled = 0;
        while (true) {
            for (int i = 0; i < n; i++) {
                long slot;
                do {
                    slot = (offset[i] + next[i] * skip[i]) % SIZE;
                    next[i]++;
                } while (taken[(int) slot]);
                taken[(int) slot] = true;
                slots[(int) slot] = (char) i;
                if (++filled == SIZE) {
                    return;
                }
            }
        }
    }

    /** The index (into the list the table was built from) of the member that owns this flow hash. */
    int lookup(long flowHash) {
        return slots[(int) Long.remainderUnsigned(flowHash, SIZE)];
    }

    private static long hash(byte[] bytes, long seed) {
        long h = seed;
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x100000001B3L;
        }
        return FlowHash.mix(h);
    }
}
