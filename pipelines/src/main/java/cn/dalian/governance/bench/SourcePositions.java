package cn.dalian.governance.bench;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the bench's live jobs are in their Kafka input: a metric reporter of the MiniCluster in the bench
 * JVM that keeps the Kafka source's {@code currentOffset} gauge of every partition, by job name. With the
 * end offsets it gives a job's consumer lag at any moment, not only as of its last checkpoint (what the
 * committed offsets say).
 */
public final class SourcePositions implements MetricReporter {
    private static final String GAUGE = "currentOffset";
    private static final Map<String, Map<TopicPartition, Gauge<?>>> POSITIONS = new ConcurrentHashMap<>();

    /** Adds this reporter to a job's Flink configuration. */
    static void report(Configuration configuration) {
        configuration.setString("metrics.reporter.bench-positions.factory.class", Factory.class.getName());
    }

    /** The offset each partition of job {@code jobName}'s Kafka source has reached (empty until it reports). */
    static Map<TopicPartition, Long> of(String jobName) {
        Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
        POSITIONS.getOrDefault(jobName, Map.of()).forEach((partition, gauge) -> {
            if (gauge.getValue() instanceof Number offset) {
                offsets.put(partition, offset.longValue());
            }
        });
        return offsets;
    }

    /**
     * Records that job {@code jobName}, which started at {@code from}, has not read yet of its partitions' ends
     * now (a partition it has read nothing of yet counts from where it started).
     */
    static long lag(String jobName, Map<TopicPartition, Long> from, String bootstrap) {
        Map<TopicPartition, Long> at = of(jobName);
        Map<TopicPartition, Long> end = cn.dalian.governance.job.KafkaParts.endOffsets(bootstrap,
                from.keySet().stream().map(TopicPartition::topic).distinct().toList());
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> partition : from.entrySet()) {
            Long position = at.get(partition.getKey());
            long read = Math.max(partition.getValue(), position == null ? 0 : position + 1);
            lag += Math.max(0, end.getOrDefault(partition.getKey(), read) - read);
        }
        return lag;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (!GAUGE.equals(name) || !(metric instanceof Gauge<?> gauge)) {
            return;
        }
        Map<String, String> variables = group.getAllVariables();
        String job = variables.get("<job_name>");
        String topic = variables.get("<topic>");
        String partition = variables.get("<partition>");
        if (job != null && topic != null && partition != null) {
            POSITIONS.computeIfAbsent(job, j -> new ConcurrentHashMap<>()).put(new TopicPartition(topic, Integer.parseInt(partition)), gauge);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

    /** Flink creates the reporter from its configuration. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new SourcePositions();
        }
    }
}
