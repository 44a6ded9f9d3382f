"""Write a synthetic content folder that follows the content contract, for benchmarks.

python -m bench.generate OUT [--articles 1000] [--outlets 500] [--leaflets 10] [--chinese-every 10]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

TOPICS = ("fraud", "credit", "rights")
AUDIENCES = ("everyone", "older-people", "young-people", "rural", "small-business")
TAGS = ("phone scams", "online safety", "cards", "loans", "credit report", "complaints", "privacy", "cash")
WORDS = [
    "bank",
    "account",
    "money",
    "call",
    "phone",
    "police",
    "transfer",
    "safe",
    "card",
    "code",
    "never",
    "share",
    "report",
    "credit",
    "record",
    "loan",
    "complaint",
    "right",
    "outlet",
    "staff",
    "family",
    "friend",
    "check",
    "verify",
    "hang",
    "up",
    "message",
    "link",
    "app",
    "refund",
    "parcel",
    "fee",
    "interest",
    "return",
    "investment",
    "pension",
    "project",
    "reward",
    "recruit",
    "note",
    "watermark",
    "thread",
    "counter",
    "machine",
]
SERVICES = ("cash", "cards", "loans", "wealth", "foreign-exchange", "self-service", "publicity-desk", "education-area")
ACCESS = ("step-free", "wheelchair", "hearing-loop", "low-counter", "large-print", "accessible-atm")


def sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def article_text(rng: random.Random, index: int, slugs: list[tuple[str, str]], leaflet: bool) -> str:
    topic = TOPICS[index % 3]
    date = dt.date(2024, 1, 1) + dt.timedelta(days=index % 900)
    # Recently reviewed, as a kept-up site would be: 763 stale-review warnings would be a cost of their own.
    reviewed = max(date, dt.date.today() - dt.timedelta(days=index % 300))
    audience = ", ".join(rng.sample(AUDIENCES, rng.randint(1, 2)))
    tags = ", ".join(rng.sample(TAGS, 2))
    other_topic, other_slug = slugs[(index * 7 + 3) % len(slugs)]
    paragraphs = 3 if leaflet else 8
    body = []
    for section in range(3):
        body.append(f"## Section {section + 1}: {sentence(rng, 4)[:-1]}")
        body += [" ".join(sentence(rng) for _ in range(3)) for _ in range(paragraphs // 3 + 1)]
        if section == 1:
            body.append('!!! warning "Never share your code"\n    ' + sentence(rng))
    body.append("1. " + sentence(rng, 6) + "\n2. " + sentence(rng, 6) + "\n3. " + sentence(rng, 6))
    body.append(f"Read more: [related advice]({{filename}}/articles/{other_topic}/{other_slug}.md).")
    header = [
        f"Title: Advice number {index}: {sentence(rng, 6)[:-1]}",
        f"Date: {date.isoformat()}",
        f"Topic: {topic}",
        f"Summary: {sentence(rng, 14)}",
        f"Reviewed: {reviewed.isoformat()}",
        f"Audience: {audience}",
        f"Tags: {tags}",
    ]
    if leaflet:
        header.append("Leaflet: yes")
    return "\n".join(header) + "\n\n" + "\n\n".join(body) + "\n"


def chinese_text(index: int, topic: str, slug: str) -> str:
    date = dt.date(2024, 1, 1) + dt.timedelta(days=index % 900)
    reviewed = max(date, dt.date.today() - dt.timedelta(days=index % 300))
    header = [
        f"Title: 第 {index} 条建议：接到陌生电话要先核实",
        f"Date: {date.isoformat()}",
        f"Topic: {topic}",
        "Summary: 不要把验证码告诉任何人，银行工作人员不会向您索要验证码。",
        f"Reviewed: {reviewed.isoformat()}",
        "Audience: everyone",
        "Tags: 电话诈骗, 验证码",
        "Lang: zh",
        f"Slug: {slug}",
    ]
    body = (
        "## 怎么办\n\n挂断电话，拨打银行卡背面的客服电话核实。\n\n不要点击短信里的链接，也不要转账到所谓的“安全账户”。"
    )
    return "\n".join(header) + "\n\n" + body + "\n"


def write_articles(root: Path, count: int, leaflets: int, rng: random.Random, chinese_every: int = 0) -> None:
    slugs = [(TOPICS[i % 3], f"advice-{i:04d}") for i in range(count)]
    for index, (topic, slug) in enumerate(slugs):
        folder = root / "articles" / topic
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{slug}.md").write_text(article_text(rng, index, slugs, index < leaflets), encoding="utf-8")
        if chinese_every and index % chinese_every == 0:  # a Chinese site too: /zh/ and /zh/outlets/ are built
            (folder / f"{slug}.zh.md").write_text(chinese_text(index, topic, slug), encoding="utf-8")
    pages = root / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for name in ("about", "privacy", "accessibility"):
        (pages / f"{name}.md").write_text(
            f"Title: {name.title()}\nSummary: {sentence(rng, 8)}\n\n{sentence(rng, 30)}\n", encoding="utf-8"
        )


# The 31 provincial-level divisions: (English, Chinese, latitude and longitude of the capital, capital in
# English and Chinese, weight: roughly how many outlets a national bank has there). Municipalities have one
# city, the province itself.
PROVINCES = (
    ("Beijing", "北京", 39.90, 116.41, "Beijing", "北京", 9, True),
    ("Shanghai", "上海", 31.23, 121.47, "Shanghai", "上海", 10, True),
    ("Tianjin", "天津", 39.13, 117.20, "Tianjin", "天津", 4, True),
    ("Chongqing", "重庆", 29.56, 106.55, "Chongqing", "重庆", 6, True),
    ("Hebei", "河北", 38.04, 114.51, "Shijiazhuang", "石家庄", 6, False),
    ("Shanxi", "山西", 37.87, 112.55, "Taiyuan", "太原", 3, False),
    ("Inner Mongolia", "内蒙古", 40.84, 111.75, "Hohhot", "呼和浩特", 2, False),
    ("Liaoning", "辽宁", 41.80, 123.43, "Shenyang", "沈阳", 4, False),
    ("Jilin", "吉林", 43.82, 125.32, "Changchun", "长春", 2, False),
    ("Heilongjiang", "黑龙江", 45.80, 126.53, "Harbin", "哈尔滨", 3, False),
    ("Jiangsu", "江苏", 32.06, 118.80, "Nanjing", "南京", 9, False),
    ("Zhejiang", "浙江", 30.27, 120.15, "Hangzhou", "杭州", 8, False),
    ("Anhui", "安徽", 31.82, 117.23, "Hefei", "合肥", 5, False),
    ("Fujian", "福建", 26.07, 119.30, "Fuzhou", "福州", 4, False),
    ("Jiangxi", "江西", 28.68, 115.86, "Nanchang", "南昌", 3, False),
    ("Shandong", "山东", 36.65, 117.12, "Jinan", "济南", 9, False),
    ("Henan", "河南", 34.75, 113.63, "Zhengzhou", "郑州", 7, False),
    ("Hubei", "湖北", 30.59, 114.31, "Wuhan", "武汉", 5, False),
    ("Hunan", "湖南", 28.23, 112.94, "Changsha", "长沙", 5, False),
    ("Guangdong", "广东", 23.13, 113.26, "Guangzhou", "广州", 12, False),
    ("Guangxi", "广西", 22.82, 108.37, "Nanning", "南宁", 3, False),
    ("Hainan", "海南", 20.04, 110.20, "Haikou", "海口", 1, False),
    ("Sichuan", "四川", 30.57, 104.07, "Chengdu", "成都", 7, False),
    ("Guizhou", "贵州", 26.65, 106.63, "Guiyang", "贵阳", 2, False),
    ("Yunnan", "云南", 25.04, 102.71, "Kunming", "昆明", 3, False),
    ("Tibet", "西藏", 29.65, 91.17, "Lhasa", "拉萨", 1, False),
    ("Shaanxi", "陕西", 34.34, 108.94, "Xi'an", "西安", 4, False),
    ("Gansu", "甘肃", 36.06, 103.83, "Lanzhou", "兰州", 2, False),
    ("Qinghai", "青海", 36.62, 101.78, "Xining", "西宁", 1, False),
    ("Ningxia", "宁夏", 38.49, 106.23, "Yinchuan", "银川", 1, False),
    ("Xinjiang", "新疆", 43.83, 87.62, "Urumqi", "乌鲁木齐", 2, False),
)
# Syllables for the names of other cities, districts and streets: (Chinese, pinyin).
SYLLABLES = (
    ("东", "dong"),
    ("西", "xi"),
    ("南", "nan"),
    ("北", "bei"),
    ("安", "an"),
    ("平", "ping"),
    ("阳", "yang"),
    ("山", "shan"),
    ("江", "jiang"),
    ("河", "he"),
    ("宁", "ning"),
    ("昌", "chang"),
    ("兴", "xing"),
    ("华", "hua"),
    ("清", "qing"),
    ("德", "de"),
    ("泉", "quan"),
    ("林", "lin"),
    ("海", "hai"),
    ("新", "xin"),
    ("丰", "feng"),
    ("永", "yong"),
    ("长", "chang"),
    ("建", "jian"),
    ("龙", "long"),
    ("凤", "feng"),
    ("金", "jin"),
    ("石", "shi"),
    ("云", "yun"),
    ("台", "tai"),
    ("桥", "qiao"),
    ("湖", "hu"),
    ("明", "ming"),
    ("和", "he"),
    ("光", "guang"),
)
DISTRICT_KINDS = (("区", "District"), ("县", "County"))
STREET_KINDS = (("路", "Road"), ("街", "Street"), ("大道", "Avenue"))
BRANCH_KINDS = (
    ("支行", "Branch"),
    ("分理处", "Sub-branch"),
    ("社区网点", "Community Outlet"),
    ("自助银行", "Self-service Bank"),
)
HOURS = (
    "Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00; Su off; PH off",
    "Mo-Fr 09:00-17:00; Sa-Su 10:00-16:00; PH off",
    "Mo-Su 09:00-17:00; PH 10:00-15:00",
    "Mo-Fr 08:30-12:00,13:00-17:30; Sa off; Su off",
    "Mo-Sa 09:00-12:00,14:00-17:00",
    "24/7",
)
NOTES = (
    ("Consumer-protection desk beside the main entrance.", "消费者权益保护服务台在正门旁边。"),
    (
        "Financial-education talks for older customers every Wednesday at 10:00.",
        "每周三上午 10:00 为老年客户举办金融知识讲座。",
    ),
    ("Parking behind the building.", "停车场在大楼后面。"),
)


def place_name(rng: random.Random, kinds: tuple[tuple[str, str], ...] = ()) -> tuple[str, str]:
    """A made-up place name in English and Chinese from two syllables ("Dongyang", "东阳"), with a kind word."""
    first, second = rng.sample(SYLLABLES, 2)
    chinese, english = first[0] + second[0], (first[1] + second[1]).capitalize()
    if kinds:
        kind = rng.choice(kinds)
        return f"{english} {kind[1]}", chinese + kind[0]
    return english, chinese


@dataclass
class Place:
    english: str
    chinese: str
    latitude: float
    longitude: float
    districts: list[tuple[str, str]]
    weight: float


def national_places(rng: random.Random) -> list[tuple[tuple[str, str], Place]]:
    """((province English, Chinese), city) for about 270 cities in the 31 provinces; bigger cities weigh more."""
    places = []
    for english, chinese, lat, lon, capital, capital_zh, weight, municipality in PROVINCES:
        cities = [(capital, capital_zh, lat, lon)]
        if not municipality:
            for _ in range(rng.randint(5, 12)):
                city, city_zh = place_name(rng)
                cities.append((city, city_zh, lat + rng.uniform(-2.0, 2.0), lon + rng.uniform(-2.5, 2.5)))
        seen: set[str] = set()
        for rank, (city, city_zh, city_lat, city_lon) in enumerate(cities):
            if city in seen:
                continue
            seen.add(city)
            district_count = rng.randint(12, 16) if municipality else rng.randint(3, 8)
            districts = list(dict.fromkeys(place_name(rng, DISTRICT_KINDS) for _ in range(district_count)))
            # The capital (or municipality) has most outlets; other cities fewer, in a long tail.
            share = weight * (
                1.0 if municipality else 0.45 if rank == 0 else 0.55 / len(cities) * rng.uniform(0.5, 1.5)
            )
            places.append(((english, chinese), Place(city, city_zh, city_lat, city_lon, districts, share)))
    return places


def outlet_rows(count: int, rng: random.Random, busiest_share: float = 0.0) -> list[dict[str, str]]:
    """`count` outlets across China with every column of outlets.csv in use, English with Chinese beside it.

    busiest_share: the share of all outlets put in Shanghai (half of them in one district), to make a city and
    a district bigger than one area page carries; 0 keeps the national spread."""
    places = national_places(rng)
    weights = [place.weight for _province, place in places]
    shanghai = next(index for index, (province, _place) in enumerate(places) if province[0] == "Shanghai")
    rows = []
    for index in range(count):
        crowded = rng.random() < busiest_share
        (province, province_zh), place = places[shanghai] if crowded else rng.choices(places, weights)[0]
        district, district_zh = place.districts[0] if crowded and rng.random() < 0.5 else rng.choice(place.districts)
        street, street_zh = place_name(rng, STREET_KINDS)
        kind_zh, kind = rng.choice(BRANCH_KINDS)
        number = rng.randint(1, 999)
        positioned = index % 50 != 49  # a few outlets have no map position
        note, note_zh = rng.choice(NOTES) if index % 7 == 0 else ("", "")
        rows.append(
            {
                "id": f"o{index:05d}",
                "name": f"{street.split()[0]} {kind} {index}",
                "province": province,
                "city": place.english,
                "district": district,
                "address": f"{number} {street}",
                "postcode": f"{rng.randint(100000, 859999)}",
                "phone": f"0{rng.randint(10, 999)}-{rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                "latitude": f"{place.latitude + rng.gauss(0, 0.08):.6f}" if positioned else "",
                "longitude": f"{place.longitude + rng.gauss(0, 0.08):.6f}" if positioned else "",
                "opening_hours": rng.choice(HOURS),
                "services": ";".join(rng.sample(SERVICES, rng.randint(2, 5))),
                "accessibility": ";".join(rng.sample(ACCESS, rng.randint(0, 3))),
                "notes": note,
                "name_zh": f"{street_zh}{kind_zh}{index}",
                "province_zh": province_zh,
                "city_zh": place.chinese,
                "district_zh": district_zh,
                "address_zh": f"{street_zh}{number}号",
                "notes_zh": note_zh,
            }
        )
    return rows


def write_outlets(root: Path, count: int, rng: random.Random, busiest_share: float = 0.0) -> None:
    if count <= 0:
        return
    rows = outlet_rows(count, rng, busiest_share)
    with (root / "outlets.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def generate(
    out: Path,
    articles: int = 1000,
    outlets: int = 500,
    leaflets: int = 10,
    seed: int = 15,
    busiest_share: float = 0.0,
    chinese_every: int = 0,
) -> Path:
    """chinese_every: every n-th article also in Chinese (0: none, the site is English only)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    write_articles(out, articles, leaflets, rng, chinese_every)
    write_outlets(out, outlets, rng, busiest_share)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--outlets", type=int, default=500)
    parser.add_argument("--leaflets", type=int, default=10)
    parser.add_argument("--chinese-every", type=int, default=0, help="every n-th article also in Chinese")
    args = parser.parse_args()
    generate(args.out, args.articles, args.outlets, args.leaflets, chinese_every=args.chinese_every)


if __name__ == "__main__":
    main()
