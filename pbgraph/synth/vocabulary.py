"""Place data and the words a synthetic name is made of: Jinan's districts with their division
codes, weights and centres (:data:`JINAN`; the province's other cities are in
:mod:`.province`), place-name syllables, trade words, industries, buildings' kinds, surnames
and given names, and the member units of the joint-meeting platforms."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Jinan's districts and counties with their division codes (GB/T 2260).
DISTRICTS: tuple[tuple[str, str], ...] = (
    ("历下区", "370102"),
    ("市中区", "370103"),
    ("槐荫区", "370104"),
    ("天桥区", "370105"),
    ("历城区", "370112"),
    ("长清区", "370113"),
    ("章丘区", "370114"),
    ("济阳区", "370115"),
    ("莱芜区", "370116"),
    ("钢城区", "370117"),
    ("平阴县", "370124"),
    ("商河县", "370126"),
)
# Relative size of each district (central districts are denser).
DISTRICT_WEIGHT = (16, 13, 10, 10, 15, 5, 8, 4, 7, 2, 3, 3)
CENTER = {  # rough centre (lat, lon) of each district
    "历下区": (36.67, 117.08), "市中区": (36.63, 116.99), "槐荫区": (36.66, 116.93),
    "天桥区": (36.70, 116.99), "历城区": (36.69, 117.15), "长清区": (36.55, 116.75),
    "章丘区": (36.71, 117.53), "济阳区": (36.98, 117.18), "莱芜区": (36.21, 117.66),
    "钢城区": (36.06, 117.81), "平阴县": (36.29, 116.45), "商河县": (37.31, 117.16),
}  # fmt: skip


@dataclass(frozen=True)
class Place:
    """A prefecture-level city as the generator draws it: its name and division code, its
    districts and counties (name, code) with their relative sizes and rough centres, and
    what makes its records its own in a province (``ids``: the city's code in every id the
    generator makes, ``in_province``: names qualified by the city where cities share them,
    and a 所属城市 column in the tidy ledgers); :data:`JINAN` draws the city as before."""

    name: str
    code: str
    districts: tuple[tuple[str, str], ...]
    weights: tuple[float, ...]
    centers: dict[str, tuple[float, float]] = field(hash=False)
    in_province: bool = False

    @property
    def short(self) -> str:
        """The name without 市 (济南), as firms' names begin."""
        return self.name.removesuffix("市")

    @property
    def ids(self) -> str:
        """What ids carry after their kind's letters: the city's code in a province."""
        return self.code if self.in_province else ""


#: the one-city generator's city (``pbgraph generate --orgs N``)
JINAN = Place("济南市", "370100", DISTRICTS, DISTRICT_WEIGHT, CENTER)

SYL = (
    "泉华明湖舜耕文化千佛山燕趾龙洞姚家智远东关大明解放甸柳羊头峪七里山王官庄杨家泺源"
    "趵突大观五里沟道德振兴匡山段店营市西张庄兴福北园药山工人新村堤口宝华桃园白马"
    "鲍山彩石唐冶港沟遥墙华山郭店董家仲宫柳埠崮云湖文昌平安归德孝里马山万德明水"
    "双山圣井埠村官庄绣惠刁镇龙山白云湖黄河济北崔寨仁风汶源鹏泉口镇方下雪野大王"
    "艾山颜庄里辛锦阳榆山玫瑰东阿孔村孝直洪范许商玉皇庙殷巷贾庄怀仁龙桑寺"
)
TRADE = (
    "恒泰", "鲁信", "齐鲁", "泉城", "华盛", "中远", "金桥", "鼎力", "瑞丰", "众诚", "天成",
    "宏达", "海岱", "银座", "嘉华", "盛世", "博远", "正泰", "永盛", "新元", "鸿运", "卓越",
    "安泰", "丰源", "华信", "明德", "汇通", "聚力", "三和", "东方", "创新", "启航", "长青",
    "宏图", "祥瑞", "方正", "力源", "润泽", "鑫源", "睿智", "新锐", "金泉", "大舜", "舜和",
)  # fmt: skip
INDUSTRIES: tuple[tuple[str, str, float], ...] = (
    # industry, name word, weight
    ("批发和零售业", "商贸", 24),
    ("租赁和商务服务业", "商务咨询", 14),
    ("信息传输、软件和信息技术服务业", "信息技术", 10),
    ("制造业", "机械制造", 10),
    ("建筑业", "建设工程", 8),
    ("住宿和餐饮业", "餐饮管理", 8),
    ("科学研究和技术服务业", "科技", 7),
    ("居民服务、修理和其他服务业", "家政服务", 6),
    ("交通运输、仓储和邮政业", "物流", 5),
    ("房地产业", "物业管理", 4),
    ("金融业", "投资管理", 2),
    ("文化、体育和娱乐业", "文化传媒", 2),
)
SOCIAL: tuple[tuple[str, str], ...] = (
    ("社会服务", "社会工作服务中心"),
    ("教育", "培训学校"),
    ("行业协会商会", "商会"),
    ("卫生", "康复中心"),
    ("文化", "文化促进会"),
)
BUILDING_KINDS = (
    ("楼宇", "大厦", 55),
    ("商圈", "商圈", 12),
    ("园区", "产业园", 13),
    ("市场", "市场", 20),
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志海波宁鹏飞晓东雪梅"
CITY_UNITS = (
    "市委组织部", "市民政局", "市市场监管局", "市工商联", "市人力资源社会保障局", "市税务局",
    "市国资委", "市总工会", "团市委", "市妇联", "市科技局", "市商务局", "市住房城乡建设局",
    "市交通运输局", "市文化和旅游局", "市卫生健康委", "市教育局", "市金融监管局",
    "济南城市建设集团", "济南城市投资集团", "济南产业发展投资集团",
)  # fmt: skip
DISTRICT_UNITS = (
    "组织部",
    "民政局",
    "市场监管局",
    "工商联",
    "人社局",
    "税务局",
    "总工会",
    "商务局",
)
