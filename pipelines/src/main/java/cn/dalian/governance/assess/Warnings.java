package cn.dalian.governance.assess;

import cn.dalian.governance.avro.AreaLevel;
import cn.dalian.governance.avro.Warning;
import cn.dalian.governance.avro.WarningLevel;
import cn.dalian.governance.avro.WarningRule;
import cn.dalian.governance.avro.WarningStatus;
import cn.dalian.governance.schema.AvroCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The Avro {@link Warning} of a {@link WarningChange}, as published on {@code gov.warnings.v1}. */
public final class Warnings {
    public static final AvroCodec<Warning> CODEC = AvroCodec.of(Warning.class);

    private Warnings() {}

    public static Warning toAvro(WarningChange change) {
        return Warning.newBuilder()
                .setWarningId(change.warningId)
                .setRule(WarningRule.valueOf(change.rule))
                .setAreaCode(change.areaCode)
                .setAreaLevel(AreaLevel.valueOf(change.areaLevel))
                .setLevel(WarningLevel.valueOf(change.level))
                .setStatus(WarningStatus.valueOf(change.status))
                .setChangedAt(Instant.ofEpochMilli(change.changedAt))
                .setWindowStart(Instant.ofEpochMilli(change.windowStart))
                .setWindowEnd(Instant.ofEpochMilli(change.windowEnd))
                .setRoutedToStreet(change.routedToStreet)
                .setRoutedToLevel(AreaLevel.valueOf(change.routedToLevel))
                .setRoutedToArea(change.routedToArea)
                .setItemIds(List.copyOf(change.itemIds))
                .setCounts(Map.copyOf(change.counts))
                .setThresholds(Map.copyOf(change.thresholds))
                .setSummary(change.summary)
                .setSeq(change.seq)
                .build();
    }
}
