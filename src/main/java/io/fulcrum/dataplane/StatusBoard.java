package io.fulcrum.dataplane;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The problems the data plane knows of right now, by source. Each source (the snapshot builder, the engine's
 * listeners) replaces its own set; a problem is logged once when it appears and once when it clears, so a problem
 * that persists across snapshots is not logged again.
 */
public final class StatusBoard {

    private static final Logger LOG = LoggerFactory.getLogger(StatusBoard.class);

    private final Map<String, Set<Problem>> bySource = new ConcurrentHashMap<>();

    /** Replaces everything {@code source} reported before with {@code problems}, logging the differences. */
    public synchronized void report(String source, Iterable<Problem> problems) {
        Set<Problem> now = new java.util.LinkedHashSet<>();
        problems.forEach(now::add);
        Set<Problem> before = bySource.getOrDefault(source, Set.of());
        for (Problem p : now) {
            if (!before.contains(p)) {
                LOG.warn("data plane: {} of {} not carried out: {}", p.subject(), p.resourceId(), p.reason());
            }
        }
        for (Problem p : before) {
            if (!now.contains(p)) {
                LOG.info("data plane: {} of {} is resolved", p.subject(), p.resourceId());
            }
        }
        if (now.isEmpty()) {
            bySource.remove(source);
        } else {
            bySource.put(source, Set.copyOf(now));
        }
    }

    /** Every current problem. */
    public List<Problem> all() {
        return bySource.values().stream().flatMap(Set::stream).toList();
    }

    /** Current problems of one resource or of anything nested under its id. */
    public List<Problem> under(String resourceId) {
        String prefix = resourceId.toLowerCase(Locale.ROOT);
        return all().stream()
                .filter(p -> {
                    String id = p.resourceId().toLowerCase(Locale.ROOT);
                    return id.equals(prefix) || id.startsWith(prefix + "/");
                })
                .collect(Collectors.toList());
    }
}
