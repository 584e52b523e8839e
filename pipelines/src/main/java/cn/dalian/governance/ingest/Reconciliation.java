package cn.dalian.governance.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sums what became of every record read, per topic, and checks at every checkpoint that records
 * read = curated + dead-lettered + duplicates dropped (DESIGN §5). Each counting step sends its counts
 * just before it forwards a checkpoint barrier; with aligned checkpoints every outcome of a record read
 * before the barrier therefore arrives before it, so the balance is exact. Logs one
 * line per topic at each checkpoint, dead letters by reason and late records included. Runs with
 * parallelism 1.
 */
public final class Reconciliation extends ProcessFunction<Outcome, Void> implements CheckpointedFunction, CheckpointListener {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    /** Counts of one topic: key is the outcome kind, or "DEAD_LETTER:REASON". */
    private final Map<String, Map<String, Long>> counts = new TreeMap<>();
    private final Map<Long, String> pendingReports = new HashMap<>();
    private transient ListState<Map<String, Map<String, Long>>> state;

    @Override
    public void processElement(Outcome outcome, Context ctx, Collector<Void> out) {
        Map<String, Long> topic = counts.computeIfAbsent(outcome.topic, t -> new TreeMap<>());
        topic.merge(outcome.kind.name(), outcome.count, Long::sum);
        if (outcome.reason != null) {
            topic.merge(outcome.kind.name() + ":" + outcome.reason, outcome.count, Long::sum);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        state.update(List.of(copy()));
        pendingReports.put(context.getCheckpointId(), report(context.getCheckpointId()));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("reconciliation-counts",
                org.apache.flink.api.common.typeinfo.Types.MAP(org.apache.flink.api.common.typeinfo.Types.STRING,
                        org.apache.flink.api.common.typeinfo.Types.MAP(org.apache.flink.api.common.typeinfo.Types.STRING,
                                org.apache.flink.api.common.typeinfo.Types.LONG))));
        for (Map<String, Map<String, Long>> restored : state.get()) {
            restored.forEach((topic, kinds) -> counts.put(topic, new TreeMap<>(kinds)));
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        String report = pendingReports.remove(checkpointId);
        pendingReports.keySet().removeIf(id -> id < checkpointId);
        if (report != null) {
            LOG.info(report);
        }
    }

    /** Whether every topic balances now. */
    boolean balanced() {
        return counts.values().stream().allMatch(Reconciliation::balances);
    }

    Map<String, Map<String, Long>> copy() {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        counts.forEach((topic, kinds) -> copy.put(topic, new TreeMap<>(kinds)));
        return copy;
    }

    /** The log line of a checkpoint: per topic the balance, late records and dead letters by reason. */
    String report(long checkpointId) {
        StringBuilder line = new StringBuilder("ingest checkpoint ").append(checkpointId).append(balanced() ? " reconciled" : " DOES NOT RECONCILE");
        counts.forEach((topic, kinds) -> {
            line.append(String.format("%n  %-22s read %,d = curated %,d + dead letters %,d + duplicates %,d; late %,d",
                    topic, get(kinds, "READ"), get(kinds, "CURATED"), get(kinds, "DEAD_LETTER"), get(kinds, "DUPLICATE"), get(kinds, "LATE")));
            kinds.forEach((kind, count) -> {
                if (kind.startsWith("DEAD_LETTER:")) {
                    line.append(String.format(" [%s %,d]", kind.substring("DEAD_LETTER:".length()), count));
                }
            });
        });
        return line.toString();
    }

    private static boolean balances(Map<String, Long> kinds) {
        return get(kinds, "READ") == get(kinds, "CURATED") + get(kinds, "DEAD_LETTER") + get(kinds, "DUPLICATE");
    }

    private static long get(Map<String, Long> kinds, String key) {
        return kinds.getOrDefault(key, 0L);
    }
}
