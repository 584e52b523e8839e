package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The assess job's rules (DESIGN §7), read from one properties file ({@code /assess/rules.properties}
 * on the classpath by default): stability-index weights, thresholds and bands, and the thresholds of
 * warning rules R1 to R6. Immutable; a missing or malformed key fails the load naming the file and key.
 */
public final class AssessmentRules implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String DEFAULT_RESOURCE = "/assess/rules.properties";

    /** The components of the stability index, in the order of DESIGN §7. */
    public enum Component {
        DISPUTES("disputes"),
        OVERDUE("overdue"),
        POLICE_RISK("police-risk"),
        COMPLAINTS("complaints"),
        MASS_GATHERING("mass-gathering"),
        UNSATISFIED("unsatisfied");

        private final String key;

        Component(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private final String source;
    private final Properties properties;
    private final Map<Component, Double> weights = new EnumMap<>(Component.class);
    private final Map<Component, Double> thresholds = new EnumMap<>(Component.class);

    private AssessmentRules(String source, Properties properties) {
        this.source = requireNonNull(source, "source is null");
        this.properties = requireNonNull(properties, "properties is null");
        double sum = 0;
        for (Component component : Component.values()) {
            double weight = positive("stability." + component.key() + ".weight");
            weights.put(component, weight);
            thresholds.put(component, positive("stability." + component.key() + ".threshold"));
            sum += weight;
        }
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw new IllegalArgumentException(source + ": stability weights must sum to 1, they sum to " + sum);
        }
        if (!(bandStable() > bandBasicallyStable() && bandBasicallyStable() > bandAttention())) {
            throw new IllegalArgumentException(source + ": stability bands must decrease: stable > basically-stable > attention");
        }
        if (policeLevelWeights().length != 4) {
            throw new IllegalArgumentException(source + ": stability.police-risk.level-weights needs 4 values (levels 1 to 4)");
        }
        // Touch every rule key once so that a typo fails at load time, not in the middle of a run.
        stabilityWindow();
        repeatWindow();
        r1Window();
        r2BaselineWindow();
        r3Window();
        r4Window();
        watermarkOutOfOrderness();
        watermarkGranularity();
        if (watermarkIngestLead().isNegative()) {
            throw new IllegalArgumentException(source + ": watermark.ingest-lead must not be negative");
        }
        if (watermarkOutOfOrderness().isNegative() || watermarkGranularity().isNegative() || watermarkGranularity().isZero() || Duration.ofHours(1).toMillis() % watermarkGranularity().toMillis() != 0) {
            throw new IllegalArgumentException(source + ": watermark.out-of-orderness must not be negative and watermark.granularity must divide an hour");
        }
        integer("r1.orange.count");
        integer("r1.red.count");
        integer("r2.min.count");
        integer("r2.warmup.hours");
        integer("r3.grid.disputes");
        integer("r3.hotline.complaints");
        integer("r3.police.signals");
        integer("r4.cases");
        positive("r2.ewma.alpha");
        positive("r2.sigma");
        positive("r5.escalate.factor");
        value("r6.level");
    }

    public static AssessmentRules loadDefault() {
        try (InputStream in = AssessmentRules.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + DEFAULT_RESOURCE + " on the classpath");
            }
            return parse("classpath:" + DEFAULT_RESOURCE, new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AssessmentRules load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static AssessmentRules parse(String source, Reader reader) throws IOException {
        Properties properties = new Properties();
        properties.load(reader);
        return new AssessmentRules(source, properties);
    }

    /**
     * The same rules with another watermark bound: a backfill that replays history reads items far
     * more out of order than live traffic (a replayed day can be disordered by the whole day).
     */
    public AssessmentRules withWatermarkOutOfOrderness(Duration bound) {
        Properties changed = new Properties();
        changed.putAll(properties);
        changed.setProperty("watermark.out-of-orderness", bound.toString());
        return new AssessmentRules(source + " (watermark.out-of-orderness=" + bound + ")", changed);
    }

    public double weight(Component component) {
        return weights.get(component);
    }

    public double threshold(Component component) {
        return thresholds.get(component);
    }

    public Duration stabilityWindow() {
        return duration("stability.window");
    }

    /** Weights of police signals of risk level 1 to 4 (index 0 to 3). */
    public double[] policeLevelWeights() {
        return Arrays.stream(value("stability.police-risk.level-weights").split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
    }

    public double repeatComplaintFactor() {
        return positive("stability.complaints.repeat-factor");
    }

    public Duration repeatWindow() {
        return duration("stability.complaints.repeat-window");
    }

    public double bandStable() {
        return number("stability.band.stable");
    }

    public double bandBasicallyStable() {
        return number("stability.band.basically-stable");
    }

    public double bandAttention() {
        return number("stability.band.attention");
    }

    public Duration r1Window() {
        return duration("r1.window");
    }

    public int r1OrangeCount() {
        return integer("r1.orange.count");
    }

    public int r1RedCount() {
        return integer("r1.red.count");
    }

    public Duration r2BaselineWindow() {
        return duration("r2.baseline.window");
    }

    public double r2Alpha() {
        return positive("r2.ewma.alpha");
    }

    public double r2Sigma() {
        return positive("r2.sigma");
    }

    public int r2MinCount() {
        return integer("r2.min.count");
    }

    public int r2WarmupHours() {
        return integer("r2.warmup.hours");
    }

    public Duration r3Window() {
        return duration("r3.window");
    }

    public int r3GridDisputes() {
        return integer("r3.grid.disputes");
    }

    public int r3HotlineComplaints() {
        return integer("r3.hotline.complaints");
    }

    public int r3PoliceSignals() {
        return integer("r3.police.signals");
    }

    public Duration r4Window() {
        return duration("r4.window");
    }

    public int r4Cases() {
        return integer("r4.cases");
    }

    public double r5EscalateFactor() {
        return positive("r5.escalate.factor");
    }

    public String r6Level() {
        return value("r6.level");
    }

    /** How far behind ingest's clock (or the newest event time) the assess clock (its watermark) runs: the feeds' own disorder. */
    public Duration watermarkOutOfOrderness() {
        return duration("watermark.out-of-orderness");
    }

    /**
     * How far ahead of ingest's clock (send time) an item may be and still go to the rules at once; one
     * further ahead waits until ingest's clock comes within this of it, so that a catch-up or a replay in
     * which ingest read one feed partition ahead of another reaches the rules in about the order its
     * records were sent. Live items are within ingest's own watermark bound (1 min) of its clock.
     */
    public Duration watermarkIngestLead() {
        return duration("watermark.ingest-lead");
    }

    /** The assess clock advances in steps of this much event time. */
    public Duration watermarkGranularity() {
        return duration("watermark.granularity");
    }

    /**
     * How long a warning's condition must have failed before the warning clears: the out-of-orderness
     * bound plus one clock step. Evidence still on its way can only fall inside that span, so a warning
     * is never cleared and then raised again for what turns out to be one episode.
     */
    public Duration warningClearAfter() {
        return watermarkOutOfOrderness().plus(watermarkGranularity());
    }

    /**
     * R2 judges an hour against the baseline of the hours before it less this many: hours still open to
     * late evidence when the hour's items arrive (the clock trails by {@link #warningClearAfter()}), so the
     * threshold an item is judged against never depends on the order the items arrived in.
     */
    public int r2BaselineLagHours() {
        long hour = Duration.ofHours(1).toMillis();
        return (int) ((warningClearAfter().toMillis() + hour - 1) / hour);
    }

    /** All keys and values, for the job's start-up log line. */
    public List<String> describe() {
        return properties.stringPropertyNames().stream().sorted().map(key -> key + "=" + properties.getProperty(key)).toList();
    }

    private String value(String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(source + ": missing " + key);
        }
        return value.trim();
    }

    private double number(String key) {
        try {
            return Double.parseDouble(value(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": " + key + " is not a number: " + value(key));
        }
    }

    private double positive(String key) {
        double number = number(key);
        if (!(number > 0)) {
            throw new IllegalArgumentException(source + ": " + key + " must be positive, got " + number);
        }
        return number;
    }

    private int integer(String key) {
        try {
            int number = Integer.parseInt(value(key));
            if (number < 1) {
                throw new IllegalArgumentException(source + ": " + key + " must be at least 1, got " + number);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": " + key + " is not a whole number: " + value(key));
        }
    }

    private Duration duration(String key) {
        String text = value(key);
        try {
            return text.startsWith("PT") ? Duration.parse(text) : Duration.ofDays(Period.parse(text).getDays());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": " + key + " is not an ISO-8601 duration (PT6H, P30D): " + text);
        }
    }
}
