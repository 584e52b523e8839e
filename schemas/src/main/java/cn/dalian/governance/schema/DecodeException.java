package cn.dalian.governance.schema;

import static java.util.Objects.requireNonNull;

/** Bytes that are not a single-object encoded record the codec can read. */
public final class DecodeException extends Exception {
    /** Why the bytes could not be read. */
    public enum Kind {
        /** No single-object header, truncated, trailing or otherwise malformed bytes. */
        UNDECODABLE,
        /** A well-formed header whose writer-schema fingerprint is none of the kept schema versions. */
        UNKNOWN_SCHEMA
    }

    private final Kind kind;

    public DecodeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public Kind kind() {
        return kind;
    }
}
