package cn.dalian.governance.simulator;

/**
 * The kinds of bad input of DESIGN §5 the simulator can inject. Each fault is an extra record beside the
 * valid stream, so the valid stream stays complete and every fault must end up in the dead-letter stream.
 */
public enum FaultKind {
    /**
     * Bytes that are no Avro single-object record: random bytes, a valid record cut short, or a valid
     * header whose first length field claims far more than the record holds.
     */
    UNDECODABLE,
    /** A well-formed header whose writer-schema fingerprint is unknown. */
    UNKNOWN_SCHEMA,
    /** A required value left empty (item id, grid code, area) or no location at all. */
    MISSING_FIELD,
    /** A grid or community code of the right shape that is not in the area registry. */
    UNKNOWN_AREA,
    /** A matter code that is not in the matter catalogue. */
    UNKNOWN_MATTER,
    /** Event time more than one day after the record's send time. */
    FUTURE_TIMESTAMP,
    /** Event time three years before the record's send time, beyond any retention horizon. */
    EXPIRED_TIMESTAMP,
    /** A lifecycle state that cannot follow the item's current state. */
    ILLEGAL_TRANSITION
}
