package io.fulcrum.store.sqlite;

import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.store.RefTable;
import java.util.List;
import java.util.Set;

final class SqliteRefs implements RefTable {

    private final Sql sql;
    private final Set<ResourceId> touched;

    SqliteRefs(Sql sql, Set<ResourceId> touched) {
        this.sql = sql;
        this.touched = touched;
    }

    @Override
    public void replaceFrom(ResourceId from, List<Ref> refs) {
        touched.add(from);
        sql.update("DELETE FROM refs WHERE from_key = ?", from.key());
        for (Ref r : refs) {
            sql.update("INSERT OR IGNORE INTO refs (from_key, from_id, to_key, kind) VALUES (?, ?, ?, ?)",
                    from.key(), from.toString(), r.to().key(), r.kind());
        }
    }

    @Override
    public List<Ref> from(ResourceId from) {
        return sql.query("SELECT to_key, kind FROM refs WHERE from_key = ? ORDER BY to_key", rs -> {
            String to = rs.getString(1);
            return new Ref(from, ResourceId.parse(to).orElseThrow(() -> new IllegalStateException(
                    "stored reference target does not parse: " + to)), rs.getString(2));
        }, from.key());
    }

    @Override
    public List<Ref> to(ResourceId to, String kind) {
        if (kind == null) {
            return sql.query("SELECT from_id, kind FROM refs WHERE to_key = ? ORDER BY from_key",
                    rs -> ref(rs.getString(1), to, rs.getString(2)), to.key());
        }
        return sql.query("SELECT from_id, kind FROM refs WHERE to_key = ? AND kind = ? ORDER BY from_key",
                rs -> ref(rs.getString(1), to, rs.getString(2)), to.key(), kind);
    }

    @Override
    public List<Holding> toWithProperty(ResourceId to, String kind, String property) {
        return sql.query("SELECT r.from_id, json_extract(res.body, ?) FROM refs r JOIN resources res"
                        + " ON res.id_key = r.from_key WHERE r.to_key = ? AND r.kind = ? ORDER BY r.from_key",
                rs -> new Holding(ref(rs.getString(1), to, kind).from(), rs.getString(2)),
                "$.properties.\"" + property.replace("\"", "") + "\"", to.key(), kind);
    }

    @Override
    public List<Ref> intoTreeFromOutside(ResourceId root) {
        String below = SqliteResources.below(root);
        String after = SqliteResources.after(root);
        return sql.query("SELECT from_id, to_key, kind FROM refs WHERE (to_key = ? OR (to_key >= ? AND to_key < ?))"
                        + " AND NOT (from_key = ? OR (from_key >= ? AND from_key < ?)) ORDER BY from_key",
                rs -> ref(rs.getString(1), ResourceId.parse(rs.getString(2)).orElse(root), rs.getString(3)),
                root.key(), below, after, root.key(), below, after);
    }

    @Override
    public void deleteFromTree(ResourceId root) {
        touched.add(root);
        sql.update("DELETE FROM refs WHERE from_key = ? OR (from_key >= ? AND from_key < ?)", root.key(),
                SqliteResources.below(root), SqliteResources.after(root));
    }

    private static Ref ref(String fromId, ResourceId to, String kind) {
        ResourceId from = ResourceId.parse(fromId)
                .orElseThrow(() -> new IllegalStateException("stored reference source does not parse: " + fromId));
        return new Ref(from, to, kind);
    }
}
