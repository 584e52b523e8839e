package cn.dalian.governance.publication;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows of one published query: column names in order and the values as read through Trino JDBC,
 * normalised to String, Long, BigDecimal, Double, Boolean or null. Immutable.
 */
public record Dataset(String name, List<String> columns, List<List<Object>> rows) {
    public Dataset {
        requireNonNull(name, "name");
        columns = List.copyOf(columns);
        List<List<Object>> copied = new ArrayList<>();
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(name + ": a row of " + row.size() + " values for " + columns.size() + " columns");
            }
            copied.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copied);
    }

    /** Every row of {@code result}. */
    public static Dataset read(String name, ResultSet result) throws SQLException {
        ResultSetMetaData metadata = result.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
            columns.add(metadata.getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (result.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) {
                row.add(normalise(name, columns.get(i - 1), result.getObject(i)));
            }
            rows.add(row);
        }
        return new Dataset(name, columns, rows);
    }

    /** The values of column {@code column}, IllegalArgumentException when there is none. */
    public int index(String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(name + " has no column " + column + " (columns: " + columns + ")");
        }
        return index;
    }

    private static Object normalise(String name, String column, Object value) {
        if (value == null || value instanceof String || value instanceof Long || value instanceof BigDecimal || value instanceof Double
                || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw new IllegalStateException(name + "." + column + ": a published value must be text, a number or a boolean, got " + value.getClass().getName());
    }
}
