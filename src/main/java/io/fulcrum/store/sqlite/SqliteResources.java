package io.fulcrum.store.sqlite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.store.ResourceQuery;
import io.fulcrum.store.ResourceTable;
import io.fulcrum.store.StoredResource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

final class SqliteResources implements ResourceTable {

    private static final String COLUMNS = "SELECT id, type, body, etag, created_time, changed_time FROM resources";

    private final Sql sql;
    private final Set<ResourceId> touched;

    SqliteResources(Sql sql, Set<ResourceId> touched) {
        this.sql = sql;
        this.touched = touched;
    }

    @Override
    public Optional<StoredResource> get(ResourceId id) {
        return sql.first(COLUMNS + " WHERE id_key = ?", SqliteResources::row, id.key());
    }

    @Override
    public void put(StoredResource r) {
        ResourceId id = r.id();
        touched.add(id);
        sql.update("INSERT INTO resources (id_key, id, subscription_key, group_key, type_key, name_key, parent_key,"
                        + " type, body, etag, created_time, changed_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (id_key) DO UPDATE SET body = excluded.body, etag = excluded.etag,"
                        + " changed_time = excluded.changed_time",
                id.key(), id.toString(), fold(id.subscriptionId()), fold(id.resourceGroup()), fold(r.type()),
                fold(id.name()), id.parent().map(ResourceId::key).orElse(null), r.type(), Json.write(r.body()),
                r.etag(), r.createdTime().toString(), r.changedTime().toString());
    }

    @Override
    public int deleteTree(ResourceId id) {
        touched.add(id);
        return sql.update("DELETE FROM resources WHERE id_key = ? OR (id_key >= ? AND id_key < ?)", id.key(),
                below(id), after(id));
    }

    /**
     * Everything nested under {@code id} has a key in [{@link #below}, {@link #after}): the key plus '/', up to the
     * key plus '0' (the character after '/'). A range, unlike LIKE 'key/%', lets SQLite use the key indexes; the
     * LIKE form scanned the whole table on every delete.
     */
    static String below(ResourceId id) {
        return id.key() + "/";
    }

    static String after(ResourceId id) {
        return id.key() + "0";
    }

    @Override
    public int deleteResourceGroup(String subscriptionId, String resourceGroup) {
        touched.add(ResourceId.resourceGroup(subscriptionId, resourceGroup));
        return sql.update("DELETE FROM resources WHERE subscription_key = ? AND group_key = ?",
                fold(subscriptionId), fold(resourceGroup));
    }

    @Override
    public List<StoredResource> list(ResourceQuery q, String afterKey, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(q, args);
        if (afterKey != null) {
            where += " AND id_key > ?";
            args.add(afterKey);
        }
        args.add(limit);
        return sql.query(COLUMNS + where + " ORDER BY id_key LIMIT ?", SqliteResources::row, args.toArray());
    }

    /**
     * With a parent, the other terms are written {@code +column = ?}: SQLite's unary plus keeps a term out of index
     * selection, so the plan is resources_by_parent (a handful of children). Without statistics the planner would
     * otherwise prefer resources_by_type, two equality columns to one, and walk every resource of that type in the
     * subscription (every NIC ip configuration, to find one NIC's), which made each NIC write cost more than the last.
     */
    private static String where(ResourceQuery q, List<Object> args) {
        StringBuilder w = new StringBuilder(" WHERE 1 = 1");
        String byParent = q.parent() != null ? "+" : "";
        clause(w, args, byParent + "subscription_key = ?", q.subscriptionId());
        clause(w, args, byParent + "group_key = ?", q.resourceGroup());
        clause(w, args, byParent + "type_key = ?", q.type());
        clause(w, args, "type_key <> ?", q.excludeType());
        clause(w, args, "name_key = ?", q.name());
        if (q.parent() != null) {
            w.append(" AND parent_key = ?");
            args.add(q.parent().key());
        }
        if (q.topLevelOnly()) {
            w.append(" AND parent_key IS NULL");
        }
        return w.toString();
    }

    private static void clause(StringBuilder w, List<Object> args, String clause, String value) {
        if (value != null) {
            w.append(" AND ").append(clause);
            args.add(fold(value));
        }
    }

    private static String fold(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static StoredResource row(ResultSet rs) throws SQLException {
        String text = rs.getString(1);
        ResourceId id = ResourceId.parse(text).orElseThrow(() -> new IllegalStateException(
                "stored id does not parse: " + text));
        return new StoredResource(id, rs.getString(2), (ObjectNode) Json.read(rs.getString(3)), rs.getString(4),
                Instant.parse(rs.getString(5)), Instant.parse(rs.getString(6)));
    }
}
