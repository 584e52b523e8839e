package cn.dalian.governance.ingest;

/** What became of one record read, for the reconciliation at every checkpoint. Flink POJO. */
public final class Outcome {
    /** The fate of a record. */
    public enum Kind {
        READ, CURATED, DEAD_LETTER, DUPLICATE,
        /** Read behind the watermark (sent late); not part of the balance. */
        LATE
    }

    public String topic;
    public Kind kind;
    /** Dead-letter reason, for DEAD_LETTER. */
    public String reason;

    public Outcome() {}

    public Outcome(String topic, Kind kind, String reason) {
        this.topic = topic;
        this.kind = kind;
        this.reason = reason;
    }
}
