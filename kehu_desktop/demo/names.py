"""Realistic made-up customers for the demo branch and the benchmarks (one generator for both).

Names are built like real distributors' names in east China: city + distinctive word + trade +
company form (上海康健医药有限公司, 杭州华东医药连锁有限公司, 苏州礼安大药房连锁有限公司), with the
trade and form fitting the channel. Addresses, postcodes, area codes and the division code inside
the credit code all come from the same city and district, so a record is consistent with itself.

Pure and deterministic: :class:`CustomerGenerator` draws everything from one ``random.Random``
seeded by the caller, so the same seed always gives the same customers (no set iteration, no
clock). No database and no pinyin here: the demo saves through the services, which compute the
search keys; the bench generator computes them itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from decimal import Decimal
from itertools import accumulate

from kehu_desktop.domain.identifiers import USCC_ALPHABET
from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.dto import MonthlySalesRow

__all__ = [
    "CITIES",
    "CHANNEL_WEIGHTS",
    "COMMON_WORD",
    "RARE_WORD",
    "STATUS_SHARES",
    "CustomerGenerator",
    "FakeCustomer",
    "person_name",
    "status_plan",
]


@dataclass(frozen=True)
class District:
    name: str  # 浦东新区
    division: str  # 6-digit administrative division code, characters 3-8 of the credit code
    postcode: str
    market_office: str  # code of the demo branch's market office that serves it


@dataclass(frozen=True)
class City:
    short: str  # as it starts a company name: 上海
    full: str  # as it is written in an address: 上海市 / 江苏省苏州市
    area_code: str  # landline area code with its 0
    weight: int  # how often customers are drawn from it
    districts: tuple[District, ...]
    roads: tuple[str, ...]


def _d(name: str, division: str, postcode: str, office: str) -> District:
    return District(name, division, postcode, office)


# fmt: off
# Shanghai weighs most (the demo branch is 上海分公司); Jiangsu customers go to the Jiading market
# office (west, towards Suzhou), Zhejiang ones to Songjiang (south-west).
CITIES: tuple[City, ...] = (
    City("上海", "上海市", "021", 40, (
        _d("浦东新区", "310115", "200120", "PD"), _d("闵行区", "310112", "201100", "MH"),
        _d("嘉定区", "310114", "201800", "JD"), _d("松江区", "310117", "201600", "SJ"),
        _d("黄浦区", "310101", "200001", "PD"), _d("徐汇区", "310104", "200030", "MH"),
        _d("长宁区", "310105", "200050", "MH"), _d("静安区", "310106", "200040", "JD"),
        _d("普陀区", "310107", "200333", "JD"), _d("虹口区", "310109", "200080", "PD"),
        _d("杨浦区", "310110", "200082", "PD"), _d("宝山区", "310113", "201900", "JD"),
        _d("金山区", "310116", "201500", "SJ"), _d("青浦区", "310118", "201700", "SJ"),
        _d("奉贤区", "310120", "201400", "MH"), _d("崇明区", "310151", "202150", "PD"),
    ), ("张杨路", "世纪大道", "浦东大道", "东方路", "沪闵路", "莘庄路", "曹安公路", "城中路",
        "中山北路", "淮海中路", "南京西路", "延安西路", "四平路", "共和新路", "人民北路",
        "漕宝路", "虹桥路", "西藏南路", "江场路", "嘉松北路", "荣乐东路", "外青松公路")),
    City("杭州", "浙江省杭州市", "0571", 8, (
        _d("上城区", "330102", "310002", "SJ"), _d("拱墅区", "330105", "310011", "SJ"),
        _d("西湖区", "330106", "310012", "SJ"), _d("滨江区", "330108", "310051", "SJ"),
        _d("余杭区", "330110", "311100", "SJ"),
    ), ("庆春路", "凤起路", "体育场路", "文三路", "钱江路", "江南大道", "解放东路", "莫干山路")),
    City("苏州", "江苏省苏州市", "0512", 8, (
        _d("姑苏区", "320508", "215000", "JD"), _d("吴中区", "320506", "215100", "JD"),
        _d("相城区", "320507", "215131", "JD"), _d("虎丘区", "320505", "215011", "JD"),
    ), ("干将西路", "人民路", "东环路", "苏州大道东", "长江路", "金鸡湖大道")),
    City("南京", "江苏省南京市", "025", 6, (
        _d("玄武区", "320102", "210018", "JD"), _d("秦淮区", "320104", "210001", "JD"),
        _d("建邺区", "320105", "210019", "JD"), _d("鼓楼区", "320106", "210009", "JD"),
    ), ("中山路", "北京东路", "汉中路", "江东中路", "中央路", "龙蟠中路")),
    City("宁波", "浙江省宁波市", "0574", 5, (
        _d("海曙区", "330203", "315000", "SJ"), _d("鄞州区", "330212", "315100", "SJ"),
    ), ("中山西路", "解放南路", "天童南路", "四明中路")),
    City("无锡", "江苏省无锡市", "0510", 4, (
        _d("梁溪区", "320213", "214000", "JD"), _d("新吴区", "320214", "214028", "JD"),
    ), ("人民中路", "中山路", "长江北路", "解放西路")),
    City("昆山", "江苏省昆山市", "0512", 3, (
        _d("玉山镇", "320583", "215300", "JD"),
    ), ("前进西路", "人民南路", "柏庐中路")),
    City("嘉兴", "浙江省嘉兴市", "0573", 3, (
        _d("南湖区", "330402", "314000", "SJ"),
    ), ("中山东路", "勤俭路", "纺工路")),
    City("常州", "江苏省常州市", "0519", 3, (
        _d("天宁区", "320402", "213000", "JD"), _d("新北区", "320411", "213022", "JD"),
    ), ("延陵西路", "通江中路", "和平北路")),
    City("绍兴", "浙江省绍兴市", "0575", 3, (
        _d("越城区", "330602", "312000", "SJ"),
    ), ("解放北路", "中兴中路", "人民中路")),
    City("温州", "浙江省温州市", "0577", 3, (
        _d("鹿城区", "330302", "325000", "SJ"),
    ), ("人民东路", "车站大道", "学院中路")),
    City("南通", "江苏省南通市", "0513", 3, (
        _d("崇川区", "320602", "226001", "JD"),
    ), ("工农路", "青年中路", "人民中路")),
    City("扬州", "江苏省扬州市", "0514", 2, (
        _d("广陵区", "321002", "225002", "JD"),
    ), ("文昌中路", "汶河南路")),
    City("湖州", "浙江省湖州市", "0572", 2, (
        _d("吴兴区", "330502", "313000", "SJ"),
    ), ("红旗路", "人民路")),
    City("金华", "浙江省金华市", "0579", 2, (
        _d("婺城区", "330702", "321000", "SJ"),
    ), ("八一南街", "解放西路")),
    City("义乌", "浙江省义乌市", "0579", 2, (
        _d("稠城街道", "330782", "322000", "SJ"),
    ), ("工人北路", "稠州北路")),
    City("台州", "浙江省台州市", "0576", 2, (
        _d("椒江区", "331002", "318000", "SJ"),
    ), ("市府大道", "中山西路")),
    City("徐州", "江苏省徐州市", "0516", 2, (
        _d("鼓楼区", "320302", "221005", "JD"),
    ), ("中山北路", "淮海东路")),
    City("镇江", "江苏省镇江市", "0511", 2, (
        _d("京口区", "321102", "212001", "JD"),
    ), ("中山东路", "解放路")),
)

# fmt: on

#: A distinctive word common enough that the first page of a search for it fills quickly...
COMMON_WORD = "华东"
#: ...and one that only a handful of names contain (the hard case for a substring search).
RARE_WORD = "礼安"

# Distinctive words of well-known or plausible firms, with relative weights.
# fmt: off
_WORDS: tuple[tuple[str, int], ...] = (
    (COMMON_WORD, 250), ("康健", 120), ("国大", 60), ("益丰", 60), ("老百姓", 50), ("雷允上", 40),
    ("第一", 80), ("仁和", 60), ("同仁", 60), ("九州", 60), ("海王", 50), ("恒生", 50),
    ("瑞康", 60), ("康缘", 40), ("天天", 40), ("惠民", 60), ("华润", 50), ("民生", 60),
    ("众康", 50), ("一心", 40), ("金陵", 40), ("济民", 50), ("长城", 40), ("同济", 50),
    ("永康", 50), ("和平", 50), ("安康", 60), ("泰康", 50), ("福瑞", 40), ("天一", 40),
    ("万家", 50), ("德济", 40), ("协和", 50), ("鸿翔", 40), ("爱心", 40), ("联华", 40),
    ("华氏", 30), ("余天成", 30), ("童涵春", 20), ("蔡同德", 20), ("胡庆余", 20), ("方回春", 20),
    ("亚太", 40), ("养和", 30), ("信谊", 30), ("聚仁", 30), ("德信", 40), ("百信", 40),
    ("康恩", 30), ("华康", 50), ("江南", 50), ("太湖", 40), ("钱塘", 30), ("东方", 60),
    ("新世纪", 40), ("正大", 40), ("中联", 40), ("开心人", 20), ("存德", 20), ("汇仁", 30),
    ("敬一", 20), ("万寿", 30), ("延年", 30), ("瑞丰", 40), ("国胜", 30),
    (RARE_WORD, 1),
)
_WORD_LIST = tuple(w for w, _ in _WORDS)
_WORD_WEIGHTS = tuple(n for _, n in _WORDS)
# Two-character words made of auspicious characters, for the long tail of small firms.
_FIRST_CHARS = "康华仁德泰瑞恒济民益福健宁和信永正金天海国新东中百万春生源嘉祥润安惠隆昌盛丰达兴" \
    "宏鑫协佳乐博裕通鼎元晨辰明光清"
_SECOND_CHARS = "康华仁德泰瑞恒济民益福健宁和信永正源嘉祥润安惠隆昌盛丰达兴宏鑫协佳乐博裕通鼎元晨" \
    "泉林峰宇成诚"

_THIRD_CHARS = "堂源生康林和泰春达元丰信通隆昌顺"

# (trade, company forms) that fit each channel.
_TRADES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "state_owned": (("医药", "药业", "医药物流", "药材", "医药供应链", "医药贸易", "医药供销"),
                    ("有限公司", "股份有限公司", "有限责任公司", "集团有限公司")),
    "private": (("医药", "药业", "医药科技", "医药贸易", "生物医药", "医疗器械", "药品",
                 "医药商贸", "保健品"),
                ("有限公司", "有限责任公司", "股份有限公司")),
    "pharmacy_chain": (("大药房连锁", "医药连锁", "药房连锁", "药店连锁", "大药房连锁经营"),
                       ("有限公司", "股份有限公司")),
    "large_pharmacy": (("大药房", "药房", "国药号", "医药商店", "参药店"),
                       ("有限公司", "有限责任公司")),
}

#: Channels of the demo: mostly wholesalers (state-owned or private), pharmacies the exception.
CHANNEL_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("state_owned", 40), ("private", 42), ("pharmacy_chain", 11), ("large_pharmacy", 7),
)

#: Share (per cent) of each workflow state among demo customers: most are selected.
STATUS_SHARES: tuple[tuple[str, int], ...] = (
    ("selected", 60), ("prospect", 10), ("proposed", 8), ("reviewed", 7), ("sent_back", 5),
    ("rejected", 5), ("terminated", 5),
)


_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江薛顾毛钱严戴孔汤"
)
_GIVEN = (
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建国", "建华", "志强", "海燕", "晓东",
    "文博", "浩然", "思远", "雪梅", "丽华", "国平", "振华", "红梅", "春林", "国强", "永刚",
    "卫东", "建平", "玉兰", "美玲", "德明", "伟民", "晓燕", "颖", "琳", "斌", "宏伟", "立新",
    "佳怡", "子轩", "一鸣", "嘉欣", "俊杰", "晨", "慧", "雯", "鹏",
)
# (bank, digits of its account numbers, provinces it works in; "" = everywhere).
_BANKS = (
    ("中国工商银行", 19, ""), ("中国农业银行", 19, ""), ("中国银行", 12, ""),
    ("中国建设银行", 20, ""), ("交通银行", 21, ""), ("招商银行", 16, ""),
    ("上海浦东发展银行", 16, ""), ("兴业银行", 18, ""), ("中信银行", 19, ""),
    ("中国民生银行", 16, ""), ("上海银行", 17, "上海"), ("江苏银行", 17, "江苏"),
    ("南京银行", 16, "江苏"), ("杭州银行", 16, "浙江"), ("宁波银行", 17, "浙江"),
    ("浙商银行", 19, "浙江"),
)
_MOBILE_PREFIXES = ("135", "136", "137", "138", "139", "150", "151", "158", "159", "186", "187",
                    "188", "177", "189", "199", "133", "153", "181", "130", "131", "132", "155")
_NATURES = {
    "state_owned": ("国有企业", "国有控股企业", "国有独资企业"),
    "private": ("民营企业", "有限责任公司（自然人投资或控股）", "股份制企业"),
    "pharmacy_chain": ("民营连锁企业", "股份制连锁企业"),
    "large_pharmacy": ("民营企业", "个人独资企业"),
}
_LICENCES = (
    "营业执照、药品经营许可证、GSP证书齐全有效",
    "营业执照、药品经营许可证齐全，GSP证书年内到期待换发",
    "营业执照、药品经营许可证、医疗器械经营备案凭证齐全",
)
_FLOWS = (
    "本市二级以上医院及社区卫生服务中心",
    "本市及周边县市零售药店",
    "下属连锁门店及加盟药店",
    "省内医药批发企业及基层医疗机构",
    "二级医院、民营医院及零售终端",
)
_PAYMENT_METHODS = ("现款现货", "月结30天", "月结60天", "银行承兑汇票", "转账支票", "前清后送")
_CENT = Decimal("0.01")
_REPUTATIONS = ("优秀", "良好", "良好", "一般", "偶有拖欠")


# fmt: on


def status_plan(count: int, rng: random.Random) -> list[str]:
    """``count`` workflow states in the shares of :data:`STATUS_SHARES`, shuffled; every state
    appears at least once when ``count`` allows it."""
    if count < len(STATUS_SHARES):
        plan = [status for status, _ in STATUS_SHARES[:count]]
    else:
        shares = {status: max(1, count * share // 100) for status, share in STATUS_SHARES}
        # What rounding left over (or took too much) is settled on the selected customers.
        shares["selected"] = count - sum(n for s, n in shares.items() if s != "selected")
        plan = [status for status, n in shares.items() for _ in range(n)]
    rng.shuffle(plan)
    return plan


def person_name(rng: random.Random) -> str:
    """A Chinese personal name: one-character surname and a one- or two-character given name."""
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)


def _org_code(rng: random.Random) -> str:
    """The 9-character organisation code inside a credit code (GB 11714, with its own check).

    Newer codes start with MA; older ones are 8 digits. Only characters the credit code allows
    are drawn, and the ninth is the GB 11714 check character, as on real codes.
    """
    if rng.random() < 0.6:
        body = "MA" + "".join(rng.choices(USCC_ALPHABET, k=6))
    else:
        body = f"{rng.randrange(10**8):08d}"
    values = [int(c) if c.isdigit() else ord(c) - ord("A") + 10 for c in body]
    check = 11 - sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


@dataclass(frozen=True)
class FakeCustomer:
    """One customer file, all three parts, with values as the services store them."""

    name: str
    uscc: str
    address: str
    phone: str
    postcode: str
    owner: str
    manager: str
    legal_representative: str
    founded: date
    bank: str
    bank_account: str
    channel: str
    market_office: str  # code of the demo branch's market office (PD, MH, JD, SJ)
    business_nature: str
    licences: str
    registration: str
    years_in_business: int
    annual_sales_scale: Decimal
    goods_flow: str
    total_product_sales: Decimal
    payment_method: str
    payment_reputation: str
    monthly_sales: tuple[MonthlySalesRow, ...]


class CustomerGenerator:
    """Draws unique customers (unique names and credit codes) from one seeded random stream.

    ``months`` of monthly sales data end with the month before ``today`` (0 for none: the
    benchmarks only need the basic data).
    """

    def __init__(self, seed: int, today: date, *, months: int = 6) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self._months = _months_before(today, months)
        self._names: set[str] = set()
        self._codes: set[str] = set()
        # Cumulative weights once: random.choices would add them up again on every call.
        self._city_cum = list(accumulate(c.weight for c in CITIES))
        self._channels = [c for c, _ in CHANNEL_WEIGHTS]
        self._channel_cum = list(accumulate(w for _, w in CHANNEL_WEIGHTS))
        self._word_cum = list(accumulate(_WORD_WEIGHTS))
        self._banks = {
            c.short: [(b, d) for b, d, where in _BANKS if not where or c.full.startswith(where)]
            for c in CITIES
        }

    def name(self, city: City, channel: str) -> str:
        """A company name not drawn before by this generator.

        The distinctive word is a known one alone (上海华东医药…), a known one with two more
        characters (上海华东康泰医药…), or made of two or three auspicious characters
        (上海瑞康医药…, 上海仁德堂药业…): enough names for a million unique ones, while a known
        word keeps the same share of names at every size.
        """
        rng = self.rng
        trades, forms = _TRADES[channel]
        while True:
            kind = rng.random()
            if kind < 0.4:
                word = rng.choices(_WORD_LIST, cum_weights=self._word_cum)[0]
                if kind >= 0.08:
                    word += self._composed()
            else:
                word = self._composed()
                if kind >= 0.65:
                    word += rng.choice(_THIRD_CHARS)
            name = city.short + word + rng.choice(trades) + rng.choice(forms)
            if name not in self._names:
                self._names.add(name)
                return name

    def _composed(self) -> str:
        first, second = self.rng.choice(_FIRST_CHARS), self.rng.choice(_SECOND_CHARS)
        return first + (second if second != first else "安")

    def uscc(self, district: District) -> str:
        while True:
            # 9 = registered by the market regulator, 1 = enterprise; then the division code.
            code = make_uscc("91" + district.division + self._org_code())
            if code not in self._codes:
                self._codes.add(code)
                return code

    def _org_code(self) -> str:
        return _org_code(self.rng)

    def phone(self, city: City) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        first = rng.choice("23456789")
        subscriber = first + f"{rng.randrange(10**7):07d}"
        return f"{city.area_code}-{subscriber}"

    def customer(self) -> FakeCustomer:
        rng = self.rng
        city = rng.choices(CITIES, cum_weights=self._city_cum)[0]
        district = rng.choice(city.districts)
        channel = rng.choices(self._channels, cum_weights=self._channel_cum)[0]
        name = self.name(city, channel)
        founded = date(
            rng.randint(1985, self.today.year - 2), rng.randint(1, 12), rng.randint(1, 28)
        )
        years = (
            self.today.year
            - founded.year
            - ((self.today.month, self.today.day) < (founded.month, founded.day))
        )
        bank, digits = rng.choice(self._banks[city.short])
        branch_place = (
            district.name.removesuffix("新区").removesuffix("区")
            if len(district.name) > 2
            else district.name
        )
        # Annual scale in yuan: state-owned wholesalers are the big ones.
        scale_wan = {
            "state_owned": rng.randint(3000, 80000),
            "private": rng.randint(500, 20000),
            "pharmacy_chain": rng.randint(1000, 30000),
            "large_pharmacy": rng.randint(200, 3000),
        }[channel]
        annual = Decimal(scale_wan) * 10000
        owner = person_name(rng)
        legal = owner if rng.random() < 0.6 else person_name(rng)
        return FakeCustomer(
            name=name,
            uscc=self.uscc(district),
            address=f"{city.full}{district.name}{rng.choice(city.roads)}{rng.randint(1, 1999)}号",
            phone=self.phone(city),
            postcode=district.postcode,
            owner=owner,
            manager=person_name(rng),
            legal_representative=legal,
            founded=founded,
            bank=f"{bank}{city.short}{branch_place}支行",
            bank_account=f"{rng.randrange(10**digits):0{digits}d}",
            channel=channel,
            market_office=district.market_office,
            business_nature=rng.choice(_NATURES[channel]),
            licences=rng.choice(_LICENCES),
            registration=f"{city.full}{district.name}市场监督管理局登记",
            years_in_business=max(years, 1),
            annual_sales_scale=annual,
            goods_flow=rng.choice(_FLOWS),
            total_product_sales=(annual * rng.randint(2, 15) / 100).quantize(_CENT),
            payment_method=rng.choice(_PAYMENT_METHODS),
            payment_reputation=rng.choice(_REPUTATIONS),
            monthly_sales=self._monthly(annual),
        )

    def _monthly(self, annual: Decimal) -> tuple[MonthlySalesRow, ...]:
        rng = self.rng
        months = []
        for month in self._months:
            # What this customer buys from us: a few per cent of its turnover, monthly.
            amount = (annual * rng.randint(5, 40) / 12000).quantize(_CENT)
            volume = int(amount / rng.randint(20, 90)) + 1
            months.append(MonthlySalesRow(month, volume, amount, rng.randint(0, volume)))
        return tuple(months)


def _months_before(today: date, count: int) -> tuple[date, ...]:
    """The first days of the ``count`` months before the month of ``today``, oldest first."""
    months = [today.replace(day=1)]
    for _ in range(count):
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    return tuple(reversed(months[1:]))
