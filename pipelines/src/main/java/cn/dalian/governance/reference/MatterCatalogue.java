package cn.dalian.governance.reference;

import cn.dalian.governance.avro.MatterGroup;
import cn.dalian.governance.avro.Urgency;

import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The versioned matter catalogue (事项清单, DESIGN section 4), read from a CSV file with the columns
 * {@code code,version,name_zh,name_en,matter_group,grid_admitted,committee_listed,department,}
 * {@code dispatch_hours_normal,resolve_hours_normal,dispatch_hours_urgent,resolve_hours_urgent,}
 * {@code dispatch_hours_emergency,resolve_hours_emergency,effective_from,effective_to}.
 *
 * <p>The versions of one code cover disjoint date ranges [effective_from, effective_to), and
 * higher versions start later. Loading fails on the first problem with a
 * {@link ReferenceDataException} naming the file, the 1-based line and the reason.
 */
public final class MatterCatalogue
{
    public static final String DEFAULT_RESOURCE = "/reference/matters.csv";
    /** Time zone in which an instant is turned into the day that selects the version in force. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    static final List<String> HEADER = List.of(
            "code", "version", "name_zh", "name_en", "matter_group", "grid_admitted", "committee_listed", "department",
            "dispatch_hours_normal", "resolve_hours_normal", "dispatch_hours_urgent", "resolve_hours_urgent",
            "dispatch_hours_emergency", "resolve_hours_emergency", "effective_from", "effective_to");

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");
    private static final Pattern HOURS = Pattern.compile("[0-9]{1,6}(\\.[0-9]{1,4})?");

    private final Map<String, List<Matter>> versionsByCode;

    private MatterCatalogue(Map<String, List<Matter>> versionsByCode)
    {
        Map<String, List<Matter>> copy = new TreeMap<>();
        versionsByCode.forEach((code, versions) -> copy.put(code, List.copyOf(versions)));
        this.versionsByCode = Collections.unmodifiableMap(copy);
    }

    /** Loads and validates a catalogue file (UTF-8). */
    public static MatterCatalogue load(Path csv)
    {
        return ReferenceCsv.load(csv, MatterCatalogue::parse);
    }

    /** Loads the catalogue shipped on the classpath at {@value #DEFAULT_RESOURCE}. */
    public static MatterCatalogue loadDefault()
    {
        return ReferenceCsv.loadResource(MatterCatalogue.class, DEFAULT_RESOURCE, MatterCatalogue::parse);
    }

    /** Parses and validates catalogue CSV text; {@code sourceName} is used in error messages. */
    public static MatterCatalogue parse(String sourceName, Reader reader)
    {
        return new Parser(sourceName).parse(reader);
    }

    /** The version of the matter in force on that day, if the code is known and a version covers the day. */
    public Optional<Matter> inForce(String code, LocalDate day)
    {
        requireNonNull(day, "day is null");
        for (Matter matter : versions(code)) {
            if (matter.inForceOn(day)) {
                return Optional.of(matter);
            }
        }
        return Optional.empty();
    }

    /** The version in force at that instant, the day being taken in Asia/Shanghai. */
    public Optional<Matter> inForce(String code, Instant at)
    {
        return inForce(code, LocalDate.ofInstant(requireNonNull(at, "at is null"), ZONE));
    }

    /** All versions of the code in version order; empty for an unknown code. */
    public List<Matter> versions(String code)
    {
        return versionsByCode.getOrDefault(requireNonNull(code, "code is null"), List.of());
    }

    /** Every matter code, whether or not a version is in force today. */
    public SortedSet<String> codes()
    {
        return Collections.unmodifiableSortedSet(new TreeSet<>(versionsByCode.keySet()));
    }

    /** The version in force on that day of every code that has one, in code order. */
    public List<Matter> currentOn(LocalDate day)
    {
        requireNonNull(day, "day is null");
        List<Matter> current = new ArrayList<>();
        for (String code : versionsByCode.keySet()) {
            inForce(code, day).ifPresent(current::add);
        }
        return Collections.unmodifiableList(current);
    }

    /** Every version of every code, in code then version order. */
    public List<Matter> all()
    {
        List<Matter> all = new ArrayList<>();
        versionsByCode.values().forEach(all::addAll);
        return Collections.unmodifiableList(all);
    }

    @Override
    public String toString()
    {
        return "MatterCatalogue{codes=" + versionsByCode.size() + ", versions=" + all().size() + "}";
    }

    private static final class Parser
    {
        private final String sourceName;
        private final Map<Matter, Integer> lines = new IdentityHashMap<>();

        Parser(String sourceName)
        {
            this.sourceName = requireNonNull(sourceName, "sourceName is null");
        }

