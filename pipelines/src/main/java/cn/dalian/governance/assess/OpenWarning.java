package cn.dalian.governance.assess;

/** What a rule keeps of its open warning for one area (keyed state). Flink POJO. */
public final class OpenWarning {
    public String warningId;
    public String level;
    public long openedAt;
    /** Size of the evidence last published (item count), to tell growth from repetition. */
    public int evidenceSize;

    public OpenWarning() {}
}
