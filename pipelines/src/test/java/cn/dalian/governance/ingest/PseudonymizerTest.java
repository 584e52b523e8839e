package cn.dalian.governance.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {
    private static final Pseudonymizer KEY_A = new Pseudonymizer("key-a-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final Pseudonymizer KEY_B = new Pseudonymizer("key-b-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    @Test
    void samePersonGetsTheSamePseudonymWhateverTheFormatting() {
        assertEquals(KEY_A.phone("139 1234 5678"), KEY_A.phone("+86-13912345678"));
        assertEquals(KEY_A.name("王 伟"), KEY_A.name("王伟"));
        assertEquals(KEY_A.idNumber("21020219800101123x"), KEY_A.idNumber("21020219800101123X"));
        assertEquals(43, KEY_A.phone("13912345678").length());
    }

    @Test
    void pseudonymsAreTheHmacSha256OfTheKindAndNormalisedValueWhateverTheCallOrder() {
        // HMAC-SHA256(key, "phone:13912345678") etc., base64url without padding: the values every earlier version produced
        for (int round = 0; round < 2; round++) {
            assertEquals("SO2ehds5ueeP5OeKehIt2batCum05XR9LdA0675yvN0", KEY_A.phone("+86 139-1234-5678"));
            assertEquals("SxPYYC7sJx01w_UvstI5EmPEGnxkGyGhDqoZeWaMoeA", KEY_A.name(" 王 伟"));
            assertEquals("MToZzW86SIDbwTZQkejhSlWo0a64dcUDX57190Bq328", KEY_A.idNumber("21020219800101123x "));
        }
    }

    @Test
    void pseudonymsDependOnTheKeyAndTheKindOfValue() {
        assertNotEquals(KEY_A.phone("13912345678"), KEY_B.phone("13912345678"));
        assertNotEquals(KEY_A.phone("13912345678"), KEY_A.name("13912345678"));
    }

    @Test
    void masksPhoneAndIdNumbersInFreeText() {
        assertEquals("联系电话[手机号]，座机[电话]，身份证[身份证号]。",
                Pseudonymizer.mask("联系电话13912345678，座机0411-82345678，身份证21020219800101123X。"));
        assertEquals("电话：[手机号]", Pseudonymizer.mask("电话：+86 139-1234-5678"));
        assertEquals("工单 20261001000123456789 第3栋", Pseudonymizer.mask("工单 20261001000123456789 第3栋"), "longer digit runs are no phone");
    }

    @Test
    void masksNumbersWhateverDigitsPrefixesSeparatorsAndBracketsTheyAreWrittenIn() {
        List<String> mobiles = new java.util.ArrayList<>();
        for (String prefix : List.of("", "+86", "+86 ", "0086", "0086-", "86", "86 ")) {
            for (String sep : List.of("", " ", "-", ".", "—", "–", " - ")) {
                mobiles.add(prefix + "139" + sep + "1234" + sep + "5678");
            }
        }
        List<String> landlines = List.of("0411-82345678", "(0411)82345678", "（0411）82345678", "【0411】8234 5678", "〔0411〕8234-5678",
                "[0411] 82345678", "041182345678", "0411.8234.5678");
        List<String> ids = List.of("21020219800101123X", "21020219800101123x", "21020219800101123Ｘ", "210202198001011234", "210202800101123");
        for (List<String> kind : List.of(mobiles, landlines, ids)) {
            for (String number : kind) {
                for (String written : List.of(number, fullWidth(number), arabicIndic(number))) {
                    String masked = Pseudonymizer.mask("联系：" + written + "，谢谢");
                    assertEquals(false, java.util.regex.Pattern.compile("[0-9]{3}").matcher(masked).find(), written + " -> " + masked);
                    assertEquals(true, masked.startsWith("联系：[") && masked.endsWith("]，谢谢"), written + " -> " + masked);
                }
            }
        }
        assertEquals("联系：[姓名]，编号AB", Pseudonymizer.mask("联系：王伟，编号ＡＢ", List.of("王伟")),
                "Chinese punctuation stays as written; full-width letters become plain ones");
    }

    @Test
    void masksTheRecordsOwnPhoneAndIdValuesWhereverTheyAppear() {
        assertEquals("[姓名]的号码[号码]，另有证件[号码]号", Pseudonymizer.mask("王伟的号码5551234，另有证件ＡＢ１２３４５号",
                List.of("王伟"), java.util.Arrays.asList("5551234", "AB12345", null, "12")));
    }

    private static String fullWidth(String text) {
        StringBuilder wide = new StringBuilder();
        text.chars().forEach(c -> wide.append(c > 0x20 && c < 0x7F ? (char) (c + 0xFEE0) : c == ' ' ? '\u3000' : (char) c));
        return wide.toString();
    }

    private static String arabicIndic(String text) {
        StringBuilder other = new StringBuilder();
        text.chars().forEach(c -> other.append(c >= '0' && c <= '9' ? (char) (0x0660 + c - '0') : (char) c));
        return other.toString();
    }

    @Test
    void masksTheRecordsOwnNamesInFreeTextLongestFirst() {
        assertEquals("春泉社区：[姓名]反映与[姓名]邻里纠纷，联系电话[手机号]。",
                Pseudonymizer.mask("春泉社区：王伟反映与欧阳明月邻里纠纷，联系电话13912345678。", List.of("王伟", " 欧阳明月 ", "")));
        assertEquals("[姓名]反映", Pseudonymizer.mask("欧阳明月反映", List.of("欧阳", "欧阳明月")), "no half-masked longer name");
    }

    @Test
    void refusesAShortKey() {
        assertThrows(IllegalArgumentException.class, () -> new Pseudonymizer(new byte[8]));
    }
}
