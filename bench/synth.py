"""Synthetic 政府开放日 sites of any size, for benchmarks.

``write_site(folder, n)`` writes ``mkdocs.yml``, ``events/agencies.yml`` and
``n`` event files spread over twelve units, every stage represented (plans
with fuzzy periods, notices, reports, answers, cancellations), each record
valid under the ``region-2021`` preset.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

UNITS = [
    ("bench-fgw", "临沂市发展和改革委员会", "市发改委"),
    ("bench-tax", "临沂市税务局", "市税务局"),
    ("bench-edu", "临沂市教育局", "市教育局"),
    ("bench-water", "临沂市水利局", "市水利局"),
    ("bench-health", "临沂市卫生健康委员会", "市卫健委"),
    ("bench-traffic", "临沂市交通运输局", "市交通局"),
    ("bench-env", "临沂市生态环境局", "市生态环境局"),
    ("bench-city", "临沂市城市管理局", "市城管局"),
    ("bench-market", "临沂市市场监督管理局", "市市场监管局"),
    ("bench-hrss", "临沂市人力资源和社会保障局", "市人社局"),
    ("bench-civil", "临沂市民政局", "市民政局"),
    ("bench-culture", "临沂市文化和旅游局", "市文旅局"),
]
THEMES = ["走进税务 共话营商环境", "阳光政务 与民同行", "走进粮仓 体验收储之道", "守护清水 共建美丽家园",
          "政务服务一网通办", "倾听群众意见 做好民生实事", "服务先行 畅通政企民连心桥"]  # fmt: skip
STATES = ["adopted", "partly", "in_progress", "explained", "not_adopted"]


def _record(rng: random.Random, agency: str, name: str, day: date, i: int) -> str:
    stage = i % 5
    theme = rng.choice(THEMES)
    if stage == 0:
        return f"agency: {agency}\ntheme: {theme}\nstart: {day:%Y-%m}-中旬\n"
    published = day - timedelta(days=20)
    lines = [
        "# yaml-language-server: $schema=../../generator/schema/event.schema.json",
        f"agency: {agency}",
        f"title: {name}“政府开放日”活动公告",
        f"theme: {theme}",
        f"published: {published}",
        f"start: {day} 09:00",
        f"end: {day} 11:30",
        f"venue: {name}办事大厅（人民路 {i % 300 + 1} 号）",
        "capacity: 30",
        "attendees: {public: 20, media: 5, other: 5}",
        "leaders:\n  - 局长\n  - 分管副局长",
        "registration:\n  methods: [online, phone]\n  url: https://example.gov.cn/signup",
        f"  deadline: {day - timedelta(days=5)}\n  note: 报名人数超过名额时按报名先后确定。",
        "formats: [office, forum, survey]",
        "content: |\n  1. 参观办事大厅，了解“一网通办”办理流程；\n  2. 座谈交流，听取意见建议；\n  3. 填写问卷。",
        "contact:\n  name: 李某\n  phone: 0539-2251234",
        "reminders: |\n  请携带身份证，提前 15 分钟到达。活动全程免费。",
    ]
    if stage == 4 and i % 3 == 0:
        lines += [
            "status: cancelled",
            "status_note: 因工作安排调整，本次活动取消。",
            f"updated: {published + timedelta(days=3)}",
        ]
    elif stage >= 2:
        lines += [
            "report:",
            f"  published: {day + timedelta(days=2)}",
            "  attendance: 28",
            "  summary: |",
            "    本次活动邀请市民代表走进机关，实地了解政务服务流程，并就群众关心的问题座谈交流。",
            "    与会代表对近年来的工作给予肯定，并提出了意见建议。",
        ]
        if stage >= 3:
            lines += ["feedback:", f"  published: {day + timedelta(days=10)}", "  items:"]
            for k in range(4):
                lines += [
                    f"    - topic: 意见{k + 1}",
                    "      opinion: 建议延长周末服务时间，方便上班族办理业务。",
                    "      from: public",
                    f"      status: {STATES[(i + k) % 5]}",
                    "      response: 已研究办理，将于下月起试行。",
                    "      department: 办公室",
                ]
    return "\n".join(lines) + "\n"


def write_site(folder: Path, n: int, *, seed: int = 2023) -> None:
    rng = random.Random(seed)
    (folder / "events").mkdir(parents=True, exist_ok=True)
    (folder / "content").mkdir(exist_ok=True)
    (folder / "content" / "index.md").write_text("# 首页\n", "utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: 临沂市人民政府\nsite_url: https://bench.example/\ndocs_dir: content\n"
        "theme:\n  name: material\n  language: zh\n  font: false\n"
        "plugins:\n  - openday:\n      policy: region-2021\n",
        "utf-8",
    )
    registry = "".join(
        f"{agency}:\n  name: {name}\n  short: {short}\n  kind: department\n  region: 山东省/临沂市\n"
        for agency, name, short in UNITS
    )
    (folder / "events" / "agencies.yml").write_text(registry, "utf-8")
    days = [date(2023, 9, 1) + timedelta(days=d) for d in range(61)]
    for i in range(n):
        agency, name, _ = UNITS[i % len(UNITS)]
        day = days[i % len(days)]
        if i % 5 == 0:
            day = day.replace(day=11)
        year_day = day.replace(year=2015 + (i // (len(UNITS) * len(days))) % 9)
        unit_dir = folder / "events" / agency
        unit_dir.mkdir(exist_ok=True)
        text = _record(rng, agency, name, year_day, i)
        (unit_dir / f"{year_day}-e{i:05d}.yml").write_text(text, "utf-8")
