package cn.dalian.governance.ingest;

import org.apache.flink.util.OutputTag;

/**
 * A function of the ingest job that holds output back (counts of outcomes, the latest row of each
 * item) and emits it to side outputs just before each checkpoint barrier and at the end of input; its
 * operator ({@link BarrierAwareOperators}) calls it then, so that everything a checkpoint covers has
 * left the function before the barrier.
 */
interface BeforeBarrier {
    /** Where held-back output goes. */
    interface SideOutput {
        <X> void emit(OutputTag<X> tag, X value);
    }

    void beforeBarrier(SideOutput out) throws Exception;
}