        MatterCatalogue parse(Reader reader)
        {
            Map<String, Map<Integer, Matter>> byCode = new TreeMap<>();
            for (CsvReader.Record record : ReferenceCsv.readData(sourceName, reader, HEADER)) {
                Matter matter = parseRow(record);
                Map<Integer, Matter> versions = byCode.computeIfAbsent(matter.code(), ignored -> new TreeMap<>());
                Matter previous = versions.putIfAbsent(matter.version(), matter);
                if (previous != null) {
                    throw fail(record.line(), "duplicate version " + matter.version() + " of matter " + matter.code()
                            + " (first on line " + lines.get(previous) + ")");
                }
                lines.put(matter, record.line());
            }
            Map<String, List<Matter>> result = new TreeMap<>();
            for (Map.Entry<String, Map<Integer, Matter>> entry : byCode.entrySet()) {
                List<Matter> byStart = new ArrayList<>(entry.getValue().values());
                byStart.sort(Comparator.comparing(Matter::effectiveFrom));
                for (int i = 1; i < byStart.size(); i++) {
                    Matter earlier = byStart.get(i - 1);
                    Matter later = byStart.get(i);
                    int line = Math.max(lines.get(earlier), lines.get(later));
                    if (earlier.effectiveTo() == null || earlier.effectiveTo().isAfter(later.effectiveFrom())) {
                        throw fail(line, "versions " + earlier.version() + " " + range(earlier) + " and "
                                + later.version() + " " + range(later) + " of matter " + entry.getKey() + " overlap");
                    }
                    if (later.version() < earlier.version()) {
                        throw fail(line, "version " + later.version() + " of matter " + entry.getKey() + " starts "
                                + later.effectiveFrom() + ", after version " + earlier.version() + " which starts "
                                + earlier.effectiveFrom() + "; versions must increase with effective_from");
                    }
                }
                result.put(entry.getKey(), new ArrayList<>(entry.getValue().values()));
            }
            return new MatterCatalogue(result);
        }

        private static String range(Matter matter)
        {
            return "[" + matter.effectiveFrom() + ", " + (matter.effectiveTo() == null ? "open" : matter.effectiveTo()) + ")";
        }

        private Matter parseRow(CsvReader.Record record)
        {
            int line = record.line();
            String code = record.get(0);
            if (!CODE.matcher(code).matches()) {
                throw fail(line, "code must be 1 to 32 letters, digits, '_' or '-', was '" + code + "'");
            }
            String versionText = record.get(1);
            if (!VERSION.matcher(versionText).matches()) {
                throw fail(line, "version must be a positive integer, was '" + versionText + "'");
            }
            int version = Integer.parseInt(versionText);
            String nameZh = required(line, record.get(2), "name_zh");
            String nameEn = required(line, record.get(3), "name_en");
            String groupText = record.get(4);
            MatterGroup group;
            try {
                group = MatterGroup.valueOf(groupText);
            }
            catch (IllegalArgumentException e) {
                throw fail(line, "unknown matter_group '" + groupText + "'");
            }
            boolean gridAdmitted = ReferenceCsv.parseBoolean(sourceName, record, "grid_admitted", record.get(5));
            boolean committeeListed = ReferenceCsv.parseBoolean(sourceName, record, "committee_listed", record.get(6));
            String department = required(line, record.get(7), "department");
            Map<Urgency, Sla> slas = new EnumMap<>(Urgency.class);
            int column = 8;
            for (Urgency urgency : Urgency.values()) {
                String suffix = "_" + urgency.name().toLowerCase(Locale.ROOT);
                BigDecimal dispatch = hours(line, record.get(column), HEADER.get(column));
                BigDecimal resolve = hours(line, record.get(column + 1), HEADER.get(column + 1));
                if (resolve.compareTo(dispatch) < 0) {
                    throw fail(line, "resolve_hours" + suffix + " " + resolve.toPlainString()
                            + " is less than dispatch_hours" + suffix + " " + dispatch.toPlainString());
                }
                slas.put(urgency, Sla.ofHours(dispatch, resolve));
                column += 2;
            }
            LocalDate from = date(line, required(line, record.get(14), "effective_from"), "effective_from");
            LocalDate to = record.get(15).isEmpty() ? null : date(line, record.get(15), "effective_to");
            if (to != null && !to.isAfter(from)) {
                throw fail(line, "effective_to " + to + " must be after effective_from " + from);
            }
            return new Matter(code, version, nameZh, nameEn, group, gridAdmitted, committeeListed, department, slas, from, to);
        }

        private BigDecimal hours(int line, String text, String column)
        {
            if (!HOURS.matcher(text).matches()) {
                throw fail(line, column + " must be a positive number of hours, was '" + text + "'");
            }
            BigDecimal hours = new BigDecimal(text);
            if (hours.signum() <= 0) {
                throw fail(line, column + " must be a positive number of hours, was '" + text + "'");
            }
            return hours;
        }

        private LocalDate date(int line, String text, String column)
        {
            try {
                return LocalDate.parse(text);
            }
            catch (DateTimeParseException e) {
                throw fail(line, column + " must be an ISO date (yyyy-mm-dd), was '" + text + "'");
            }
        }

        private String required(int line, String value, String column)
        {
            if (value.isEmpty()) {
                throw fail(line, "missing " + column);
            }
            return value;
        }

        private ReferenceDataException fail(int line, String reason)
        {
            return new ReferenceDataException(sourceName, line, reason);
        }
    }
}
