package cn.dalian.governance.simulator;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes one file per topic, {@code <topic>.records}: a sequence of (send time in epoch millis as
 * int64, key length int32, key, value length int32, value), big-endian, in send order.
 */
public final class FileRecordSink implements RecordSink {
    public static final String SUFFIX = ".records";

    private final Path directory;
    private final Map<String, DataOutputStream> outputs = new TreeMap<>();

    public FileRecordSink(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    @Override
    public void send(SimRecord record) throws IOException {
        DataOutputStream out = outputs.get(record.topic());
        if (out == null) {
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(directory.resolve(record.topic() + SUFFIX)), 1 << 16));
            outputs.put(record.topic(), out);
        }
        out.writeLong(record.sentAt().toEpochMilli());
        out.writeInt(record.key().length);
        out.write(record.key());
        out.writeInt(record.value().length);
        out.write(record.value());
    }

    @Override
    public void flush() throws IOException {
        for (DataOutputStream out : outputs.values()) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        for (DataOutputStream out : outputs.values()) {
            out.close();
        }
    }

    /** One record read back from a file. */
    public record StoredRecord(Instant sentAt, byte[] key, byte[] value) {}

    public static List<StoredRecord> read(Path file) throws IOException {
        List<StoredRecord> records = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            while (true) {
                long millis;
                try {
                    millis = in.readLong();
                } catch (EOFException end) {
                    return records;
                }
                byte[] key = in.readNBytes(in.readInt());
                byte[] value = in.readNBytes(in.readInt());
                records.add(new StoredRecord(Instant.ofEpochMilli(millis), key, value));
            }
        }
    }
}
