"""HTTP benchmark: the production server against the floor, on SQLite and PostgreSQL (``make bench``).

    .venv/bin/python bench/http_bench.py [--claims 100000] [--backends sqlite,postgresql] [--duration 10]
                                         [--connections 16] [--workers 2] [--scales 10000,100000] [--fresh]

For each backend: generate the corpus (``bench/generate.py``, cached under ``bench/out/``), load it with
``claims import`` (timed, with its peak memory), export it with ``claims export`` (timed, peak memory),
create a curator key with ``claims keys create``, then start ``claims serve`` (gunicorn, ``--workers`` sync
workers) and the floor (``bench/floor_app.py`` under gunicorn with the same settings) and drive each with
``wrk`` on 127.0.0.1 (concurrency ``--connections``, ``--duration`` seconds per scenario, service and
floor alternating). Printed and saved as JSON under ``bench/out/``: req/s, p50 and p99 per scenario, and
the service's req/s as a fraction of the floor's.

``--scales`` repeats the claims-by-speaker scenarios (service only) on corpora of those sizes, to show
that latency stays flat as the table grows (keyset pagination: no OFFSET, no COUNT).

PostgreSQL: a database ``claims_bench_<size>`` on ``CLAIMS_BENCH_POSTGRES_URL`` (default: the local
server, user postgres), dropped and recreated when ``--fresh`` or when it does not hold the corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import generate

BIN = Path(sys.executable).parent
OUT = ROOT / "bench" / "out"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SERVICE_PORT, FLOOR_PORT = 8100, 8101
LUA = {
    "by_id": """
local lo, hi
function init(args) lo = tonumber(args[1]); hi = tonumber(args[2]); math.randomseed(6) end
function request() return wrk.format("GET", "/v1/claims/" .. math.random(lo, hi)) end
""",
    "create": """
function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. args[1]
  wrk.body = '{"statement": "The benchmark says what it measures.", "speaker_id": ' .. args[2] ..
             ', "date": "2024-05-01"}'
