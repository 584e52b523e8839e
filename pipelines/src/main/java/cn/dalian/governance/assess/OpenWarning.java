package cn.dalian.governance.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a rule keeps of its open warning for one key (keyed state): what was last published, and, for
 * the windowed rules ({@link WindowEpisodes}), the episode behind it. Flink POJO.
 */
public final class OpenWarning {
    public String warningId;
    public String areaCode;
    public String areaLevel;
    /** The street the warning is routed to, kept for its life where the rule's area can change under it (R4). */
    public String street;
    /** Level last published. */
    public String level;
    /** Event time of the OPENED change. */
    public long openedAt;
    /** Event time of the latest change: the next one is never earlier. */
    public long changedAt;
    /** Sequence number of the latest change (1 for OPENED). */
    public long seq;
    /** Size and hash of the evidence (item ids) last published, to tell new evidence from repetition. */
    public int evidenceSize;
    public int evidenceHash;

    /** Windowed rules: start and end (exclusive) of the episode as known, event time. */
    public long episodeStart;
    public long episodeEnd;
    /** Windowed rules: the highest level the episode reached, and the counts at its fullest instant. */
    public String peakLevel;
    public long peakTotal;
    public long peakAt;
    public Map<String, Long> peakCounts = new TreeMap<>();
    /** Windowed rules: every item that counted towards the episode, sorted, and the earliest one's event time. */
    public List<String> evidence = new ArrayList<>();
    public long evidenceFrom = Long.MAX_VALUE;
    /** Windowed rules: the pending event-time timer at which the episode becomes final, 0 if none. */
    public long finalAt;
    /**
     * Relievable rules (R4): the instant up to which the episode has been settled (the watermark of the
     * last judgement: evidence can no longer change before it) and its fullest settled instant.
     */
    public long settledUntil = Long.MIN_VALUE;
    public long settledPeakTotal = -1;
    public long settledPeakAt;
    public Map<String, Long> settledPeakCounts = new TreeMap<>();

    public OpenWarning() {}
}
