package io.fulcrum.network.nic;

import io.fulcrum.store.Tx;

/**
 * MAC addresses for NICs. Azure shows one as "00-0D-3A-1B-C7-21" (its own OUI); Fulcrum owns no OUI, so it sets the
 * locally-administered bit (first octet 02) and numbers the remaining 40 bits from a counter kept with the
 * installation. The counter never goes back, so no two NICs of one installation ever share an address, even after
 * deletes; it advances inside the NIC's write transaction, so a refused create takes no number.
 */
final class MacAddresses {

    private static final String NEXT = "network.nextMacAddress";

    private MacAddresses() {
    }

    static String next(Tx tx) {
        long n = tx.meta().get(NEXT).map(Long::parseLong).orElse(1L);
        tx.meta().put(NEXT, Long.toString(n + 1));
        StringBuilder mac = new StringBuilder("02");
        for (int shift = 32; shift >= 0; shift -= 8) {
            mac.append(String.format("-%02X", (n >>> shift) & 0xff));
        }
        return mac.toString();
    }
}