end
""",
}


# --- databases ----------------------------------------------------------------------------------------

def _postgres_admin_url() -> str:
    url = os.environ.get("CLAIMS_BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


def _psql_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def database_url(backend: str, n: int) -> str:
    if backend == "sqlite":
        return f"sqlite:///{OUT / f'bench-{n}.db'}"
    return _postgres_admin_url().rsplit("/", 1)[0] + f"/claims_bench_{n}"


def query(url: str, sql: str) -> list[tuple]:
    """A few rows from the bench database (through SQLAlchemy: the bench runs in the project's venv)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def claim_count(url: str) -> int:
    try:
        return query(url, "SELECT count(*) FROM claims")[0][0]
    except Exception:  # noqa: BLE001  (no database or no table yet)
        return -1


def reset(backend: str, url: str) -> None:
    if backend == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    from sqlalchemy import create_engine, text

    name = url.rsplit("/", 1)[1]
    admin = create_engine(_postgres_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def claims_cli(url: str, *args: str, check: bool = True) -> tuple[float, float, str]:
    """Run ``claims ARGS`` against ``url``: (seconds, peak RSS in MB, stdout)."""
    env = {**os.environ, "CLAIMS_DATABASE_URL": url}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen([str(BIN / "claims"), *args], env=env, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if check and os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"claims {' '.join(args)} failed:\n{err.read()[-3000:]}")
        return seconds, usage.ru_maxrss / 1024, out.read()


def load(backend: str, n: int, fresh: bool, report: dict) -> str:
    """The corpus of ``n`` claims in a migrated database, loaded by ``claims import``; its URL."""
    url = database_url(backend, n)
    corpus = generate.ensure(n)
    if fresh or claim_count(url) < n:
        reset(backend, url)
        claims_cli(url, "db", "upgrade")
        seconds, rss, output = claims_cli(url, "import", str(corpus))
        report["import"] = {"claims": n, "seconds": round(seconds, 2), "claims_per_s": round(n / seconds),
                            "peak_rss_mb": round(rss), "output": output.strip()}
        print(f"  import {n:,} claims: {n / seconds:,.0f} claims/s ({seconds:.1f} s, peak RSS {rss:.0f} MB)")
        analyse(backend, url)
    else:
        claims_cli(url, "db", "upgrade")
        print(f"  reusing {url} ({n:,} claims)")
    return url


def analyse(backend: str, url: str) -> None:
    if backend == "sqlite":
        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        connection.execute("ANALYZE")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
    else:
        subprocess.run(["psql", "-q", _psql_url(url), "-c", "VACUUM ANALYZE"], check=True)


def export(url: str, n: int, report: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "export.jsonl"
        seconds, rss, _ = claims_cli(url, "export", "--format", "jsonl", "--output", str(target))
        size = target.stat().st_size
    report["export"] = {"claims": n, "seconds": round(seconds, 2), "claims_per_s": round(n / seconds),
                        "peak_rss_mb": round(rss), "mb": round(size / 2**20)}
    print(f"  export {n:,} claims (jsonl): {n / seconds:,.0f} claims/s ({seconds:.1f} s, peak RSS {rss:.0f} MB)")


# --- servers ------------------------------------------------------------------------------------------

class Server:
    """A gunicorn process group, stopped with SIGTERM (graceful) when the block ends."""

    def __init__(self, name: str, command: list[str], env: dict, port: int, log: Path) -> None:
        self.name, self.command, self.env, self.port, self.log = name, command, env, port, log

    def __enter__(self) -> Server:  # noqa: PYI034
        self.log_file = self.log.open("w")
        self.process = subprocess.Popen(self.command, env=self.env, cwd=ROOT, stdout=self.log_file,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited: see {self.log}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/v1/claims/1", timeout=2).read()
                return self
            except urllib.error.HTTPError:
                return self  # answering (a 404 is an answer)
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"{self.name} did not start: see {self.log}")

    def __exit__(self, *_exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log_file.close()


def service(url: str, workers: int, log: Path, code: Path | None = None) -> Server:
    """``claims serve``; with ``code``, the ``api`` package of that checkout (to measure an older version)."""
    env = {**os.environ, "CLAIMS_DATABASE_URL": url, "CLAIMS_BIND": f"127.0.0.1:{SERVICE_PORT}",
           "CLAIMS_WEB_WORKERS": str(workers)}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    return Server("claims serve", [str(BIN / "claims"), "serve"], env, SERVICE_PORT, log)


def floor(url: str, workers: int, log: Path) -> Server:
    env = {**os.environ, "CLAIMS_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    command = [str(BIN / "gunicorn"), "--workers", str(workers), "--worker-class", "sync",
               "--bind", f"127.0.0.1:{FLOOR_PORT}", "--graceful-timeout", "30", "--timeout", "30",
               "bench.floor_app:create_app()"]
    return Server("floor", command, env, FLOOR_PORT, log)


def get_json(port: int, path: str) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        return json.loads(response.read())


def cursor_for_page(port: int, speaker_id: int, page: int, limit: int = 50) -> str:
    """The cursor that opens page ``page`` of a speaker's claims, collected by walking there."""
    cursor = None
    for _ in range(page - 1):
        path = f"/v1/claims?speaker_id={speaker_id}&limit={limit}"
        if cursor:
            path = f"/v1/claims?limit={limit}&cursor={urllib.parse.quote(cursor)}"
            if port == FLOOR_PORT:
                path = f"/v1/claims?speaker_id={speaker_id}&limit={limit}&cursor={urllib.parse.quote(cursor)}"
        cursor = get_json(port, path)["next_cursor"]
        if cursor is None:
            raise SystemExit(f"speaker {speaker_id} has fewer than {page} pages")
    return cursor


# --- the load generator -------------------------------------------------------------------------------

def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(port: int, path: str, duration: int, connections: int, script: str | None = None,
        script_args: tuple = ()) -> dict:
    command = ["wrk", "--threads", str(min(2, connections)), "--connections", str(connections), "--duration", f"{duration}s",
               "--latency", "--timeout", "10s"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        if script:
            lua.write(LUA[script])
            command += ["--script", lua.name]
    command.append(f"http://127.0.0.1:{port}{path}")
    if script_args:
        command += ["--", *map(str, script_args)]
    try:
        output = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    finally:
        os.unlink(lua.name)
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for label, key in (("50%", "p50_ms"), ("99%", "p99_ms")):
        match = re.search(rf"^\s+{re.escape(label)}\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        result[key] = round(_ms(*match.groups()), 2)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    result["non_2xx"] = int(bad.group(1)) if bad else 0
    if errors:
        result["socket_errors"] = errors.group(1).strip()
    result["rps"] = round(result["rps"], 1)
    return result


def profile(server: Server, args: argparse.Namespace, label: str) -> subprocess.Popen | None:
    """With ``--profile DIR``: py-spy samples one service worker while the scenario runs (collapsed stacks)."""
    if args.profile is None:
        return None
    args.profile.mkdir(parents=True, exist_ok=True)
    workers = subprocess.run(["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True,
                             check=True).stdout.split()
    target = args.profile / (re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") + ".txt")
    return subprocess.Popen([str(BIN / "py-spy"), "record", "--pid", workers[0], "--duration",
                             str(max(1, args.duration - 1)), "--rate", "200", "--format", "raw", "--output",
                             str(target)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# --- the run ------------------------------------------------------------------------------------------

def speakers(url: str) -> tuple[int, int]:
    """The speaker with most imported claims, and the first with 3 to 10 (claims made by the bench's POSTs
    go to a speaker of their own, so a reused database picks the same two)."""
    heavy = query(url, "SELECT speaker_id FROM claims WHERE origin = 'import' GROUP BY speaker_id "
                       "ORDER BY count(*) DESC, speaker_id LIMIT 1")[0][0]
    light = query(url, "SELECT speaker_id FROM claims WHERE origin = 'import' GROUP BY speaker_id "
                       "HAVING count(*) BETWEEN 3 AND 10 ORDER BY speaker_id LIMIT 1")[0][0]
    return heavy, light


def writer_speaker(key: str) -> int:
    """The speaker the create scenario writes to: made (or found) by one POST by name."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{SERVICE_PORT}/v1/claims", method="POST",
        data=json.dumps({"speaker": "Benchmark Writer", "statement": "Where the benchmark's claims go."}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["speaker"]["id"]


def scenarios(url: str, key: str, writer: int, pages: dict) -> list[tuple[str, dict, dict | None]]:
    """(name, service request, floor request or None) for every measured request."""
    heavy, light = speakers(url)
    lo, hi = query(url, "SELECT min(id), max(id) FROM claims WHERE origin = 'import'")[0]
    s_cursor = {p: urllib.parse.quote(c) for p, c in pages["service"].items()}
    f_cursor = {p: urllib.parse.quote(c) for p, c in pages["floor"].items()}
    by_speaker = f"/v1/claims?speaker_id={heavy}&limit=50"
    found = [
        ("heavy speaker, page 1", {"path": by_speaker}, {"path": by_speaker}),
        ("light speaker, page 1", {"path": f"/v1/claims?speaker_id={light}&limit=50"},
         {"path": f"/v1/claims?speaker_id={light}&limit=50"}),
    ]
    for page in sorted(s_cursor):
        found.append((f"heavy speaker, page {page} by cursor",
                      {"path": f"/v1/claims?limit=50&cursor={s_cursor[page]}"},
                      {"path": f"{by_speaker}&cursor={f_cursor[page]}"}))
    found += [
        ("claim by id", {"path": "/", "script": "by_id", "args": (lo, hi)},
         {"path": "/", "script": "by_id", "args": (lo, hi)}),
        ("create claim", {"path": "/v1/claims", "script": "create", "args": (key, writer)},
         {"path": "/v1/claims", "script": "create", "args": (key, writer)}),
    ]
    return found


def search_scenarios() -> list[tuple[str, dict, None]]:
    return [(f"full-text '{word}' ({share}), page 1", {"path": f"/v1/claims?q={word}&limit=50"}, None)
            for word, share in ((generate.COMMON, "1 claim in 10"), (generate.RARE, "1 in 50,000"))]


def supports_search(port: int) -> bool:
    try:
        get_json(port, f"/v1/claims?q={generate.COMMON}&limit=1")
        return True
    except urllib.error.HTTPError:
        return False


def bench_backend(backend: str, args: argparse.Namespace, report: dict) -> None:
    print(f"\n== {backend}, {args.claims:,} claims")
    url = load(backend, args.claims, args.fresh, report)
    if not args.no_export:
        export(url, args.claims, report)
    _, _, created = claims_cli(url, "keys", "create", "--name", f"bench-{time.time_ns()}", "--role", "curator")
    key = created.strip().splitlines()[-1]
    heavy, light = speakers(url)
    report["speakers"] = {"heavy": heavy, "light": light,
                          "heavy_claims": query(url, f"SELECT count(*) FROM claims WHERE speaker_id = {heavy}")[0][0]}
    results = report.setdefault("http", {})
    logs = OUT / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with service(url, args.workers, logs / f"serve-{backend}.log", args.service_code) as service_server, \
            floor(url, args.workers, logs / f"floor-{backend}.log"):
        pages = {"service": {p: cursor_for_page(SERVICE_PORT, heavy, p) for p in args.pages},
                 "floor": {p: cursor_for_page(FLOOR_PORT, heavy, p) for p in args.pages}}
        todo = scenarios(url, key, writer_speaker(key), pages)
        if supports_search(SERVICE_PORT):
            todo += search_scenarios()
        for port in (SERVICE_PORT, FLOOR_PORT):  # warm both: imports, pools, page cache
            wrk(port, f"/v1/claims?speaker_id={heavy}&limit=50", 3, args.connections)
        for name, on_service, on_floor in todo:
            profiler = profile(service_server, args, f"{backend}-{name}")
            row = {"service": wrk(SERVICE_PORT, on_service["path"], args.duration, args.connections,
                                  on_service.get("script"), on_service.get("args", ()))}
            if profiler is not None:
                profiler.wait()
            if on_floor is not None:
                row["floor"] = wrk(FLOOR_PORT, on_floor["path"], args.duration, args.connections,
                                   on_floor.get("script"), on_floor.get("args", ()))
                row["ratio"] = round(row["service"]["rps"] / row["floor"]["rps"], 3)
            results[name] = row
            print(_line(name, row), flush=True)


def bench_scale(backend: str, n: int, args: argparse.Namespace, report: dict) -> None:
    """Claims by speaker (heavy, page 1 and a deep page) at ``n`` claims, service only: at concurrency 1
    (the request's own latency, the figure that must stay flat) and at ``--connections``."""
    print(f"\n== {backend}, {n:,} claims (scale)")
    url = load(backend, n, args.fresh, report.setdefault("load", {}))
    heavy, _ = speakers(url)
    logs = OUT / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with service(url, args.workers, logs / f"serve-{backend}-{n}.log"):
        deep = min(args.pages)
        cursor = urllib.parse.quote(cursor_for_page(SERVICE_PORT, heavy, deep))
        wrk(SERVICE_PORT, f"/v1/claims?speaker_id={heavy}&limit=50", 3, args.connections)
        for name, path in (("heavy speaker, page 1", f"/v1/claims?speaker_id={heavy}&limit=50"),
                           (f"heavy speaker, page {deep} by cursor", f"/v1/claims?limit=50&cursor={cursor}")):
            for connections in (1, args.connections):
                label = f"{name}, concurrency {connections}"
                row = {"service": wrk(SERVICE_PORT, path, args.scale_duration, connections)}
                report.setdefault("http", {})[label] = row
                print(_line(label, row), flush=True)


def _line(name: str, row: dict) -> str:
    s = row["service"]
    text = f"  {name:<42} service {s['rps']:>7.0f} req/s p50 {s['p50_ms']:>6.1f} ms p99 {s['p99_ms']:>6.1f} ms"
    if "floor" in row:
        f = row["floor"]
        text += f" | floor {f['rps']:>7.0f} req/s p50 {f['p50_ms']:>6.1f} p99 {f['p99_ms']:>6.1f} | {row['ratio']:.0%}"
    if s.get("non_2xx") or row.get("floor", {}).get("non_2xx"):
        text += f"  (non-2xx: {s.get('non_2xx')}/{row.get('floor', {}).get('non_2xx')})"
    return text


def markdown(report: dict) -> str:
    """The figures as Markdown tables, for bench/RESULTS.md."""
    lines = []
    for backend, figures in report["backends"].items():
        for n, scale in figures.get("scales", {}).items():
            for name, row in scale.get("http", {}).items():
                s = row["service"]
                lines.append(f"- {backend}, {int(n):,} claims, {name}: {s['rps']:.0f} req/s, "
                             f"p50 {s['p50_ms']:.1f} ms, p99 {s['p99_ms']:.1f} ms")
        if "speakers" not in figures:
            continue
        lines += ["", (f"**{backend}, {report['claims']:,} claims** (heavy speaker {figures['speakers']['heavy']}: "
                  f"{figures['speakers']['heavy_claims']:,} claims)"), "",
                  "| request | service req/s | p50 ms | p99 ms | floor req/s | p50 ms | p99 ms | service/floor |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for name, row in figures["http"].items():
            s, f = row["service"], row.get("floor")
            cells = [name, f"{s['rps']:.0f}", f"{s['p50_ms']:.1f}", f"{s['p99_ms']:.1f}"]
            cells += [f"{f['rps']:.0f}", f"{f['p50_ms']:.1f}", f"{f['p99_ms']:.1f}", f"{row['ratio']:.0%}"] if f \
                else ["", "", "", ""]
            lines.append("| " + " | ".join(cells) + " |")
        for key in ("import", "export"):
            if key in figures:
                x = figures[key]
                lines.append(f"\n{key}: {x['claims_per_s']:,} claims/s ({x['seconds']} s, peak RSS {x['peak_rss_mb']} MB)")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--duration", type=int, default=10, help="Seconds per scenario and server.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", default="20,50", help="Deep pages reached by cursor.")
    parser.add_argument("--scales", default="", help="Other corpus sizes for the flat-latency check.")
    parser.add_argument("--scale-duration", type=int, default=5, help="Seconds per scale scenario.")
    parser.add_argument("--skip-main", action="store_true", help="Only the scale runs.")
    parser.add_argument("--fresh", action="store_true", help="Reload the corpus even if it is there.")
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument("--no-export", action="store_true", help="Skip the export measurement.")
    parser.add_argument("--service-code", type=Path, default=None,
                        help="Serve the api package of this checkout (e.g. `git archive` of an older commit).")
    parser.add_argument("--profile", type=Path, default=None,
                        help="Record py-spy profiles of a service worker under each scenario into this directory.")
    args = parser.parse_args(argv)
    args.pages = [int(p) for p in args.pages.split(",") if p]
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: `apt-get install -y wrk` (make bench does it)")
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.time()
    report: dict = {"claims": args.claims, "connections": args.connections, "workers": args.workers,
                    "duration_s": args.duration, "cpus": os.cpu_count(), "load_average_at_start": os.getloadavg(),
                    "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(started)), "backends": {}}
    for backend in args.backends.split(","):
        if not args.skip_main:
            bench_backend(backend, args, report["backends"].setdefault(backend, {}))
        for n in sorted({int(s) for s in args.scales.split(",") if s} | ({args.claims} if args.scales else set())):
            bench_scale(backend, n, args, report["backends"][backend].setdefault("scales", {}).setdefault(str(n), {}))
    report["load_average_at_end"] = os.getloadavg()
    report["seconds"] = round(time.time() - started)
    output = args.output or OUT / f"http-{args.claims}.json"
    output.write_text(json.dumps(report, indent=2) + "\n")
    output.with_suffix(".md").write_text(markdown(report))
    print(f"\nwritten to {output} in {report['seconds']} s; load average {report['load_average_at_end']}")


if __name__ == "__main__":
    main()
