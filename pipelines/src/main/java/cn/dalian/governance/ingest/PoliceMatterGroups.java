package cn.dalian.governance.ingest;

import cn.dalian.governance.avro.MatterGroup;
import cn.dalian.governance.avro.SignalType;

/**
 * Police signals carry no matter code; each signal type counts toward one matter group, so that grid,
 * hotline and police evidence of one group can converge (R3).
 */
public final class PoliceMatterGroups {
    private PoliceMatterGroups() {}

    public static MatterGroup of(SignalType type) {
        return switch (type) {
            case DISPUTE_CALL -> MatterGroup.DISPUTE;
            case MASS_GATHERING -> MatterGroup.PETITION_SIGNAL;
            case TRAFFIC -> MatterGroup.SAFETY_HAZARD;
            case FIRE -> MatterGroup.EMERGENCY;
            case CRIMINAL, PUBLIC_ORDER, TELECOM_FRAUD, OTHER -> MatterGroup.PUBLIC_ORDER;
        };
    }
}
