package cn.dalian.governance.ingest;

/**
 * The event-time timers of the current item, shared by the steps of the keyed operator ({@link ItemSteps}):
 * a timer at one time is one timer, so a step releases its timer instead of deleting it, and the timer
 * goes only when no other step still needs it.
 */
interface ItemTimers {
    long currentWatermark();

    void register(long timestamp);

    /** The calling step no longer needs its timer at {@code timestamp}. */
    void release(long timestamp) throws Exception;
}
