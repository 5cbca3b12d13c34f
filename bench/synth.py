"""Synthetic 政府开放日 sites of any size, for benchmarks.

``write_site(folder, n)`` writes a whole MkDocs project: ``mkdocs.yml`` (the
repository's own, with this site's name and policy), copies of the
repository's ``theme/`` and ``content/``, ``events/agencies.yml`` and ``n``
event files. The events are spread over the years 2021–2024 and over
:data:`UNITS` (city departments, county governments, streets, towns, public
institutions and enterprises, the big ones holding more events), and every
stage of an event's life is present as it stands on :data:`TODAY`: plans with
fuzzy periods (上旬, 中旬, 下旬, a whole month) or bare dates, notices still
open for registration, held events with and without a report, answers with
every feedback state, cancellations and postponements. Lengths vary from
record to record, so pages vary in weight as real ones do. With ``photos``,
every report has one photo (1920 × 1440 JPEG with GPS in its EXIF, different
bytes each); the records are otherwise the same.

Every record is valid under the ``region-2021`` preset with the season and
host kinds widened for a whole province (see :func:`mkdocs_yml`); a few held
events lack their answers, as real ones do, and are reported as warnings.
The same ``n`` and ``seed`` always give the same bytes.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import struct
from datetime import date, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

#: The day every benchmark builds and checks as (``OPENDAY_TODAY``).
TODAY = date(2024, 5, 15)
YEARS = (2021, 2022, 2023, 2024)
SEASON = ("03-01", "11-30")

#: (id, full name, short name, kind, region, weight): how many events a unit holds, relatively.
UNITS = [
    ("bench-fgw", "临沂市发展和改革委员会", "市发改委", "department", "山东省/临沂市", 5),
    ("bench-tax", "国家税务总局临沂市税务局", "市税务局", "department", "山东省/临沂市", 5),
    ("bench-edu", "临沂市教育局", "市教育局", "department", "山东省/临沂市", 5),
    ("bench-water", "临沂市水利局", "市水利局", "department", "山东省/临沂市", 3),
    ("bench-health", "临沂市卫生健康委员会", "市卫健委", "department", "山东省/临沂市", 5),
    ("bench-traffic", "临沂市交通运输局", "市交通局", "department", "山东省/临沂市", 4),
    ("bench-env", "临沂市生态环境局", "市生态环境局", "department", "山东省/临沂市", 4),
    ("bench-city", "临沂市城市管理局", "市城管局", "department", "山东省/临沂市", 4),
    ("bench-market", "临沂市市场监督管理局", "市市场监管局", "department", "山东省/临沂市", 4),
    ("bench-hrss", "临沂市人力资源和社会保障局", "市人社局", "department", "山东省/临沂市", 4),
    ("bench-civil", "临沂市民政局", "市民政局", "department", "山东省/临沂市", 3),
    ("bench-culture", "临沂市文化和旅游局", "市文旅局", "department", "山东省/临沂市", 3),
    ("bench-hpf", "临沂市住房公积金管理中心", "市公积金中心", "institution", "山东省/临沂市", 2),
    ("bench-trade", "临沂市公共资源交易中心", "市公共资源交易中心", "institution", "山东省/临沂市", 1),
    ("bench-power", "国网山东省电力公司临沂供电公司", "临沂供电公司", "enterprise", "山东省/临沂市", 2),
    ("bench-tapwater", "临沂市自来水有限公司", "市自来水公司", "enterprise", "山东省/临沂市", 1),
    ("bench-lanshan", "临沂市兰山区人民政府", "兰山区政府", "government", "山东省/临沂市/兰山区", 3),
    ("bench-yishui", "沂水县人民政府", "沂水县政府", "government", "山东省/临沂市/沂水县", 3),
    ("bench-tancheng", "郯城县人民政府", "郯城县政府", "government", "山东省/临沂市/郯城县", 2),
    ("bench-ys-edu", "沂水县教育和体育局", "沂水县教体局", "department", "山东省/临沂市/沂水县", 2),
    ("bench-ls-market", "临沂市兰山区市场监督管理局", "兰山区市场监管局", "department", "山东省/临沂市/兰山区", 2),
    ("bench-ls-street", "临沂市兰山区兰山街道办事处", "兰山街道", "street", "山东省/临沂市/兰山区", 1),
    ("bench-hd-jiuqu", "临沂市河东区九曲街道办事处", "九曲街道", "street", "山东省/临沂市/河东区", 1),
    ("bench-yn-jiehu", "沂南县界湖街道办事处", "界湖街道", "street", "山东省/临沂市/沂南县", 1),
    ("bench-tc-matou", "郯城县马头镇人民政府", "马头镇", "town", "山东省/临沂市/郯城县", 1),
    ("bench-ys-xujiahu", "沂水县许家湖镇人民政府", "许家湖镇", "town", "山东省/临沂市/沂水县", 1),
]  # fmt: skip

TOPICS = ["营商环境", "政务服务", "粮食安全", "河湖治理", "垃圾分类", "义务教育", "医疗保障",
          "养老服务", "公共交通", "生态环境", "食品安全", "就业创业", "社会救助", "文化惠民",
          "安全生产", "城市管理", "乡村振兴", "住房保障", "税费服务", "市场监管", "供水保障",
          "电力服务", "公积金服务", "招标采购", "老旧小区改造", "校园安全", "基层治理"]  # fmt: skip
PATTERNS = ["走进{a} 共话{b}", "阳光政务 聚焦{a}", "倾听群众心声 共建{a}", "{a}进行时 与民同行",
            "透明{a} 服务民生", "走进一线 感受{a}"]  # fmt: skip
STEPS = ["参观办事大厅，了解“一网通办”办理流程", "观看{a}工作宣传片", "实地查看{a}重点项目现场",
         "听取{unit}关于{a}工作情况的介绍", "体验自助终端办理{b}相关业务", "座谈交流，听取意见建议",
         "填写满意度调查问卷", "现场答疑，解答群众关心的{b}问题", "参观指挥调度中心，了解应急处置流程",
         "观摩窗口工作人员现场办理业务"]  # fmt: skip
REMINDERS = ["请携带本人身份证，提前 15 分钟到达签到。", "活动全程免费，交通自理，不安排用餐。",
             "进入生产区域须佩戴安全帽，请穿平底鞋。", "活动期间请听从工作人员安排，注意安全。",
             "如因故不能参加，请于活动前一日电话告知。"]  # fmt: skip
PARAGRAPHS = [
    "{day}，{unit}举办以“{theme}”为主题的“政府开放日”活动，邀请市民代表和媒体记者共{n}人走进一线，"
    "近距离了解{a}工作的流程和成效。",
    "参加人员先后参观了业务办理区和指挥调度中心，听取工作人员讲解{a}的办理环节和监管措施，"
    "并在工作人员指导下体验了{b}相关业务的网上办理。",
    "座谈会上，{unit}负责同志介绍了近年来{a}工作的总体情况和下一步打算，参加人员围绕{b}等方面"
    "提出意见建议，相关科室现场作了初步回应，其余意见将在规定时限内办理并公开反馈。",
    "大家表示，通过此次活动，对{a}工作有了更直观的认识，希望今后多举办此类活动，让更多群众参与进来。",
]
OPINIONS = ["建议延长周末服务时间，方便上班族办理业务。", "希望进一步简化{a}办理材料，压缩办理时限。",
            "建议在社区增设{b}自助办理终端。", "希望定期公开{a}相关信息，接受群众监督。",
            "建议加强{b}政策宣传，制作通俗易懂的明白卡。", "询问{b}相关补贴的申请条件和办理渠道。",
            "建议对老年人办理{a}业务提供帮办代办服务。"]  # fmt: skip
RESPONSES = {
    "adopted": "已研究采纳，自下月起试行，并在门户网站公布具体安排。",
    "partly": "部分采纳：{a}相关信息将按季度公开；涉及个人信息的内容依法不予公开。",
    "in_progress": "正在办理：已对相关情况开展调研，拟于年底前完成并公开进展。",
    "explained": "已作说明：该事项按上级统一规定执行，本单位将做好政策解释和服务工作。",
    "not_adopted": "暂不采纳：目前尚不具备实施条件，将持续关注并适时研究。",
}
#: Answer states, weighted as offices report them.
STATES = (
    ["adopted"] * 8 + ["partly"] * 3 + ["in_progress"] * 3 + ["explained"] * 4 + ["not_adopted"] * 2
)
PERIODS = {"上旬": 1, "中旬": 11, "下旬": 21}
NAMES = ["李某", "王女士", "张先生", "刘某", "陈女士", "赵先生"]


def _day_cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _block(lines: list[str], indent: str = "  ") -> str:
    return "|\n" + "\n".join(indent + line for line in lines)


def _season_days() -> list[date]:
    first, last = (tuple(int(p) for p in s.split("-")) for s in SEASON)
    days = []
    for year in YEARS:
        day, end = date(year, *first), date(year, *last)
        while day <= end:
            if day.weekday() < 5:
                days.append(day)
            day += timedelta(days=1)
    return days


def _plan(rng: random.Random, unit: tuple, theme: str, day: date) -> tuple[date, list[str]]:
    """A plan in the year's schedule: a fuzzy period, a whole month or a bare date."""
    lines = [f"agency: {unit[0]}", f"theme: {theme}"]
    roll = rng.random()
    if roll < 0.6:
        period = rng.choice(list(PERIODS))
        day = day.replace(day=PERIODS[period])
        lines.append(f"start: {day:%Y-%m}-{period}")
    elif roll < 0.75:
        day = day.replace(day=1)
        lines.append(f"start: {day:%Y-%m}")
    else:
        lines.append(f"start: {day}")
    if rng.random() < 0.5:
        lines.append(f"filed: {min(TODAY, day - timedelta(days=40))}")
    return day, lines


