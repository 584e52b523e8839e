package cn.dalian.governance.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The outcomes one subtask of a counting step has seen since its last checkpoint barrier, per topic,
 * kind and dead-letter reason: counted in place, sent on as a handful of {@link Outcome}s before the
 * next barrier instead of one event per record.
 */
final class OutcomeTally {
    private record Key(String topic, Outcome.Kind kind, String reason) {}

    private final Map<Key, long[]> counts = new HashMap<>();

    void add(String topic, Outcome.Kind kind) {
        add(topic, kind, null);
    }

    void add(String topic, Outcome.Kind kind, String reason) {
        counts.computeIfAbsent(new Key(topic, kind, reason), key -> new long[1])[0]++;
    }

    /** Hands every count to {@code out} and starts again from zero. */
    void drain(Consumer<Outcome> out) {
        counts.forEach((key, count) -> out.accept(new Outcome(key.topic(), key.kind(), key.reason(), count[0])));
        counts.clear();
    }
}
