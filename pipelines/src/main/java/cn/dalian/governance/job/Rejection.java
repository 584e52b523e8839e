package cn.dalian.governance.job;

import cn.dalian.governance.avro.DeadLetterReason;
import java.util.Objects;

/** A record the job could not accept: the raw record, the reason code and a message without PII. Flink POJO. */
public final class Rejection {
    public RawRecord raw;
    public DeadLetterReason reason;
    public String message;

    public Rejection() {}

    public Rejection(RawRecord raw, DeadLetterReason reason, String message) {
        this.raw = Objects.requireNonNull(raw, "raw is null");
        this.reason = Objects.requireNonNull(reason, "reason is null");
        this.message = Objects.requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return reason + " at " + raw.position() + ": " + message;
    }
}
