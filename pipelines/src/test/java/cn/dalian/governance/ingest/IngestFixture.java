package cn.dalian.governance.ingest;

import cn.dalian.governance.job.JobSettings;
import cn.dalian.governance.job.KafkaParts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dalian.governance.Topics;
import cn.dalian.governance.cli.PlatformCli;
import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.iceberg.GovCatalog;
import cn.dalian.governance.simulator.SimulationReport;
import cn.dalian.governance.testing.LocalKafka;
import cn.dalian.governance.testing.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Shared set-up of the ingest job tests: the real local Kafka and PostgreSQL catalog, a namespace of
 * the test's own, the feed offsets before a simulation, and reading the curated tables back.
 */
final class IngestFixture implements AutoCloseable {
    static final byte[] TEST_PII_KEY = "test-only-pseudonymisation-key".getBytes(StandardCharsets.UTF_8);

    final String bootstrap;
    final CatalogSettings catalogSettings;
    final String namespace;
    final JdbcCatalog catalog;

    IngestFixture() throws Exception {
        this.bootstrap = LocalKafka.bootstrap();
        this.catalogSettings = CatalogSettings.load(LocalPostgres.catalogConfig());
        this.namespace = "gov_it_" + HexFormat.of().toHexDigits(System.nanoTime()).substring(8);
        this.catalog = GovCatalog.open(catalogSettings);
    }

    /** End offsets of every feed partition now: where a job must start to read only what comes next. */
    Map<TopicPartition, Long> feedEndOffsets() {
        return endOffsets(Topics.FEEDS);
    }

    Map<TopicPartition, Long> endOffsets(List<String> topics) {
        return KafkaParts.endOffsets(bootstrap, topics);
    }

    /** Simulates into Kafka with the given options and returns the run report. */
    SimulationReport simulate(Path reportFile, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("simulate", "--to", "kafka", "--bootstrap", bootstrap, "--report", reportFile.toString()));
        args.addAll(List.of(options));
        assertEquals(0, PlatformCli.execute(args.toArray(new String[0])), "simulation");
        return SimulationReport.read(reportFile);
    }

    /** Committed records of {@code topic} from {@code from} up to the end now. */
    List<ConsumerRecord<byte[], byte[]>> readCommitted(Map<TopicPartition, Long> from) {
        return LocalKafka.readCommitted(bootstrap, from);
    }

    JobSettings.Builder settings(Path checkpoints) {
        return JobSettings.builder()
                .bootstrapServers(bootstrap)
                .groupId("gov-ingest-" + namespace)
                .catalog(catalogSettings)
                .namespace(namespace)
                .piiKey(TEST_PII_KEY)
                .parallelism(2)
                .checkpointInterval(Duration.ofSeconds(1))
                .checkpointDirectory(checkpoints.toUri().toString());
    }

    List<Record> rows(String table) throws Exception {
        Table loaded = catalog.loadTable(TableIdentifier.of(namespace, table));
        loaded.refresh();
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(loaded).build()) {
            records.forEach(rows::add);
        }
        return rows;
    }

    static long valid(SimulationReport report, String topic) {
        return report.topic(topic).valid;
    }

    @Override
    public void close() throws Exception {
        GovCatalog.dropNamespace(catalog, namespace);
        catalog.close();
    }
}
