package cn.dalian.governance.simulator;

import cn.dalian.governance.avro.MatterGroup;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Free-text descriptions per matter group; some carry a phone or ID number, as real reports do. */
final class Texts {
    private static final Map<MatterGroup, String[]> PHRASES = new EnumMap<>(MatterGroup.class);

    static {
        PHRASES.put(MatterGroup.DISPUTE, new String[] {
            "楼上楼下因漏水问题发生争执，双方情绪激动，请求调解", "邻里因占用公共走廊堆放杂物发生纠纷",
            "业主与物业公司因收费问题产生矛盾", "务工人员反映被拖欠工资三个月", "家庭成员因赡养老人问题发生争吵"});
        PHRASES.put(MatterGroup.SAFETY_HAZARD, new String[] {
            "楼道内电动车充电，存在火灾隐患", "小区消防通道被车辆长期占用", "老旧楼房外墙瓷砖脱落，威胁行人安全",
            "沿街商铺违规使用液化气罐", "井盖破损缺失，夜间存在安全隐患"});
        PHRASES.put(MatterGroup.PUBLIC_ORDER, new String[] {
            "夜间有人聚集饮酒喧哗，影响居民休息", "小区内发现可疑人员多次徘徊", "出租屋人员频繁变动，疑似群租",
            "有人在小区门口散发不明传单", "广场舞音响音量过大扰民"});
        PHRASES.put(MatterGroup.SANITATION_CITYSCAPE, new String[] {
            "垃圾桶满溢未及时清运，异味严重", "路边占道经营，影响通行", "小区绿地被私自开垦种菜",
            "建筑垃圾随意倾倒在空地", "沿街牌匾破损存在坠落风险"});
        PHRASES.put(MatterGroup.LIVELIHOOD_VULNERABLE, new String[] {
            "独居老人多日未出门，邻居担心其身体状况", "低保户反映救助金未按时发放", "残疾人申请无障碍设施改造",
            "留守儿童放学后无人看护", "困难家庭冬季取暖存在困难"});
        PHRASES.put(MatterGroup.PUBLIC_FACILITIES, new String[] {
            "路灯损坏，夜间照明不足", "小区供暖温度不达标", "自来水管道破裂，居民停水",
            "公交站亭破损需维修", "健身器材损坏存在安全隐患"});
        PHRASES.put(MatterGroup.EMERGENCY, new String[] {
            "暴雨导致地下室进水", "居民楼突发燃气泄漏气味", "路面塌陷，已设置临时围挡",
            "强风导致广告牌松动", "山体落石阻断道路"});
        PHRASES.put(MatterGroup.PETITION_SIGNAL, new String[] {
            "多名业主计划集体到区政府反映房产证办理问题", "部分务工人员聚集讨要工资", "拆迁户对补偿标准不满，酝酿集体上访",
            "多名投资人反映理财平台无法兑付", "部分居民联名反对基站建设"});
    }

    private Texts() {}

    /**
     * A description; {@code party} is the name of a person the text names (a party or the caller), or
     * null; {@code contact} is the phone or ID the reporter left in the text, or null. Both are PII that
     * ingest must mask.
     */
    static String describe(SplittableRandom random, MatterGroup group, String place, String party, String contact) {
        String[] phrases = PHRASES.get(group);
        StringBuilder text = new StringBuilder(place).append("：");
        if (party != null) {
            text.append(party).append("反映");
        }
        text.append(phrases[random.nextInt(phrases.length)]).append("。");
        if (contact != null) {
            text.append(random.nextBoolean() ? "联系电话" : "联系方式：").append(contact).append("。");
        }
        return text.toString();
    }
}
