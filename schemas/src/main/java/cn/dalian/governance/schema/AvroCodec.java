package cn.dalian.governance.schema;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (header {@code C3 01}, the writer schema's 8-byte little-endian
 * CRC-64-AVRO fingerprint, then the binary datum) for one generated record class. Decoding resolves
 * the writer schema by fingerprint among every version of that record kept in {@link SchemaCatalog},
 * so bytes written with an older version are read into the current class. Thread-safe.
 */
public final class AvroCodec<T extends SpecificRecord> {
    static final byte MAGIC_0 = (byte) 0xC3;
    static final byte MAGIC_1 = (byte) 0x01;
    static final int HEADER_LENGTH = 10;

    private final Class<T> type;
    private final Schema readerSchema;
    private final long fingerprint;
    private final SpecificDatumWriter<T> writer;
    private final Map<Long, DatumReader<T>> readersByFingerprint;

    private AvroCodec(Class<T> type, List<SchemaVersion> versions) {
        this.type = requireNonNull(type, "type is null");
        this.readerSchema = SpecificData.get().getSchema(type);
        this.fingerprint = SchemaNormalization.parsingFingerprint64(readerSchema);
        this.writer = new SpecificDatumWriter<>(readerSchema);
        Map<Long, DatumReader<T>> readers = new HashMap<>();
        for (SchemaVersion version : versions) {
            SchemaCompatibility.SchemaCompatibilityType compatibility =
                    SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, version.schema()).getType();
            if (compatibility != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new IllegalStateException(type.getName() + " cannot read " + version);
            }
            readers.put(version.fingerprint(), new SpecificDatumReader<>(version.schema(), readerSchema));
        }
        if (!readers.containsKey(fingerprint)) {
            throw new IllegalStateException("the generated class " + type.getName()
                    + " matches none of the kept schema versions; regenerate it or add its .avsc");
        }
        this.readersByFingerprint = Map.copyOf(readers);
    }

    /** A codec for a generated class, reading every version of its record kept in the shipped catalogue. */
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        String fullName = SpecificData.get().getSchema(type).getFullName();
        return new AvroCodec<>(type, SchemaCatalog.shipped().versions(fullName));
    }

    public Class<T> type() {
        return type;
    }

    /** Fingerprint of the current (writer) schema. */
    public long fingerprint() {
        return fingerprint;
    }

    public byte[] encode(T record) {
        requireNonNull(record, "record is null");
        return encode(record, writer, fingerprint);
    }

    /**
     * Encodes with an older kept version of the record as writer schema, as an older producer would.
     * Fields the old version lacks are dropped.
     */
    public byte[] encodeAs(T record, SchemaVersion writerVersion) {
        requireNonNull(record, "record is null");
        if (!readersByFingerprint.containsKey(writerVersion.fingerprint())) {
            throw new IllegalArgumentException(writerVersion + " is not a version of " + type.getName());
        }
        GenericDatumWriter<Object> old = new GenericDatumWriter<>(writerVersion.schema());
        GenericRecord projected = project(record, writerVersion.schema());
        return encode(projected, old, writerVersion.fingerprint());
    }

    public T decode(byte[] bytes) throws DecodeException {
        requireNonNull(bytes, "bytes is null");
        if (bytes.length < HEADER_LENGTH || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
            throw new DecodeException(DecodeException.Kind.UNDECODABLE,
                    "no Avro single-object header (" + bytes.length + " bytes, starting " + head(bytes) + ")", null);
        }
        long writerFingerprint = fingerprintOf(bytes);
        DatumReader<T> reader = readersByFingerprint.get(writerFingerprint);
        if (reader == null) {
            throw new DecodeException(DecodeException.Kind.UNKNOWN_SCHEMA,
                    "writer schema fingerprint " + Long.toHexString(writerFingerprint) + " is no kept version of "
                            + readerSchema.getFullName(), null);
        }
        int datumLength = bytes.length - HEADER_LENGTH;
        BoundedDecoder decoder = new BoundedDecoder(DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, datumLength, null), datumLength);
        T record;
        try {
            record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new DecodeException(DecodeException.Kind.UNDECODABLE,
                        "trailing bytes after a " + readerSchema.getName() + " record", null);
            }
        } catch (IOException | RuntimeException e) {
            throw new DecodeException(DecodeException.Kind.UNDECODABLE,
                    "malformed " + readerSchema.getName() + " datum: " + e, e);
        } catch (OutOfMemoryError e) {
            throw e; // the JVM's heap, not this record: no length in it can ask for more than its own size
        } catch (Error e) {
            // Some bytes make a reader throw an Error, not an Exception (an AssertionError, a StackOverflowError
            // of a deep recursion): the fault of the bytes, so a dead letter, not a failed job.
            throw new DecodeException(DecodeException.Kind.UNDECODABLE,
                    "malformed " + readerSchema.getName() + " datum: " + e, e);
        }
        return record;
    }

    /** The writer fingerprint in single-object encoded bytes (at least 10 bytes with the C3 01 header). */
    public static long fingerprintOf(byte[] bytes) {
        long value = 0;
        for (int i = 9; i >= 2; i--) {
            value = (value << 8) | (bytes[i] & 0xFFL);
        }
        return value;
    }

    private static <D> byte[] encode(D datum, DatumWriter<D> datumWriter, long fingerprint) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC_0);
        out.write(MAGIC_1);
        for (int i = 0; i < 8; i++) {
            out.write((int) (fingerprint >>> (8 * i)));
        }
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            datumWriter.write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static GenericRecord project(SpecificRecord record, Schema target) {
        // Round-trip through the current binary form read with the old schema as reader: Avro drops new fields.
        byte[] current = encode(record, new SpecificDatumWriter<SpecificRecord>(record.getSchema()), 0);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(current, HEADER_LENGTH, current.length - HEADER_LENGTH, null);
        try {
            return new GenericDatumReader<GenericRecord>(record.getSchema(), target)
                    .read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String head(byte[] bytes) {
        return HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 4));
    }
}
