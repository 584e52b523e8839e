package cn.dalian.governance.evaluation;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The periodic evaluation's parameters (DESIGN section 8), read from one properties file
 * ({@code /evaluation/evaluation.properties} on the classpath by default): composite weights, grade bands,
 * minimum satisfaction, red/black list size, hot topics per area, repeat-complaint window and the
 * publication's suppression threshold. Immutable. A missing, unknown or malformed key fails the load
 * naming the source and the key.
 */
public final class EvaluationConfig {
    public static final String DEFAULT_RESOURCE = "/evaluation/evaluation.properties";

    /** The components of the composite score, in the order of DESIGN section 8, with their SQL placeholder. */
    public enum Component {
        COMPLETION_RATE("completion-rate", "w_completion"),
        ON_TIME_COMPLETION_RATE("on-time-completion-rate", "w_on_time"),
        TIMELY_ACCEPTANCE_RATE("timely-acceptance-rate", "w_acceptance"),
        SATISFACTION_RATE("satisfaction-rate", "w_satisfaction"),
        RETURN_RATE("return-rate", "w_return"),
        REOPEN_RATE("reopen-rate", "w_reopen"),
        REPEAT_COMPLAINT_RATE("repeat-complaint-rate", "w_repeat"),
        MEDIATION_SUCCESS_RATE("mediation-success-rate", "w_mediation"),
        TWO_WAY_SCORE("two-way-score", "w_two_way"),
        ON_TIME_FEEDBACK_RATE("on-time-feedback-rate", "w_feedback"),
        FOLLOW_UP_RATE("follow-up-rate", "w_follow_up");

        private final String key;
        private final String placeholder;

        Component(String key, String placeholder) {
            this.key = key;
            this.placeholder = placeholder;
        }

        /** The properties key, {@code weight.<key>}. */
        public String key() {
            return "weight." + key;
        }

        public String placeholder() {
            return placeholder;
        }
    }

    private static final String GRADE_EXCELLENT = "grade.excellent";
    private static final String GRADE_GOOD = "grade.good";
    private static final String GRADE_FAIR = "grade.fair";
    private static final String MIN_SATISFACTION = "satisfaction.minimum";
    private static final String LIST_SIZE = "lists.size";
    private static final String HOT_TOPICS = "hot-topics.size";
    private static final String REPEAT_WINDOW_DAYS = "repeat-complaint.window-days";
    private static final String MIN_COUNT = "publication.min-count";
    /** DESIGN section 6: any published count below 5 is suppressed; the file may only raise the bar. */
    public static final int DESIGN_MIN_COUNT = 5;

    private final String source;
    private final Map<Component, BigDecimal> weights;
    private final BigDecimal gradeExcellent;
    private final BigDecimal gradeGood;
    private final BigDecimal gradeFair;
    private final BigDecimal minSatisfaction;
    private final int listSize;
    private final int hotTopics;
    private final int repeatWindowDays;
    private final int minCount;

