package cn.dalian.governance;

import java.util.List;

/** Kafka topic names of DESIGN §3; infra/config/topics.tsv creates them (a test keeps the two in step). */
public final class Topics {
    public static final String GRID_EVENTS = "gov.grid.events.v1";
    public static final String HOTLINE_CASES = "gov.hotline.cases.v1";
    public static final String POLICE_RISK = "gov.police.risk.v1";
    public static final String EVAL_RATINGS = "gov.eval.ratings.v1";
    public static final String DEAD_LETTERS = "gov.dlq.v1";
    public static final String ITEMS = "gov.items.v1";
    public static final String WARNINGS = "gov.warnings.v1";

    /** The input feeds the simulator writes. */
    public static final List<String> FEEDS = List.of(GRID_EVENTS, HOTLINE_CASES, POLICE_RISK, EVAL_RATINGS);

    public static final List<String> ALL = List.of(GRID_EVENTS, HOTLINE_CASES, POLICE_RISK, EVAL_RATINGS, DEAD_LETTERS, ITEMS, WARNINGS);

    private Topics() {}
}
