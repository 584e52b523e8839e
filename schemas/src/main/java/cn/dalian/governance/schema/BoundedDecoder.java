package cn.dalian.governance.schema;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A binary decoder that refuses every length and item count larger than the datum it reads, before
 * anything is allocated for it. Avro's own decoder trusts a length field up to about 2 GB, so a record
 * of 60 bytes that claims a string or an array of a billion items made it allocate until the job ran
 * out of memory. Every string, bytes value and array or map item takes at least one byte of the datum,
 * so a count above the datum's size is malformed whatever the schema says.
 */
final class BoundedDecoder extends Decoder {
    private final BinaryDecoder in;
    private final int datumLength;

    BoundedDecoder(BinaryDecoder in, int datumLength) {
        this.in = requireNonNull(in, "in is null");
        if (datumLength < 0) {
            throw new IllegalArgumentException("datumLength is negative");
        }
        this.datumLength = datumLength;
    }

    private int length(long claimed, String what) throws IOException {
        if (claimed < 0 || claimed > datumLength) {
            throw new IOException(what + " of " + claimed + " in a datum of " + datumLength + " bytes");
        }
        return (int) claimed;
    }

    private long count(long claimed, String what) throws IOException {
        // The binary decoder has made a negative block count positive (its byte size follows it) already.
        if (claimed < 0 || claimed > datumLength) {
            throw new IOException(what + " of " + claimed + " items in a datum of " + datumLength + " bytes");
        }
        return claimed;
    }

    private byte[] bytes(String what) throws IOException {
        byte[] bytes = new byte[length(in.readLong(), what)];
        in.readFixed(bytes, 0, bytes.length);
        return bytes;
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length(in.readLong(), "a string length");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        in.readFixed(result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString() throws IOException {
        return new String(bytes("a string length"), StandardCharsets.UTF_8);
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed(length(in.readLong(), "a string length"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        return ByteBuffer.wrap(bytes("a bytes length"));
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed(length(in.readLong(), "a bytes length"));
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return count(in.readArrayStart(), "an array block");
    }

    @Override
    public long arrayNext() throws IOException {
        return count(in.arrayNext(), "an array block");
    }

    @Override
    public long skipArray() throws IOException {
        return count(in.skipArray(), "an array block");
    }

    @Override
    public long readMapStart() throws IOException {
        return count(in.readMapStart(), "a map block");
    }

    @Override
    public long mapNext() throws IOException {
        return count(in.mapNext(), "a map block");
    }

    @Override
    public long skipMap() throws IOException {
        return count(in.skipMap(), "a map block");
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }

    /** Whether the whole datum has been read. */
    boolean isEnd() throws IOException {
        return in.isEnd();
    }
}
