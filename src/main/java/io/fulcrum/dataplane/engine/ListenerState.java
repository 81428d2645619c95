package io.fulcrum.dataplane.engine;

import io.fulcrum.dataplane.Listener;
import java.util.Map;

/**
 * What one frontend is doing right now, for the API and operators.
 *
 * @param key                  the frontend's identity (transport and address)
 * @param ruleId               the rule it serves
 * @param bound                whether its socket is open
 * @param bindError            why the socket could not be opened, or null when bound
 * @param activeFlowsByMember  open TCP connections or live UDP sessions per member id, members without flows
 *                             included while they are in the rule; a member that left keeps its entry until its
 *                             last flow ends
 */
public record ListenerState(Listener.Key key, String ruleId, boolean bound, String bindError,
                            Map<String, Integer> activeFlowsByMember) {

    public ListenerState {
        activeFlowsByMember = Map.copyOf(activeFlowsByMember);
    }
}
