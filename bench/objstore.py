"""Publishing to object storage (issue 29): a generated site to moto's S3 server on 127.0.0.1.

``python bench/objstore.py [--articles 10000] [--repeat 3] [--workdir DIR]`` generates
the site (bench/corpus.py, 12 categories, ``archive = true``), starts moto's S3 server
(tests/s3server.py) and times whole ``python -m publisher build`` processes, as cron
runs them: a cold build to a folder and to the bucket, a no-op (the fast path), a
no-op full build (``-v``: lists and compares, uploads nothing), and an edit of the
newest article. For each step it prints the median wall time, every run, the load
average, and the requests the server logged (PUT is an upload). moto is a Python
server on the same two cores: absolute upload times say little about S3; the counts
and the ratios to the folder build are the point. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.s3server import S3Server, aws_environment, running_server  # noqa: E402

BUCKET = "bench-site"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    default_workdir = Path(tempfile.gettempdir()) / "publisher-objstore"
    parser.add_argument("--workdir", type=Path, default=default_workdir)
    args = parser.parse_args()
    site = args.workdir / f"site-{args.articles}"
    if not (site / "content").is_dir():
        subprocess.run(
            [sys.executable, str(REPO / "bench" / "corpus.py"), str(site),
             "--articles", str(args.articles), "--categories", "12"],
            check=True,
        )  # fmt: skip
    with running_server(args.workdir) as server:
        server.public_bucket(BUCKET)
        env = {**os.environ, **aws_environment(server, args.workdir), "PYTHONPATH": str(REPO)}
        config = site / "publisher.toml"
        text = config.read_text(encoding="utf-8").split("\n", 1)
        if not text[0].startswith("feeds_url"):
            feeds_url = f'feeds_url = "{server.endpoint}/{BUCKET}/feeds"\narchive = true\n'
            config.write_text(feeds_url + "\n".join(text), encoding="utf-8")
        else:  # a site from an earlier run: point it at this run's server
            lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
            lines[0] = f'feeds_url = "{server.endpoint}/{BUCKET}/feeds"\n'
            config.write_text("".join(lines), encoding="utf-8")
        print(f"# {args.articles} articles, 12 categories, archive = true; load {load()}")
        print("| step | median s | runs s | requests (PUT = upload) | load |")
        print("|---|---|---|---|---|")
        run = Runner(server, site, env, args.repeat)
        bucket = ("--out", f"s3://{BUCKET}/feeds")
        folder = ("--out", "folder")
        run.step("cold build to a folder", *folder, cold=True)
        run.step("cold build to the bucket", *bucket, cold=True, empty=True)
        run.step("no-op (fast path)", *bucket)
        run.step("no-op to a folder (fast path)", *folder)
        run.step("no-op full build (-v)", *bucket, "-v")
        newest = site / json.loads((site / "bench.json").read_text(encoding="utf-8"))["newest"]
        run.step("edit the newest article", *bucket, edit=newest)
        run.step("edit, to a folder", *folder, edit=newest)


class Runner:
    def __init__(self, server: S3Server, site: Path, env: dict[str, str], repeat: int) -> None:
        self.server, self.site, self.env, self.repeat = server, site, env, repeat

    def step(
        self, name: str, *args: str, cold: bool = False, empty: bool = False,
        edit: Path | None = None,
    ) -> None:  # fmt: skip
        times: list[float] = []
        requests: Counter[str] = Counter()
        folder_cache = self.site / ".cache-folder"
        bucket_cache = self.site / ".cache-bucket"
        cache = folder_cache if "folder" in args else bucket_cache
        for _ in range(self.repeat):
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
                shutil.rmtree(self.site / "folder", ignore_errors=True)
            if empty:
                self._empty_bucket()
            if edit is not None:
                with edit.open("a", encoding="utf-8") as f:
                    f.write(f"\nEdited at {time.time()}.\n")
            mark = self.server.mark()
            start = time.perf_counter()
            config = str(self.site / "publisher.toml")
            subprocess.run(
                [sys.executable, "-m", "publisher", "build", "--config", config,
                 "--cache-dir", str(cache), *args],
                check=True, cwd=self.site, env=self.env, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            times.append(time.perf_counter() - start)
            if "folder" not in args:
                requests = Counter(m for m, _, _ in self.server.requests(mark))
        shown = ", ".join(f"{t:.2f}" for t in times)
        counted = " ".join(f"{m} {n}" for m, n in sorted(requests.items())) or "-"
        print(f"| {name} | {statistics.median(times):.2f} | {shown} | {counted} | {load()} |")

    def _empty_bucket(self) -> None:
        s3 = self.server.client()
        while keys := [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]:
            s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": k} for k in keys]})


def load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


if __name__ == "__main__":
    main()
