package cn.dalian.governance.evaluation;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.iceberg.DimensionTables;
import cn.dalian.governance.iceberg.GovCatalog;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.reference.MatterCatalogue;
import cn.dalian.governance.sql.Trino;
import cn.dalian.governance.testing.LocalPostgres;
import cn.dalian.governance.testing.WarehouseDirectories;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * A namespace of its own in the real catalog with every curated table and the real area registry, and rows
 * written into it through Trino as user platform: item transitions, warning changes and two-way ratings, each
 * written by hand in a test. {@link #close} drops the tables and the namespace.
 */
final class EvaluationFixture implements AutoCloseable {
    private static final List<String> ITEM_COLUMNS = List.of("event_id", "item_id", "source", "occurred_at", "ingested_at", "state", "previous_state",
            "grid_code", "community_code", "street_code", "district_code", "matter_code", "matter_version", "matter_group", "urgency", "vulnerable_group",
            "reporter_type", "request_type", "channel", "person_keys", "description_masked", "assignee_type", "assignee", "assigned_by", "off_list",
            "dispatch_due_at", "resolve_due_at", "satisfaction", "verification", "mediation_channel", "mediation_outcome", "signal_type", "risk_level",
            "people_involved", "source_topic", "source_partition", "source_offset");

    private final CatalogSettings settings;
    private final String trinoUrl;
    private final String namespace;
    private int sequence;

    private EvaluationFixture(CatalogSettings settings, String trinoUrl, String namespace) {
        this.settings = requireNonNull(settings, "settings");
        this.trinoUrl = requireNonNull(trinoUrl, "trinoUrl");
        this.namespace = requireNonNull(namespace, "namespace");
    }

    /** A fresh namespace {@code <prefix>_<hex>} with every table of GovTables and the dimension tables loaded. */
    static EvaluationFixture create(String prefix, String trinoUrl) throws Exception {
        CatalogSettings settings = CatalogSettings.load(LocalPostgres.catalogConfig());
        String namespace = prefix + "_" + HexFormat.of().toHexDigits(System.nanoTime()).substring(8);
        try (JdbcCatalog catalog = GovCatalog.open(settings)) {
            GovTables.ensureAll(catalog, namespace);
            DimensionTables.refresh(catalog, namespace, AreaRegistry.loadDefault(), MatterCatalogue.loadDefault());
        }
        return new EvaluationFixture(settings, trinoUrl, namespace);
    }

    String namespace() {
        return namespace;
    }

    CatalogSettings settings() {
        return settings;
    }

    /** A Trino timestamp literal of a local time in Asia/Shanghai, e.g. at("2026-10-02 08:00"). */
    static String at(String shanghai) {
        return "TIMESTAMP '" + shanghai + ":00 Asia/Shanghai'";
    }

    /** One item transition; fields set by the fluent methods, the rest null or defaults. */
    final class Event {
        private final String itemId;
        private final String source;
        private final String state;
        private final String occurredAt;
        private final String community;
        private String grid;
        private String group = "SANITATION_CITYSCAPE";
        private String requestType;
        private String caller;
        private boolean offList;
        private String dispatchDue;
        private String resolveDue;
        private String satisfaction;
        private String mediationOutcome;
        private String description = "";
        private List<String> personKeys = List.of();

        private Event(String itemId, String source, String state, String occurredAt, String community) {
            this.itemId = itemId;
            this.source = source;
            this.state = state;
            this.occurredAt = occurredAt;
            this.community = community;
        }

        Event group(String value) {
            group = value;
            return this;
        }

        Event grid(String value) {
            grid = value;
            return this;
        }

        Event complaint(String callerKey) {
            requestType = "COMPLAINT";
            caller = callerKey;
            return this;
        }

        Event request(String callerKey) {
            requestType = "REQUEST";
            caller = callerKey;
            return this;
        }

        Event offList() {
            offList = true;
            return this;
        }

        /** SLA deadlines (local Asia/Shanghai times), carried by every transition as the ingest job does. */
        Event due(String dispatch, String resolve) {
            dispatchDue = dispatch;
            resolveDue = resolve;
            return this;
        }

        Event satisfaction(String value) {
            satisfaction = value;
            return this;
        }

        Event mediation(String outcome) {
            mediationOutcome = outcome;
            return this;
        }

        /** Free text and person keys as if ingest had let raw PII through (the publication must still hold none). */
        Event leaked(String text, List<String> keys) {
            description = text;
            personKeys = List.copyOf(keys);
            return this;
        }

        String values() {
            int n = ++sequence;
            String street = community.substring(0, 9);
            String district = community.substring(0, 6);
            List<String> keys = new ArrayList<>();
            if (caller != null) {
                keys.add(caller);
            }
            keys.addAll(personKeys);
            StringJoiner row = new StringJoiner(", ", "(", ")");
            row.add(text(source + "-" + itemId + "-" + n)).add(text(itemId)).add(text(source)).add(at(occurredAt)).add(at(occurredAt)).add(text(state))
                    .add("NULL").add(text(grid)).add(text(community)).add(text(street)).add(text(district)).add("NULL").add("NULL").add(text(group))
                    .add(text("NORMAL")).add("NULL").add("NULL").add(text(requestType)).add("NULL")
                    .add(keys.isEmpty() ? "CAST(ARRAY[] AS array(varchar))" : "ARRAY[" + String.join(", ", keys.stream().map(EvaluationFixture::text).toList()) + "]")
                    .add(text(description)).add("NULL").add("NULL").add("NULL").add(Boolean.toString(offList))
                    .add(dispatchDue == null ? "NULL" : at(dispatchDue)).add(resolveDue == null ? "NULL" : at(resolveDue)).add(text(satisfaction))
                    .add("NULL").add(mediationOutcome == null ? "NULL" : text("PEOPLES")).add(text(mediationOutcome))
                    .add("POLICE".equals(source) ? text("PUBLIC_ORDER") : "NULL").add("POLICE".equals(source) ? "2" : "NULL").add("NULL")
                    .add(text("gov.items.v1")).add("0").add(Integer.toString(n));
            return row.toString();
        }
    }

    Event event(String itemId, String source, String state, String occurredAt, String community) {
        return new Event(itemId, source, state, occurredAt, community);
    }

    /** Writes the transitions to item_event in one INSERT (one commit). */
    void insertEvents(List<Event> events) throws SQLException {
        StringJoiner values = new StringJoiner(",\n");
        for (Event event : events) {
            values.add(event.values());
        }
        execute("INSERT INTO iceberg." + namespace + ".item_event (" + String.join(", ", ITEM_COLUMNS) + ") VALUES\n" + values);
    }

    /** A warning change: id, area, level of the area, status, local time, street routed to; no change sequence, as rows written before it existed. */
    static String warning(String id, String area, String areaLevel, String status, String changedAt, String street) {
        return "(" + String.join(", ", text(id), text("R5"), text(area), text(areaLevel), text("BLUE"), text(status), at(changedAt), at(changedAt), at(changedAt),
                text(street), text("STREET"), text(street), "CAST(ARRAY[] AS array(varchar))", "CAST(MAP() AS map(varchar, bigint))",
                "CAST(MAP() AS map(varchar, double))", text("fixture"), "NULL") + ")";
    }

    void insertWarnings(List<String> rows) throws SQLException {
        execute("INSERT INTO iceberg." + namespace + ".warning VALUES\n" + String.join(",\n", rows));
    }

    /** A two-way rating: rater, rated, period, score. */
    String rating(String rater, String rated, String period, double score) {
        return "(" + String.join(", ", text("rating-" + (++sequence)), at("2026-11-01 09:00"), text(rater), text(rated), text(period), text("SERVICE_QUALITY"),
                score + "e0") + ")";
    }

    void insertRatings(List<String> rows) throws SQLException {
        execute("INSERT INTO iceberg." + namespace + ".eval_rating VALUES\n" + String.join(",\n", rows));
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = Trino.connect(trinoUrl, Trino.PLATFORM_USER); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String text(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }

    /** Drops the tables with their files and the namespace, then the directories the purge leaves empty. */
    @Override
    public void close() throws Exception {
        try (JdbcCatalog catalog = GovCatalog.open(settings)) {
            GovCatalog.dropNamespace(catalog, namespace);
        }
        WarehouseDirectories.deleteIfEmpty(settings.warehouse(), namespace);
    }
}
