package cn.dalian.governance.simulator;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Ground truth: a warning the assess job must raise for a scripted incident, with the rule, area and
 * level of DESIGN §7, and the event-time window in which it must first appear.
 */
public record ExpectedWarning(
        @JsonProperty("incident") String incident,
        @JsonProperty("rule") String rule,
        @JsonProperty("areaCode") String areaCode,
        @JsonProperty("areaLevel") String areaLevel,
        @JsonProperty("level") String level,
        @JsonProperty("windowStart") String windowStart,
        @JsonProperty("windowEnd") String windowEnd,
        @JsonProperty("because") String because) {}
