package cn.dalian.governance.ingest;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Privacy step of DESIGN §6: personal identifiers become keyed HMAC-SHA256 pseudonyms of their
 * normalised value (base64url, 43 characters: unlike hex, it practically never holds a run of digits
 * that looks like a phone or ID number) (the same person gets the same pseudonym across feeds, nobody without the key can
 * reverse or test it), and the record's names and phone and ID numbers inside free text are masked.
 */
public final class Pseudonymizer implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Separators people write inside numbers: space, dash, dot, the dashes U+2010..U+2015 and minus; at most three in a row. */
    private static final String SEP = "[ \\-.\u2010-\u2015\u2212]{0,3}";
    /** 18-character resident ID: 17 digits and a digit or X (Ｘ after NFKC), not inside a longer run of digits. */
    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])");
    /** 15-digit resident ID of the first generation, not inside a longer run of digits. */
    private static final Pattern OLD_ID_NUMBER = Pattern.compile("(?<![0-9])[1-9][0-9]{14}(?![0-9])");
    /** Mainland mobile number, optionally with +86, 0086 or 86, with separators anywhere between its digits. */
    private static final Pattern MOBILE = Pattern.compile("(?<![0-9])(?:(?:\\+|00)?86" + SEP + ")?1" + SEP + "[3-9](?:" + SEP + "[0-9]){9}(?![0-9])");
    /** Landline with area code in any bracket style: 0411-8xxxxxxx, (0411)xxxxxxxx, 【0411】, 〔0411〕, [0411], 041187654321. */
    private static final Pattern LANDLINE = Pattern.compile(
            "(?<![0-9])(?:[(\\[【〔〖]0[0-9]{2,3}[)\\]】〕〗]|0[0-9]{2,3})" + SEP + "[0-9](?:" + SEP + "[0-9]){6,7}(?![0-9])");

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;
    /** Initialised with the key once per instance (each Flink subtask has its own copy); not thread-safe. */
    private transient Mac mac;

    public Pseudonymizer(byte[] key) {
        Objects.requireNonNull(key, "key is null");
        if (key.length < 16) {
            throw new IllegalArgumentException("the pseudonymisation key must have at least 16 bytes, got " + key.length);
        }
        this.key = key.clone();
    }

    /** Pseudonym of a person's name (whitespace removed, NFKC). */
    public String name(String name) {
        return hmac("name:" + WHITESPACE.matcher(Normalizer.normalize(name, Normalizer.Form.NFKC)).replaceAll(""));
    }

    /** Pseudonym of a phone number (digits only, without a +86 country code). */
    public String phone(String phone) {
        String digits = digits(phone);
        if (digits.startsWith("86") && digits.length() == 13) {
            digits = digits.substring(2);
        }
        return hmac("phone:" + digits);
    }

    /** Pseudonym of an ID number (upper case, trimmed). */
    public String idNumber(String idNumber) {
        return hmac("id:" + idNumber.trim().toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * Free text with the record's own names (its persons involved, its caller) replaced by a label, then
     * {@link #mask(String)}: a resident's name in a description is PII like the name field itself.
     */
    public static String mask(String text, Collection<String> names) {
        return mask(text, names, List.of());
    }

    /**
     * Free text with the record's own names and {@link #mask(String)}, and then the record's own phone and ID
     * values that are still there (exactly as the record holds them, in plain digits, whatever their shape)
     * replaced by {@code [号码]}.
     */
    public static String mask(String text, Collection<String> names, Collection<String> numbers) {
        List<String> ownNumbers = numbers.stream().filter(Objects::nonNull).map(number -> plain(number).strip())
                .filter(number -> number.length() >= 5).sorted(Comparator.comparingInt(String::length).reversed()).toList();
        if (names.isEmpty() && ownNumbers.isEmpty()) {
            return mask(text);
        }
        String masked = plain(text);
        List<String> longestFirst = names.stream().filter(Objects::nonNull).map(name -> plain(name).strip())
                .filter(name -> !name.isEmpty()).sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String name : longestFirst) {
            masked = masked.replace(name, "[姓名]");
        }
        masked = maskPlain(masked);
        for (String number : ownNumbers) {
            masked = masked.replace(number, "[号码]"); // what no pattern took: a short extension, a passport, ...
        }
        return masked;
    }

    /**
     * Free text with ID, mobile and landline numbers replaced by labels, found in whatever digits they are
     * written ({@link #plain}).
     */
    public static String mask(String text) {
        return maskPlain(plain(text));
    }

    /** {@link #mask(String)} of a text already in its {@link #plain} form. */
    private static String maskPlain(String normal) {
        if (!hasDigits(normal, 7)) {
            return normal; // every number masked has at least 7 digits
        }
        String masked = ID_NUMBER.matcher(normal).replaceAll("[身份证号]");
        masked = OLD_ID_NUMBER.matcher(masked).replaceAll("[身份证号]");
        masked = MOBILE.matcher(masked).replaceAll("[手机号]");
        return LANDLINE.matcher(masked).replaceAll("[电话]");
    }

    /**
     * The text with every character that NFKC turns into an ASCII digit, letter, space or one of
     * {@code + - . ( ) [ ]} in that plain form (full-width ０-９, Ｘ, （）, ideographic space, circled and
     * mathematical digits), and every other decimal digit (Arabic-Indic, Devanagari, ...) as its ASCII
     * digit; everything else, Chinese punctuation included, as it was.
     */
    static String plain(String text) {
        StringBuilder plain = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            int replacement = cp < 0x80 ? cp : plainForm(cp);
            if (replacement != cp && plain == null) {
                plain = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (plain != null) {
                plain.appendCodePoint(replacement);
            }
            i += width;
        }
        return plain == null ? text : plain.toString();
    }

    private static int plainForm(int cp) {
        if (Character.isDigit(cp)) {
            return '0' + Character.digit(cp, 10);
        }
        for (int[] range : COMPATIBILITY_RANGES) {
            if (cp >= range[0] && cp <= range[1]) {
                return PLAIN_FORMS.getOrDefault(cp, cp);
            }
        }
        return cp; // Chinese text and the rest: no lookup
    }

    /** Where the compatibility characters {@link #PLAIN_FORMS} maps are. */
    private static final int[][] COMPATIBILITY_RANGES = {{0x2070, 0x209F}, {0x2460, 0x24FF}, {0x3000, 0x3000}, {0xFF00, 0xFFEF}, {0x1D400, 0x1D7FF},
            {0x1F100, 0x1F10F}};

    /**
     * The compatibility characters whose NFKC form is one plain character {@link #plain} keeps (full-width
     * forms, the ideographic space, circled, super- and subscript, mathematical and parenthesised
     * alphanumerics), worked out once: normalising on every such character of every text was on ingest's
     * hot path.
     */
    private static final Map<Integer, Integer> PLAIN_FORMS = plainForms();

    private static Map<Integer, Integer> plainForms() {
        Map<Integer, Integer> forms = new HashMap<>();
        for (int[] range : COMPATIBILITY_RANGES) {
            for (int cp = range[0]; cp <= range[1]; cp++) {
                String normal = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
                if (normal.length() == 1) {
                    char c = normal.charAt(0);
                    if (c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || " +-.()[]".indexOf(c) >= 0) {
                        forms.put(cp, (int) c);
                    }
                }
            }
        }
        return Map.copyOf(forms);
    }

    private static boolean hasDigits(String text, int atLeast) {
        int digits = 0;
        for (int i = 0; i < text.length() && digits < atLeast; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            }
        }
        return digits >= atLeast;
    }

    private static String digits(String value) {
        StringBuilder digits = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    private String hmac(String normalised) {
        if (mac == null) {
            try {
                mac = Mac.getInstance(ALGORITHM);
                mac.init(new SecretKeySpec(key, ALGORITHM));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(ALGORITHM + " is not available", e);
            }
        }
        // doFinal resets the Mac to its keyed initial state for the next value
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(normalised.getBytes(StandardCharsets.UTF_8)));
    }
}
