package cn.dalian.governance.ingest;

import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Flink's process operators, calling their {@link BeforeBarrier} function just before each checkpoint
 * barrier ({@code prepareSnapshotPreBarrier}) and at the end of input ({@code finish}).
 */
final class BarrierAwareOperators {
    private BarrierAwareOperators() {}

    /** A {@link ProcessOperator} of a {@link BeforeBarrier} function. */
    static final class Process<IN, OUT> extends ProcessOperator<IN, OUT> {
        private static final long serialVersionUID = 1L;

        <F extends ProcessFunction<IN, OUT> & BeforeBarrier> Process(F function) {
            super(function);
        }

        @Override
        public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
            super.prepareSnapshotPreBarrier(checkpointId);
            emitHeldBack((BeforeBarrier) userFunction, output);
        }

        @Override
        public void finish() throws Exception {
            emitHeldBack((BeforeBarrier) userFunction, output);
            super.finish();
        }
    }

    /**
     * A {@link KeyedProcessOperator} of a {@link BeforeBarrier} function; when the function is also
     * {@link ClockBeats}, it is asked for a beat each time the watermark advances.
     */
    static final class Keyed<K, IN, OUT> extends KeyedProcessOperator<K, IN, OUT> {
        private static final long serialVersionUID = 1L;

        <F extends KeyedProcessFunction<K, IN, OUT> & BeforeBarrier> Keyed(F function) {
            super(function);
        }

        @Override
        public void processWatermark(Watermark mark) throws Exception {
            super.processWatermark(mark);
            if (userFunction instanceof ClockBeats<?> beats && mark.getTimestamp() != Long.MAX_VALUE) {
                @SuppressWarnings("unchecked")
                OUT beat = ((ClockBeats<OUT>) beats).beat(mark.getTimestamp());
                if (beat != null) {
                    output.collect(new StreamRecord<>(beat, mark.getTimestamp()));
                }
            }
        }

        @Override
        public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
            super.prepareSnapshotPreBarrier(checkpointId);
            emitHeldBack((BeforeBarrier) userFunction, output);
        }

        @Override
        public void finish() throws Exception {
            emitHeldBack((BeforeBarrier) userFunction, output);
            super.finish();
        }
    }

    private static void emitHeldBack(BeforeBarrier function, Output<?> output) throws Exception {
        function.beforeBarrier(new BeforeBarrier.SideOutput() {
            @Override
            public <X> void emit(org.apache.flink.util.OutputTag<X> tag, X value) {
                output.collect(tag, new StreamRecord<>(value));
            }
        });
    }
}
