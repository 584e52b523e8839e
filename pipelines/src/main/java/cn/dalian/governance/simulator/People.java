package cn.dalian.governance.simulator;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Fake but well-formed personal data: Chinese names, 11-digit mobile numbers, Dalian landlines and
 * 18-character resident ID numbers with a valid check character. The ingest job must never let any of
 * it reach a curated table.
 */
final class People {
    private static final String SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段";
    private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文华建国志红玉兰春梅海燕丹凤宇浩然子涵欣怡俊杰思远雨桐佳琪博文梓萱";
    private static final String MOBILE_PREFIXES = "133 135 136 137 138 139 150 151 152 155 157 158 159 177 180 181 186 187 188 189 198";
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] ID_CHECK = "10X98765432".toCharArray();
    private static final String[] DALIAN_COUNTY_CODES = {"210202", "210203", "210204", "210211", "210212", "210213", "210214", "210224", "210281", "210283"};

    private People() {}

    static String name(SplittableRandom random) {
        StringBuilder name = new StringBuilder();
        name.append(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
        int length = random.nextInt(4) == 0 ? 1 : 2;
        for (int i = 0; i < length; i++) {
            name.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        }
        return name.toString();
    }

    static String mobile(SplittableRandom random) {
        String[] prefixes = MOBILE_PREFIXES.split(" ");
        return prefixes[random.nextInt(prefixes.length)] + String.format("%08d", random.nextInt(100_000_000));
    }

    /** A Dalian landline as people write it, area code 0411 and an 8-digit number. */
    static String landline(SplittableRandom random) {
        return "0411-8" + String.format("%07d", random.nextInt(10_000_000));
    }

    static String idNumber(SplittableRandom random) {
        LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(random.nextInt(365 * 65));
        String body = DALIAN_COUNTY_CODES[random.nextInt(DALIAN_COUNTY_CODES.length)]
                + String.format("%04d%02d%02d", birth.getYear(), birth.getMonthValue(), birth.getDayOfMonth())
                + String.format("%03d", random.nextInt(1000));
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return body + ID_CHECK[sum % 11];
    }
}
