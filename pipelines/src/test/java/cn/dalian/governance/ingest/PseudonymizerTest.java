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
