package cn.dalian.governance.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Build-time guard: a schema change that old data could not be read with fails {@code mvn verify}. */
class SchemaEvolutionTest {
    private static final String NAMESPACE = "cn.dalian.governance.avro";
    private static final List<String> RECORDS = List.of(
            "GridEvent", "HotlineCase", "PoliceRiskSignal", "EvaluationRating", "Item", "Warning", "DeadLetter");

    static Stream<String> recordNames() {
        return SchemaCatalog.shipped().recordNames().stream();
    }

    @Test
    void catalogueHoldsEveryContractRecord() {
        for (String record : RECORDS) {
            assertFalse(SchemaCatalog.shipped().versions(NAMESPACE + "." + record).isEmpty(), record + " has no schema file");
        }
    }

    @ParameterizedTest
    @MethodSource("recordNames")
    void everyVersionIsReadableByTheNextOne(String fullName) {
        List<SchemaVersion> versions = SchemaCatalog.shipped().versions(fullName);
        for (int i = 1; i < versions.size(); i++) {
            SchemaVersion older = versions.get(i - 1);
            SchemaVersion newer = versions.get(i);
            SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(newer.schema(), older.schema());
            assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE, result.getType(),
                    newer + " cannot read data written with " + older + ": " + result.getResult().getIncompatibilities());
        }
    }

    @ParameterizedTest
    @MethodSource("recordNames")
    void versionsAreNumberedWithoutGaps(String fullName) {
        List<SchemaVersion> versions = SchemaCatalog.shipped().versions(fullName);
        for (int i = 0; i < versions.size(); i++) {
            assertEquals(i + 1, versions.get(i).version(), "version numbers of " + fullName);
        }
    }

    @ParameterizedTest
    @MethodSource("recordNames")
    void generatedClassIsTheNewestVersion(String fullName) throws ClassNotFoundException {
        List<SchemaVersion> versions = SchemaCatalog.shipped().versions(fullName);
        SchemaVersion newest = versions.get(versions.size() - 1);
        assertTrue(newest.resource().startsWith("avro/current/"), newest + " should live in avro/current/");
        Schema generated = SpecificData.get().getSchema(Class.forName(fullName));
        assertEquals(newest.fingerprint(), SchemaNormalization.parsingFingerprint64(generated),
                "generated class of " + fullName + " differs from " + newest);
    }

    @Test
    void everyFieldIsDocumented() {
        for (String fullName : SchemaCatalog.shipped().recordNames()) {
            for (SchemaVersion version : SchemaCatalog.shipped().versions(fullName)) {
                assertDocumented(version.schema(), version.toString());
            }
        }
    }

    @Test
    void droppingAFieldWithoutDefaultIsCaught() {
        // The guard itself must be able to fail: a reader that adds a required field cannot read old data.
        Schema old = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
        Schema added = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}]}");
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(added, old).getType());
    }

    private static void assertDocumented(Schema schema, String where) {
        switch (schema.getType()) {
            case RECORD -> {
                assertTrue(schema.getDoc() != null && !schema.getDoc().isBlank(), where + ": record " + schema.getName() + " has no doc");
                for (Schema.Field field : schema.getFields()) {
                    assertTrue(field.doc() != null && !field.doc().isBlank(), where + ": field " + schema.getName() + "." + field.name() + " has no doc");
                    assertDocumented(field.schema(), where);
                }
            }
            case ENUM -> assertTrue(schema.getDoc() != null && !schema.getDoc().isBlank(), where + ": enum " + schema.getName() + " has no doc");
            case UNION -> schema.getTypes().forEach(branch -> assertDocumented(branch, where));
            case ARRAY -> assertDocumented(schema.getElementType(), where);
            case MAP -> assertDocumented(schema.getValueType(), where);
            default -> { }
        }
    }
}
