package cn.dalian.governance.sql;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code .sql} file of the repository's {@code sql/} directory: its statements (split at a
 * {@code ;} that ends a line; {@code --} comment lines dropped), with {@code ${name}} placeholders
 * filled in and the platform's schemas optionally renamed (a test's own namespace). Immutable.
 */
public final class SqlScript {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

    private final Path file;
    private final String text;

    private SqlScript(Path file, String text) {
        this.file = requireNonNull(file, "file");
        this.text = requireNonNull(text, "text");
    }

    public static SqlScript read(Path file) {
        try {
            return new SqlScript(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The {@code .sql} files of {@code directory}, sorted by name. */
    public static List<SqlScript> readAll(Path directory) {
        try (var files = Files.list(directory)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".sql")).sorted().map(SqlScript::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    public Path file() {
        return file;
    }

    /** The file name without {@code .sql}: for a view file, the view's name. */
    public String name() {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".sql".length());
    }

    /**
     * The statements, with every {@code ${name}} replaced from {@code values} and the schemas of
     * {@code schemas} in place of gov, analytics and publication; IllegalArgumentException naming the
     * file for a placeholder without a value.
     */
    public List<String> statements(Map<String, String> values, Schemas schemas) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                add(statements, current.toString().stripTrailing(), values, schemas);
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            add(statements, current.toString(), values, schemas);
        }
        return statements;
    }

    private void add(List<String> statements, String statement, Map<String, String> values, Schemas schemas) {
        String sql = statement.strip();
        if (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).stripTrailing();
        }
        Matcher matcher = PLACEHOLDER.matcher(sql);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException(file + ": no value for ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        statements.add(schemas.apply(filled.toString()));
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