def _record(rng: random.Random, unit: tuple, day: date) -> tuple[date, str]:
    """One event file's text, and the date its file name carries."""
    agency, name, short, _kind, _region, _weight = unit
    a, b = rng.sample(TOPICS, 2)
    theme = rng.choice(PATTERNS).format(a=a, b=b)
    lead = rng.randint(15, 25)
    published = day - timedelta(days=lead)
    if published > TODAY:
        file_day, lines = _plan(rng, unit, theme, day)
        return file_day, "\n".join(lines) + "\n"
    status = None
    roll = rng.random()
    if roll < 0.03:
        status = "cancelled"
    elif roll < 0.05:
        status = "postponed"
    held = day + timedelta(days=rng.randint(7, 14)) if status == "postponed" else day
    if held.month == 12:  # a postponement may not leave the season
        held, status = day, "cancelled"
    start_hour = rng.choice([9, 9, 10, 14, 15])
    capacity = rng.choice([25, 30, 30, 40, 50, 60])
    media = rng.randint(2, 5)
    other = rng.randint(0, 5)
    public = capacity - media - other - rng.randint(0, 3)
    steps = [s.format(a=a, b=b, unit=short) for s in rng.sample(STEPS, rng.randint(3, 6))]
    if not any("座谈" in s or "问卷" in s for s in steps):
        steps.append("座谈交流，听取意见建议")
    formats = sorted(set(rng.sample(["office", "site", "meeting", "experience"], 2)) | {"forum"})
    if rng.random() < 0.6:
        formats.append("survey")
    lines = [
        "# yaml-language-server: $schema=../../generator/schema/event.schema.json",
        f"agency: {agency}",
        f"title: {name}“政府开放日”活动公告" + (f"（{a}专场）" if rng.random() < 0.3 else ""),
        f"theme: {theme}",
    ]
    if rng.random() < 0.5:
        lines.append(f"filed: {published - timedelta(days=rng.randint(3, 10))}")
    lines.append(f"published: {published}")
    if status is not None:
        updated = min(TODAY, published + timedelta(days=rng.randint(1, max(1, lead - 3))))
        note = (
            f"因工作安排调整，原定于{_day_cn(day)}举办的“{theme}”活动取消，敬请谅解。"
            if status == "cancelled"
            else f"因场地维修，原定于{_day_cn(day)}举办的活动延期至{_day_cn(held)}举行，"
            "地点不变，已报名人员名额保留，无需重新报名。"
        )
        lines += [f"status: {status}", f"status_note: {note}", f"updated: {updated}"]
        if status == "postponed":
            lines.append("revision: 1")
    lines += [
        f"start: {held} {start_hour:02d}:{rng.choice(['00', '30'])}",
        f"end: {held} {start_hour + 2:02d}:30",
        f"venue: {name}{rng.choice(['办事大厅', '会议室', '指挥调度中心', '服务中心'])}（{rng.choice(['人民路', '沂蒙路', '北京路', '通达路'])} {rng.randint(1, 300)} 号）",
        f"capacity: {capacity}",
        f"attendees: {{public: {public}, media: {media}, other: {other}}}",
        "leaders:",
        *(f"  - {short}{title}" for title in rng.sample(["党组书记、局长", "分管副局长", "办公室主任", "党组成员、副局长"], rng.randint(1, 3))),
    ]  # fmt: skip
    methods = rng.sample(["online", "phone", "onsite"], rng.randint(1, 2))
    lines += ["registration:", f"  methods: [{', '.join(methods)}]"]
    if "online" in methods:
        lines.append(f"  url: https://www.linyi.gov.cn/openday/{agency}/signup")
    lines.append(f"  deadline: {held - timedelta(days=rng.randint(2, 5))}")
    if rng.random() < 0.5:
        lines.append(
            f"  note: 名额{capacity}名，按报名先后顺序确定，额满即止；报名成功后将电话告知集合事宜。"
        )
    lines += [
        f"formats: [{', '.join(formats)}]",
        "content: " + _block([f"{k}. {s}；" for k, s in enumerate(steps, 1)]),
        f'contact:\n  name: {rng.choice(NAMES)}\n  phone: "0539-{rng.randint(2000000, 8999999)}"',
        "reminders: " + _block([f"- {r}" for r in rng.sample(REMINDERS, rng.randint(2, 4))]),
        f"keywords: 政府开放日 {a} {b}",
    ]
    if status == "cancelled" or held >= TODAY:
        return day, "\n".join(lines) + "\n"
    reported = held + timedelta(days=rng.randint(1, 4))
    if reported <= TODAY and rng.random() < 0.97:
        attendance = capacity - rng.randint(0, min(5, capacity - 25))
        paragraphs = PARAGRAPHS[: rng.randint(1, 4)]
        summary = [
            p.format(
                day=f"{held.month}月{held.day}日", unit=short, theme=theme, n=attendance, a=a, b=b
            )
            for p in paragraphs
        ]
        lines += [
            "report:",
            f"  published: {reported}",
            f"  attendance: {attendance}",
            "  summary: " + _block("\n\n".join(summary).split("\n"), "    "),
            f"  images: [{PHOTO}]",
            f"  alt: [{short}“政府开放日”活动现场]",
        ]  # fmt: skip
    answered = held + timedelta(days=rng.randint(5, 14))
    if answered <= TODAY and rng.random() < 0.99:
        lines += ["feedback:", f"  published: {answered}", "  items:"]
        for k in range(rng.randint(2, 8)):
            state = rng.choice(STATES)
            topic = rng.choice([a, b])
            lines += [
                f"    - topic: {topic}（{k + 1}）",
                f"      opinion: {rng.choice(OPINIONS).format(a=a, b=b)}",
                f"      from: {rng.choice(['public', 'public', 'media', 'other'])}",
                f"      status: {state}",
                f"      response: {RESPONSES[state].format(a=a)}",
                f"      department: {short}{rng.choice(['办公室', '政策法规科', '行政审批科', '业务科'])}",
            ]  # fmt: skip
    return day, "\n".join(lines) + "\n"