    private EvaluationConfig(String source, Properties properties) {
        this.source = requireNonNull(source, "source");
        requireNonNull(properties, "properties");
        List<String> known = new ArrayList<>(List.of(GRADE_EXCELLENT, GRADE_GOOD, GRADE_FAIR, MIN_SATISFACTION, LIST_SIZE, HOT_TOPICS, REPEAT_WINDOW_DAYS, MIN_COUNT));
        Map<Component, BigDecimal> weights = new LinkedHashMap<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (Component component : Component.values()) {
            BigDecimal weight = number(properties, component.key());
            if (weight.signum() < 0) {
                throw new IllegalArgumentException(source + ": " + component.key() + " must not be negative, got " + weight.toPlainString());
            }
            weights.put(component, weight);
            sum = sum.add(weight);
            known.add(component.key());
        }
        if (sum.compareTo(BigDecimal.ONE) != 0) {
            throw new IllegalArgumentException(source + ": the weight.* values must sum to 1, they sum to " + sum.toPlainString());
        }
        this.weights = Map.copyOf(weights);
        TreeSet<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(source + ": unknown key " + String.join(", ", unknown) + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
        }
        this.gradeExcellent = number(properties, GRADE_EXCELLENT);
        this.gradeGood = number(properties, GRADE_GOOD);
        this.gradeFair = number(properties, GRADE_FAIR);
        if (!(gradeExcellent.compareTo(new BigDecimal(100)) <= 0 && gradeExcellent.compareTo(gradeGood) > 0 && gradeGood.compareTo(gradeFair) > 0
                && gradeFair.signum() > 0)) {
            throw new IllegalArgumentException(source + ": grade bands must satisfy 100 >= grade.excellent > grade.good > grade.fair > 0");
        }
        this.minSatisfaction = number(properties, MIN_SATISFACTION);
        if (minSatisfaction.signum() <= 0 || minSatisfaction.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException(source + ": " + MIN_SATISFACTION + " is a share, 0 < value <= 1, got " + minSatisfaction.toPlainString());
        }
        this.listSize = whole(properties, LIST_SIZE, 1);
        this.hotTopics = whole(properties, HOT_TOPICS, 1);
        this.repeatWindowDays = whole(properties, REPEAT_WINDOW_DAYS, 1);
        this.minCount = whole(properties, MIN_COUNT, DESIGN_MIN_COUNT);
    }

    public static EvaluationConfig loadDefault() {
        try (InputStream in = EvaluationConfig.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + DEFAULT_RESOURCE + " on the classpath");
            }
            return parse("classpath:" + DEFAULT_RESOURCE, new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EvaluationConfig load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static EvaluationConfig parse(String source, Reader reader) throws IOException {
        Properties properties = new Properties();
        properties.load(reader);
        return new EvaluationConfig(source, properties);
    }

    public String source() {
        return source;
    }

    public BigDecimal weight(Component component) {
        return weights.get(component);
    }

    public BigDecimal gradeExcellent() {
        return gradeExcellent;
    }

    public BigDecimal gradeGood() {
        return gradeGood;
    }

    public BigDecimal gradeFair() {
        return gradeFair;
    }

    public BigDecimal minSatisfaction() {
        return minSatisfaction;
    }

    public int listSize() {
        return listSize;
    }

    public int hotTopics() {
        return hotTopics;
    }

    public int repeatWindowDays() {
        return repeatWindowDays;
    }

    /** Published counts below this are suppressed (at least {@value #DESIGN_MIN_COUNT}). */
    public int minCount() {
        return minCount;
    }

    /** The values of the SQL placeholders of sql/evaluation and sql/publication, as SQL number literals. */
    public Map<String, String> sqlValues() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Component component : Component.values()) {
            values.put(component.placeholder(), weights.get(component).toPlainString());
        }
        values.put("grade_excellent", gradeExcellent.toPlainString());
        values.put("grade_good", gradeGood.toPlainString());
        values.put("grade_fair", gradeFair.toPlainString());
        values.put("min_satisfaction", minSatisfaction.toPlainString());
        values.put("list_size", Integer.toString(listSize));
        values.put("hot_topics", Integer.toString(hotTopics));
        values.put("repeat_window_days", Integer.toString(repeatWindowDays));
        values.put("min_count", Integer.toString(minCount));
        return values;
    }

    private BigDecimal number(Properties properties, String key) {
        String value = value(properties, key);
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": " + key + " is not a number: " + value);
        }
    }

    private int whole(Properties properties, String key, int minimum) {
        String value = value(properties, key);
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": " + key + " is not a whole number: " + value);
        }
        if (number < minimum) {
            throw new IllegalArgumentException(source + ": " + key + " must be at least " + minimum + ", got " + number);
        }
        return number;
    }

    private String value(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(source + ": missing " + key);
        }
        return value.strip();
    }
}
