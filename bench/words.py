"""Invented Chinese text for the benchmark corpus: names, units, honours and deeds, from a seeded RNG.

Every phrase here is made up for the benchmark. Deeds are shaped like those of real rolls: an
opening paragraph, a heading (`## …`), then paragraphs that each open with a bold lead sentence
(`**…**`), 1,200 to 1,500 characters in all, counted as the project counts them (everything but
white space, headings and bold text included, Markdown marks left out).
"""

from __future__ import annotations

import random

DEEDS_CHARS = (1200, 1500)  # the project warns above 1,500
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = "建国志强海涛丽娟晓燕春梅秀兰文华明辉德胜俊杰红霞玉凤永刚桂芳雪松立新宏伟晨阳思远嘉怡子涵雨桐浩然欣悦"
DISTRICTS = ("东城区", "西城区", "南湖区", "北山区", "江口区", "高新区", "经开区", "临港区", "云溪县", "石桥县")
COMPANIES = ("供水有限公司", "燃气有限公司", "热力有限公司", "排水有限公司", "公交集团", "环卫中心",
             "电力服务公司", "水务工程公司", "市政养护公司", "城市照明所")
DEPARTMENTS = ("第一营业所", "第二营业所", "调度中心", "客户服务中心", "抢修队", "检测站", "运行部", "维修车间",
               "计量所", "安全监察科", "综合办公室", "管网所", "一号泵站", "南郊水厂", "加压站", "储配站",
               "巡检班", "物资科", "信息中心", "工程部")
TEAMS = ("运行班", "抢修班", "青年突击队", "巡检组", "服务班", "技术攻关组")
POSITIONS = ("班组长", "技术员", "高级工程师", "客服专员", "抢修队长", "巡线工", "调度员", "站长", "副经理",
             "驾驶员", "计量检定员", "焊工", "电工", "化验员", "安全员")
ISSUERS = ("全国总工会", "省总工会", "云州市人民政府", "云州市总工会", "市国资委", "集团公司", "省住建厅",
           "共青团云州市委", "市妇联", "行业协会")
TITLES = ("劳动模范", "先进工作者", "优秀共产党员", "五一劳动奖章", "技术能手", "青年岗位能手", "三八红旗手",
          "安全生产先进个人", "优秀志愿者", "服务标兵", "岗位练兵第一名", "创新能手")
QUOTES = ("把小事做细，把细事做实。", "群众的满意就是我的目标。", "岗位平凡，责任不平凡。",
          "多跑一步路，少让群众等一分钟。", "手上有功夫，心里才有底。", "干就干好，做就做精。",
          "一个人走得快，一群人走得远。", "守住安全，就是守住万家灯火。")

TIMES = ("入职以来", "近五年来", "担任班组长以来", "去年冬季用气高峰期间", "在一次暴雨抢险中", "每到汛期",
         "新厂区投产前夕", "工作第三年", "调任新岗位后", "连续多个春节", "面对设备老化的难题",
         "全市管网改造工程中", "去年盛夏", "接手这项工作时", "夜班交接时", "寒潮来袭的那一周")
ACTIONS = ("主动承担了夜间巡查任务", "牵头编写了设备检修规程", "带领大家改进了计量方法",
           "坚持每天提前一小时到岗", "逐户上门核对用户信息", "反复试验新的焊接工艺", "把故障处置时间压缩了一半",
           "组织开展技能培训{n}场", "在现场连续值守了三天两夜", "摸清了辖区内每一处阀门的位置",
           "提出合理化建议{k}条", "帮助困难职工解决了实际问题", "建立了客户回访制度", "整理出厚厚三大本维修笔记",
           "把新技术推广到了各个站点", "顶着烈日排查地下管线", "为孤寡老人免费检修设施{n}次",
           "主动放弃休假留守岗位", "自学掌握了数据分析方法", "把老旧台账全部录入了系统")
RESULTS = ("赢得了群众的一致好评", "为企业节约资金{n}万元", "设备完好率始终保持在高位", "全年未发生一起安全事故",
           "客户满意度连续{k}年排名第一", "相关做法在全系统推广", "获得了国家实用新型专利", "累计服务群众{n}人次",
           "管网漏损率下降了{k}个百分点", "成为青年职工学习的榜样", "保障了周边{n}户居民正常生活",
           "受到上级部门的通报表扬", "抢修效率明显提高", "投诉量比上年减少了{k}成")