def mkdocs_yml() -> str:
    """The repository's ``mkdocs.yml`` (nav, extensions, validation) for a province-wide site."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    config.update(
        site_name="临沂市人民政府",
        site_url="https://bench.example/",
        site_description="临沂市各级各部门“政府开放日”活动公告、开放安排、活动回顾与意见建议采纳情况。",
    )
    config["theme"]["custom_dir"] = "theme"
    config["plugins"] = [
        {
            "openday": {
                "policy": "region-2021",
                "rules": {
                    "season": list(SEASON),
                    "host_kinds": [
                        "government",
                        "department",
                        "institution",
                        "enterprise",
                        "street",
                        "town",
                    ],
                },  # fmt: skip
                "identity": {
                    "site_name": "临沂市人民政府",
                    "domain": "bench.example",
                    "id_code": "3713000001",
                    "host": "临沂市人民政府办公室",
                    "contact": "0539-8xxxxxx",
                    "icp": "鲁ICP备00000000号",
                    "police": "鲁公网安备 37130202000000号",
                },
            }
        }
    ]
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


#: The one picture of every report when photos are asked for (``write_site(photos=True)``).
PHOTO = "photo-1.jpg"
#: A photo as staff receive it through a messaging app: 1920 × 1440 pixels, JPEG.
PHOTO_SIZE = (1920, 1440)


def _base_photos(count: int = 4) -> list[bytes]:
    """A few grainy gradients, encoded as a phone would (JPEG quality 88, about 0.75 MB),
    so that decoding and resizing them costs what a real photo's does."""
    from PIL import Image

    width, height = PHOTO_SIZE
    down = Image.linear_gradient("L")
    across = down.transpose(Image.Transpose.ROTATE_90)
    made = []
    for k in range(count):
        noise = Image.effect_noise(PHOTO_SIZE, 20 + 4 * k)
        channels = (
            Image.blend(across.resize(PHOTO_SIZE), noise, 0.35),
            Image.blend(
                down.resize(PHOTO_SIZE), noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT), 0.35
            ),
            noise.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
        )
        out = io.BytesIO()
        Image.merge("RGB", channels).save(out, "JPEG", quality=88)
        made.append(out.getvalue())
    return made


