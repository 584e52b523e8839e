package cn.dalian.governance.schema;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * Every record schema version kept under {@code schemas/avro}: {@code current/} (the versions the Java
 * classes are generated from), {@code history/} (older writer versions) and {@code current/common/}
 * (named types shared by records, not versioned on their own).
 */
public final class SchemaCatalog {
    private static final String ROOT = "avro";
    private static final SchemaCatalog SHIPPED = loadShipped();

    private final SortedMap<String, List<SchemaVersion>> versionsByName;
    private final Map<Long, SchemaVersion> byFingerprint;

    private SchemaCatalog(List<SchemaVersion> versions) {
        SortedMap<String, List<SchemaVersion>> byName = new TreeMap<>();
        Map<Long, SchemaVersion> fingerprints = new HashMap<>();
        for (SchemaVersion version : versions) {
            byName.computeIfAbsent(version.fullName(), name -> new ArrayList<>()).add(version);
            SchemaVersion clash = fingerprints.put(version.fingerprint(), version);
            if (clash != null) {
                throw new IllegalStateException("two schema files have the same fingerprint: " + clash + " and " + version);
            }
        }
        for (List<SchemaVersion> list : byName.values()) {
            list.sort(Comparator.comparingInt(SchemaVersion::version));
            for (int i = 1; i < list.size(); i++) {
                if (list.get(i).version() == list.get(i - 1).version()) {
                    throw new IllegalStateException("duplicate version: " + list.get(i - 1) + " and " + list.get(i));
                }
            }
        }
        byName.replaceAll((name, list) -> List.copyOf(list));
        this.versionsByName = Collections.unmodifiableSortedMap(byName);
        this.byFingerprint = Map.copyOf(fingerprints);
    }

    /** The catalogue of the schema files shipped on the classpath. */
    public static SchemaCatalog shipped() {
        return SHIPPED;
    }

    /** Full names of every versioned record. */
    public List<String> recordNames() {
        return List.copyOf(versionsByName.keySet());
    }

    /** Versions of one record, oldest first; empty when the name is unknown. */
    public List<SchemaVersion> versions(String fullName) {
        return versionsByName.getOrDefault(requireNonNull(fullName, "fullName is null"), List.of());
    }

    public Optional<SchemaVersion> byFingerprint(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    private static SchemaCatalog loadShipped() {
        try {
            List<SchemaVersion> versions = new ArrayList<>();
            withRoot(root -> {
                List<Schema> common = new ArrayList<>();
                for (Path file : avscFiles(root.resolve("current/common"))) {
                    common.add(parse(file, common));
                }
                for (String folder : List.of("current", "history")) {
                    for (Path file : avscFiles(root.resolve(folder))) {
                        versions.add(new SchemaVersion(parse(file, common), ROOT + "/" + folder + "/" + file.getFileName()));
                    }
                }
            });
            return new SchemaCatalog(versions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema files under " + ROOT + "/", e);
        }
    }

    private static Schema parse(Path file, List<Schema> knownTypes) throws IOException {
        Schema.Parser parser = new Schema.Parser();
        for (Schema known : knownTypes) {
            // A fresh parser per file: the same named type may be defined by two versions of a record.
            parser.parse(known.toString());
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parser.parse(in);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot parse schema file " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> avscFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".avsc")).sorted().toList();
        }
    }

    private interface RootAction {
        void run(Path root) throws IOException;
    }

    /** Resolves the {@code avro/} folder whether the classes run from a directory or from a jar. */
    private static void withRoot(RootAction action) throws IOException {
        URL marker = SchemaCatalog.class.getClassLoader().getResource(ROOT + "/current");
        if (marker == null) {
            throw new IOException("no " + ROOT + "/current on the classpath");
        }
        URI uri;
        try {
            uri = marker.toURI();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if ("jar".equals(uri.getScheme())) {
            FileSystem fs;
            boolean opened = false;
            try {
                fs = FileSystems.getFileSystem(uri);
            } catch (FileSystemNotFoundException e) {
                fs = FileSystems.newFileSystem(uri, Map.of());
                opened = true;
            }
            try {
                action.run(fs.getPath("/" + ROOT));
            } finally {
                if (opened) {
                    fs.close();
                }
            }
        } else {
            action.run(Path.of(uri).getParent());
        }
    }
}
