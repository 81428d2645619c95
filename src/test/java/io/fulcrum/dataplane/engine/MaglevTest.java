package io.fulcrum.dataplane.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.dataplane.Distribution;
import io.fulcrum.dataplane.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MaglevTest {

    private static final int KEYS = 200_000;

    @Test
    void membersOwnAlmostEqualShares() {
        List<String> members = ids(5);
        int[] owned = new int[members.size()];
        Maglev table = new Maglev(members);
        for (long key : keys()) {
            owned[table.lookup(key)]++;
        }
        for (int share : owned) {
            assertThat(share).isBetween((int) (KEYS / 5 * 0.95), (int) (KEYS / 5 * 1.05));
        }
    }

    @Test
    void addingAMemberMovesAboutOneNthOfTheFlowsMostlyToIt() {
        List<String> four = ids(4);
        List<String> five = ids(5);
        Maglev before = new Maglev(four);
        Maglev after = new Maglev(five);

        int moved = 0;
        int movedToNewcomer = 0;
        for (long key : keys()) {
            String was = four.get(before.lookup(key));
            String is = five.get(after.lookup(key));
            if (!was.equals(is)) {
                moved++;
                if (is.equals(five.get(4))) {
                    movedToNewcomer++;
                }
            }
        }

        assertThat(moved).isBetween((int) (KEYS * 0.15), (int) (KEYS * 0.30));
        assertThat(movedToNewcomer).isGreaterThan((int) (moved * 0.8));
    }

    @Test
    void removingAMemberMovesLittleBeyondItsOwnFlows() {
        List<String> five = ids(5);
        List<String> four = five.subList(1, 5);
        Maglev before = new Maglev(five);
        Maglev after = new Maglev(four);

        int movedFromSurvivors = 0;
        for (long key : keys()) {
            String was = five.get(before.lookup(key));
            if (!was.equals(five.get(0)) && !was.equals(four.get(after.lookup(key)))) {
                movedFromSurvivors++;
            }
        }

        assertThat(movedFromSurvivors).isLessThan((int) (KEYS * 0.05));
    }

    @Test
    void sourceIpIgnoresPortsAndFiveTupleDoesNot() {
        InetSocketAddress frontend = new InetSocketAddress("127.0.0.7", 80);
        InetSocketAddress clientPort1 = new InetSocketAddress("127.0.5.1", 40001);
        InetSocketAddress clientPort2 = new InetSocketAddress("127.0.5.1", 40002);

        assertThat(FlowHash.of(Distribution.SOURCE_IP, Transport.TCP, clientPort1, frontend))
                .isEqualTo(FlowHash.of(Distribution.SOURCE_IP, Transport.UDP, clientPort2, frontend));
        assertThat(FlowHash.of(Distribution.SOURCE_IP_PROTOCOL, Transport.TCP, clientPort1, frontend))
                .isEqualTo(FlowHash.of(Distribution.SOURCE_IP_PROTOCOL, Transport.TCP, clientPort2, frontend))
                .isNotEqualTo(FlowHash.of(Distribution.SOURCE_IP_PROTOCOL, Transport.UDP, clientPort1, frontend));
        assertThat(FlowHash.of(Distribution.FIVE_TUPLE, Transport.TCP, clientPort1, frontend))
                .isNotEqualTo(FlowHash.of(Distribution.FIVE_TUPLE, Transport.TCP, clientPort2, frontend));
    }

    private static List<String> ids(int n) {
        return IntStream.range(0, n).mapToObj(i -> "/subscriptions/s/pools/p/members/m" + i).toList();
    }

    /** Flow hashes as the engine makes them, from many client addresses and ports. */
    private static List<Long> keys() {
        SplittableRandom random = new SplittableRandom(7);
        InetSocketAddress frontend = new InetSocketAddress("127.0.0.7", 80);
        List<Long> keys = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            byte[] ip = {127, (byte) random.nextInt(256), (byte) random.nextInt(256), (byte) random.nextInt(256)};
            InetSocketAddress client = new InetSocketAddress(toAddress(ip), 1024 + random.nextInt(60_000));
            keys.add(FlowHash.of(Distribution.FIVE_TUPLE, Transport.TCP, client, frontend));
        }
        return keys;
    }

    private static InetAddress toAddress(byte[] ip) {
        return Loopback.address(ip[0], ip[1] & 0xff, ip[2] & 0xff, ip[3] & 0xff);
    }
}
