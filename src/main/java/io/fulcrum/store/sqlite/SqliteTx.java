package io.fulcrum.store.sqlite;

import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.store.MetaTable;
import io.fulcrum.store.OperationTable;
import io.fulcrum.store.PrincipalTable;
import io.fulcrum.store.RefTable;
import io.fulcrum.store.ResourceTable;
import io.fulcrum.store.SubscriptionTable;
import io.fulcrum.store.Tx;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

final class SqliteTx implements Tx {

    private final Sql sql;
    /** What this transaction wrote, for the commit listeners (see Store.onCommit). */
    private final Set<ResourceId> touched = new HashSet<>();

    SqliteTx(Connection connection) {
        this.sql = new Sql(connection);
    }

    Set<ResourceId> touched() {
        return touched;
    }

    @Override
    public ResourceTable resources() {
        return new SqliteResources(sql, touched);
    }

    @Override
    public RefTable refs() {
        return new SqliteRefs(sql, touched);
    }

    @Override
    public SubscriptionTable subscriptions() {
        return new SubscriptionTable() {
            private static final String COLUMNS = "SELECT subscription_id, display_name, tenant_id, state"
                    + " FROM subscriptions";

            @Override
            public Optional<Subscription> get(String subscriptionId) {
                return sql.first(COLUMNS + " WHERE subscription_id = ?", this::row, subscriptionId);
            }

            @Override
            public List<Subscription> all() {
                return sql.query(COLUMNS + " ORDER BY subscription_id", this::row);
            }

            @Override
            public void put(Subscription s) {
                sql.update("INSERT INTO subscriptions (subscription_id, display_name, tenant_id, state)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (subscription_id) DO UPDATE SET"
                        + " display_name = excluded.display_name, tenant_id = excluded.tenant_id,"
                        + " state = excluded.state", s.subscriptionId(), s.displayName(), s.tenantId(), s.state());
            }

            private Subscription row(ResultSet rs) throws SQLException {
                return new Subscription(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
            }
        };
    }

    @Override
    public PrincipalTable principals() {
        return new PrincipalTable() {
            private static final String COLUMNS = "SELECT client_id, name, secret_hash FROM principals";

            @Override
            public Optional<Principal> get(String clientId) {
                return sql.first(COLUMNS + " WHERE client_id = ?", this::row, clientId);
            }

            @Override
            public Optional<Principal> byName(String name) {
                return sql.first(COLUMNS + " WHERE name = ?", this::row, name);
            }

            @Override
            public void put(Principal p) {
                sql.update("INSERT INTO principals (client_id, name, secret_hash) VALUES (?, ?, ?)"
                        + " ON CONFLICT (client_id) DO UPDATE SET name = excluded.name,"
                        + " secret_hash = excluded.secret_hash", p.clientId(), p.name(), p.secretHash());
            }

            @Override
            public void grant(String clientId, String subscriptionId) {
                sql.update("INSERT OR IGNORE INTO role_assignments (client_id, subscription_id) VALUES (?, ?)",
                        clientId, subscriptionId);
            }

            @Override
            public Set<String> grantedSubscriptions(String clientId) {
                return new HashSet<>(sql.query("SELECT subscription_id FROM role_assignments WHERE client_id = ?",
                        rs -> rs.getString(1).toLowerCase(Locale.ROOT), clientId));
            }

            private Principal row(ResultSet rs) throws SQLException {
                return new Principal(rs.getString(1), rs.getString(2), rs.getString(3));
            }
        };
    }

    @Override
    public OperationTable operations() {
        return new OperationTable() {
            @Override
            public void put(Operation o) {
                sql.update("INSERT INTO operations (id, subscription_id, status, error_json, result_status,"
                        + " result_body, created_time) VALUES (?, ?, ?, ?, ?, ?,"
                        + " strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ON CONFLICT (id) DO UPDATE SET"
                        + " status = excluded.status, error_json = excluded.error_json,"
                        + " result_status = excluded.result_status, result_body = excluded.result_body",
                        o.id(), o.subscriptionId(), o.status(), o.errorJson(), o.resultStatus(), o.resultBody());
            }

            @Override
            public Optional<Operation> get(String id) {
                return sql.first("SELECT id, subscription_id, status, error_json, result_status, result_body"
                        + " FROM operations WHERE id = ?", rs -> new Operation(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6)), id);
            }
        };
    }

    @Override
    public MetaTable meta() {
        return new MetaTable() {
            @Override
            public Optional<String> get(String key) {
                return sql.first("SELECT value FROM meta WHERE key = ?", rs -> rs.getString(1), key);
            }

            @Override
            public void put(String key, String value) {
                sql.update("INSERT INTO meta (key, value) VALUES (?, ?)"
                        + " ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value);
            }
        };
    }
}