def _photo(base: bytes, number: int) -> bytes:
    """``base`` with an EXIF segment of its own (device, GPS position, photo number), so that
    every report's photo is different bytes, as real ones are, and carries what must go."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x010E] = "HUAWEI", "Mate 60 Pro", f"IMG_{number:05d}"
    exif.get_ifd(0x8825).update(
        {1: "N", 2: (35.0, 3.0, float(number % 60)), 3: "E", 4: (118.0, 20.0, 0.0)}
    )
    segment = exif.tobytes()
    return base[:2] + b"\xff\xe1" + struct.pack(">H", len(segment) + 2) + segment + base[2:]


def write_site(folder: Path, n: int, *, seed: int = 2023, photos: bool = False) -> int:
    """Write a project of ``n`` events into ``folder`` (see the module's docstring); with
    ``photos``, every report has one photo (:data:`PHOTO`). Return how many photos."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for part in ("theme", "content"):
        shutil.copytree(REPO / part, folder / part, dirs_exist_ok=True)
    (folder / "mkdocs.yml").write_text(mkdocs_yml(), "utf-8")
    (folder / "events").mkdir(exist_ok=True)
    registry = "".join(
        f"{agency}:\n  name: {name}\n  short: {short}\n  kind: {kind}\n  region: {region}\n"
        for agency, name, short, kind, region, _ in UNITS
    )
    (folder / "events" / "agencies.yml").write_text(registry, "utf-8")
    days = _season_days()
    weights = [unit[5] for unit in UNITS]
    bases = _base_photos() if photos else []
    count = 0
    for i in range(n):
        unit = rng.choices(UNITS, weights)[0]
        file_day, text = _record(rng, unit, rng.choice(days))
        unit_dir = folder / "events" / unit[0]
        unit_dir.mkdir(exist_ok=True)
        name = f"{file_day}-e{i:05d}"
        if f"  images: [{PHOTO}]" in text and photos:
            (unit_dir / name).mkdir()
            (unit_dir / name / PHOTO).write_bytes(_photo(bases[i % len(bases)], i))
            count += 1
        elif f"  images: [{PHOTO}]" in text:
            text = re.sub(r"  images: .*\n  alt: .*\n", "", text)
        (unit_dir / f"{name}.yml").write_text(text, "utf-8")
    return count
