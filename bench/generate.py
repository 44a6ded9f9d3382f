"""Write a synthetic content folder that follows the content contract, for benchmarks.

python -m bench.generate OUT [--articles 1000] [--outlets 500] [--leaflets 10]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
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
CITIES = (
    ("Beijing", ("Dongcheng", "Xicheng", "Chaoyang", "Haidian")),
    ("上海", ("黄浦", "徐汇", "浦东")),
    ("Hangzhou", ("Xihu", "Shangcheng")),
    ("成都", ("锦江", "武侯", "青羊")),
)
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


def write_articles(root: Path, count: int, leaflets: int, rng: random.Random) -> None:
    slugs = [(TOPICS[i % 3], f"advice-{i:04d}") for i in range(count)]
    for index, (topic, slug) in enumerate(slugs):
        folder = root / "articles" / topic
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{slug}.md").write_text(article_text(rng, index, slugs, index < leaflets), encoding="utf-8")
    pages = root / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for name in ("about", "privacy", "accessibility"):
        (pages / f"{name}.md").write_text(
            f"Title: {name.title()}\nSummary: {sentence(rng, 8)}\n\n{sentence(rng, 30)}\n", encoding="utf-8"
        )


def outlet_rows(count: int, rng: random.Random) -> list[dict[str, str]]:
    rows = []
    for index in range(count):
        city, districts = CITIES[index % len(CITIES)]
        district = districts[index % len(districts)]
        lunch = index % 3 == 0
        weekday = "Mo-Fr 09:00-12:00,13:30-17:00" if lunch else "Mo-Fr 09:00-17:00"
        rows.append(
            {
                "id": f"outlet-{index:04d}",
                "name": f"{city} {district} Branch {index}",
                "city": city,
                "district": district,
                "address": f"{index + 1} {rng.choice(WORDS).title()} Road, {district}",
                "postcode": f"{100000 + index}",
                "phone": f"010-{60000000 + index}",
                "latitude": "" if index % 50 == 49 else f"{30 + rng.random() * 10:.5f}",
                "longitude": "" if index % 50 == 49 else f"{110 + rng.random() * 10:.5f}",
                "opening_hours": f"{weekday}; Sa 09:00-12:00; Su off; PH off",
                "services": ";".join(rng.sample(SERVICES, 3)),
                "accessibility": ";".join(rng.sample(ACCESS, 2)),
                "notes": "",
            }
        )
    return rows


def write_outlets(root: Path, count: int, rng: random.Random) -> None:
    if count <= 0:
        return
    rows = outlet_rows(count, rng)
    with (root / "outlets.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def generate(out: Path, articles: int = 1000, outlets: int = 500, leaflets: int = 10, seed: int = 15) -> Path:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    write_articles(out, articles, leaflets, rng)
    write_outlets(out, outlets, rng)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--outlets", type=int, default=500)
    parser.add_argument("--leaflets", type=int, default=10)
    args = parser.parse_args()
    generate(args.out, args.articles, args.outlets, args.leaflets)


if __name__ == "__main__":
    main()
