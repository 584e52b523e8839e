package cn.dalian.governance.simulator;

import java.io.IOException;

/** Where simulated records go: Kafka topics or files. */
public interface RecordSink extends AutoCloseable {
    void send(SimRecord record) throws IOException;

    /** Blocks until everything sent so far is durable. */
    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
