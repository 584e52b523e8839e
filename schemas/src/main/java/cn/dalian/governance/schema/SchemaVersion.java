package cn.dalian.governance.schema;

import static java.util.Objects.requireNonNull;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/** One version of a record schema as kept under {@code schemas/avro}, with its single-object fingerprint. */
public final class SchemaVersion {
    /** Schema property holding the version number of a record schema file. */
    public static final String VERSION_PROPERTY = "gov.version";

    private final Schema schema;
    private final int version;
    private final String resource;
    private final long fingerprint;

    public SchemaVersion(Schema schema, String resource) {
        this.schema = requireNonNull(schema, "schema is null");
        this.resource = requireNonNull(resource, "resource is null");
        Object property = schema.getObjectProp(VERSION_PROPERTY);
        if (!(property instanceof Number number) || number.intValue() < 1) {
            throw new IllegalArgumentException(resource + ": record schema needs a positive integer \"" + VERSION_PROPERTY + "\"");
        }
        this.version = number.intValue();
        this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    }

    public Schema schema() {
        return schema;
    }

    public String fullName() {
        return schema.getFullName();
    }

    public int version() {
        return version;
    }

    /** Classpath resource the version was read from, for messages. */
    public String resource() {
        return resource;
    }

    /** CRC-64-AVRO fingerprint of the parsing canonical form, as written in the single-object header. */
    public long fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return fullName() + " v" + version + " (" + resource + ", fingerprint " + Long.toHexString(fingerprint) + ")";
    }
}
