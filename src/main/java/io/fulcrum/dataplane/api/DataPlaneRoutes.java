package io.fulcrum.dataplane.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.api.Method;
import io.fulcrum.arm.api.Response;
import io.fulcrum.arm.api.Route;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.json.Json;
import io.fulcrum.dataplane.DataPlaneService;
import io.fulcrum.dataplane.Health;
import io.fulcrum.dataplane.HealthKey;
import io.fulcrum.dataplane.Listener;
import io.fulcrum.dataplane.Member;
import io.fulcrum.dataplane.Problem;
import io.fulcrum.dataplane.Snapshot;
import io.fulcrum.dataplane.engine.ListenerState;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The operator's two views of the data plane, beside the ARM API on its HTTPS listener:
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text. It takes no token, as scrapers expect; it is only as reachable as
 *   the API's own listener ({@code serve --host}), and it names rule ids but no secrets.</li>
 *   <li>{@code GET /fulcrum/dataplane}: what runs, as JSON, for any signed-in principal: the snapshot generation,
 *   each listener with its bound state or bind error and its members with health and open flows, and every
 *   current problem.</li>
 * </ul>
 */
public final class DataPlaneRoutes {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final DataPlaneService service;

    public DataPlaneRoutes(DataPlaneService service) {
        this.service = service;
    }

    public void register(Router router) {
        router.add(new Route("/metrics", Set.of(Method.GET), null, true, r -> Response.other(PROMETHEUS_TEXT,
                service.metrics().scrape().getBytes(StandardCharsets.UTF_8))));
        router.add(new Route("/fulcrum/dataplane", Set.of(Method.GET), null, false, r -> Response.ok(view())));
    }

    private ObjectNode view() {
        Snapshot snapshot = service.current();
        Map<Listener.Key, ListenerState> running = service.listeners().stream()
                .collect(Collectors.toMap(ListenerState::key, Function.identity(), (a, b) -> a));
        ObjectNode out = Json.object();
        out.put("generation", snapshot.generation());
        ArrayNode listeners = out.putArray("listeners");
        for (Listener l : snapshot.listeners()) {
            ListenerState state = running.get(l.key());
            ObjectNode o = listeners.addObject();
            o.put("ruleId", l.ruleId());
            o.put("kind", l.kind().name());
            o.put("transport", l.transport().name());
            o.put("frontend", hostPort(l.frontend()));
            o.put("backendPort", l.backendPort());
            o.put("bound", state != null && state.bound());
            if (state != null && state.bindError() != null) {
                o.put("bindError", state.bindError());
            }
            ArrayNode members = o.putArray("members");
            for (Member m : l.members()) {
                ObjectNode mo = members.addObject();
                mo.put("id", m.id());
                mo.put("overlayAddress", m.overlayAddress());
                mo.put("address", m.address().getHostAddress());
                mo.put("adminState", m.adminState().name());
                if (l.probeId() != null) {
                    Health h = service.health().health(new HealthKey(l.probeId(), m.address()));
                    mo.put("health", h.state().name());
                    mo.put("reason", h.reason());
                }
                mo.put("activeFlows", state == null ? 0 : state.activeFlowsByMember().getOrDefault(m.id(), 0));
            }
        }
        ArrayNode problems = out.putArray("problems");
        for (Problem p : service.status().all()) {
            problems.addObject().put("resourceId", p.resourceId()).put("subject", p.subject())
                    .put("reason", p.reason());
        }
        return out;
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