REMARKS = ("同事们说，跟着{he}干活心里踏实。", "{he}常说，岗位虽小，责任重大。", "群众送来的锦旗挂满了值班室的墙。",
           "这些成绩的背后，是无数个加班的夜晚。", "{he}把荣誉看作新的起点。", "有人问{he}累不累，{he}笑着摇摇头。",
           "在{he}的影响下，越来越多的年轻人扎根一线。", "徒弟们都把{he}的笔记当作宝贝。", "这份坚持，一干就是{k}年。")
# Bold before the full stop (`**…**。`): CommonMark ends bold text after a full stop only before a
# space or punctuation, so Hugo would show the asterisks of `**…。**他`.
LEADS = ("扎根一线，甘于奉献", "勇于创新，攻坚克难", "心系群众，服务至上", "严守规程，筑牢安全防线",
         "传帮带教，培养后备力量", "关键时刻，冲锋在前", "精益求精，提升服务品质", "廉洁自律，树立良好形象")
HEADINGS = ("主要事迹", "先进事迹", "工作业绩", "突出贡献")
CLOSING_HEADINGS = ("群众评价", "同事眼中的{name}", "不忘初心")
SHORT = ("{he}从不叫苦。", "大家都很佩服。", "这样的事还有很多。", "群众记在心里。", "{he}做到了。")


def make_name(rng: random.Random) -> str:
    """A person's name: a surname and one or two given characters."""
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def make_units(rng: random.Random, count: int) -> list[str]:
    """`count` distinct unit names (district, company, department), in a seeded order."""
    combos = [d + c + p for d in DISTRICTS for c in COMPANIES for p in DEPARTMENTS]
    rng.shuffle(combos)
    return [combos[i % len(combos)] + (f"第{i // len(combos) + 1}分部" if i >= len(combos) else "")
            for i in range(count)]


def make_honours(rng: random.Random, year: int) -> list[str]:
    """Three to six honours, each of a year up to `year`."""
    picks = rng.sample([(i, t) for i in ISSUERS for t in TITLES], rng.randint(3, 6))
    return [f"{year - rng.randint(0, 8)}年度{issuer}{title}" for issuer, title in picks]


def make_deeds(rng: random.Random, name: str, he: str) -> str:
    """Markdown deeds of 1,200 to 1,500 characters: opening, heading, paragraphs with bold leads."""
    low, high = DEEDS_CHARS
    target = rng.randint(low, high)
    blocks: list[str] = []
    paragraph: list[str] = []
    count = 0

    def add(text: str, counted: str | None = None) -> None:
        nonlocal count
        paragraph.append(text)
        count += len(counted if counted is not None else text)

    def close(heading: str | None = None) -> None:
        nonlocal count
        if paragraph:
            blocks.append("".join(paragraph))
            paragraph.clear()
        if heading:
            blocks.append(f"## {heading}")
            count += len(heading)

    length = rng.randint(2, 4)  # sentences in the opening paragraph
    leads = rng.sample(LEADS, len(LEADS))  # each lead sentence once
    closing = rng.random() < 0.5  # a second heading before the last paragraph or two
    while count < target:
        sentence = _sentence(rng, he)
        if count + len(sentence) > high:  # near the ceiling: a short sentence, or stop
            sentence = _fill(SHORT[rng.randrange(len(SHORT))], rng, he)
            if count + len(sentence) > high:
                break
        if len(paragraph) >= length:
            heading = rng.choice(HEADINGS) if not blocks else None
            if closing and target - count < 240:
                heading, closing = _fill(rng.choice(CLOSING_HEADINGS), rng, he, name), False
            if heading and count + len(heading) + len(sentence) > high:  # no room left for it
                heading = None
            close(heading)
            length = rng.randint(5, 9)
            lead = leads[len(blocks) % len(leads)]
            if count + len(lead) + 1 + len(sentence) <= high:
                add(f"**{lead}**。", lead + "。")
        add(sentence)
    close()
    return "\n\n".join(blocks) + "\n"


def _sentence(rng: random.Random, he: str) -> str:
    if rng.random() < 0.2:
        return _fill(rng.choice(REMARKS), rng, he)
    return _fill(f"{rng.choice(TIMES)}，{he}{rng.choice(ACTIONS)}，{rng.choice(RESULTS)}。", rng, he)


def _fill(template: str, rng: random.Random, he: str, name: str = "") -> str:
    return template.format(he=he, name=name, n=rng.randint(12, 3600), k=rng.randint(2, 9))
