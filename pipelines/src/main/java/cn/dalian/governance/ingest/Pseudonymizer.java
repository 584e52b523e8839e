package cn.dalian.governance.ingest;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
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

    /** 18-character resident ID: 17 digits and a digit or X, not inside a longer run of digits. */
    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])");
    /** Mainland mobile number, optionally with +86/86 and separators. */
    private static final Pattern MOBILE = Pattern.compile("(?<![0-9])(?:\\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])");
    /** Landline with area code: 0411-8xxxxxxx, (0411)xxxxxxxx, 041187654321. */
    private static final Pattern LANDLINE = Pattern.compile("(?<![0-9])(?:\\(0[0-9]{2,3}\\)|0[0-9]{2,3})[- ]?[0-9]{7,8}(?![0-9])");

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
        if (names.isEmpty()) {
            return mask(text);
        }
        List<String> longestFirst = names.stream().filter(Objects::nonNull).map(String::strip).filter(name -> !name.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        String masked = text;
        for (String name : longestFirst) {
            masked = masked.replace(name, "[姓名]");
        }
        return mask(masked);
    }

    /** Free text with ID, mobile and landline numbers replaced by labels. */
    public static String mask(String text) {
        if (!hasDigits(text, 7)) {
            return text; // every number masked has at least 7 digits
        }
        String masked = ID_NUMBER.matcher(text).replaceAll("[身份证号]");
        masked = MOBILE.matcher(masked).replaceAll("[手机号]");
        return LANDLINE.matcher(masked).replaceAll("[电话]");
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
