"""Benchmark: edit-to-reload time of `serve` (from saving a file to the browser being told to reload).

    .venv/bin/python bench/serve.py [--count 1000] [--photos 1600x1200] [--edits 5]

Starts the preview server on the corpus, then saves one content file at a time and times, with a
real HTTP client waiting on the page script's own endpoint, until the new build is announced.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Corpus, make_corpus  # noqa: E402

from exemplar_site.commands.serve import Preview, make_server, watch  # noqa: E402


def state(url: str, seen: int | None = None) -> dict:
    query = f"?seen={seen}" if seen is not None else ""
    with urllib.request.urlopen(f"{url}/__live/state{query}", timeout=60) as response:
        return json.loads(response.read())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--photos", default="1600x1200")
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    width, height = (int(v) for v in args.photos.split("x"))
    root = Path(tempfile.gettempdir()) / "exemplar-bench" / f"{args.count}-{args.photos}"
    site = make_corpus(root, Corpus(args.count, width, height)).site
    preview = Preview(site, log=lambda line: None)
    server = make_server(preview, "127.0.0.1", 0)
    started = time.perf_counter()
    preview.rebuild()
    print(f"first preview build: {time.perf_counter() - started:.1f} s")
    stop = threading.Event()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Thread(target=watch, args=(preview, stop), daemon=True).start()
    time.sleep(1)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    edited = site / "content/e00007.md"
    original = edited.read_bytes()
    times = []
    try:
        for number in range(args.edits):
            seen = state(url)["version"]
            saved = time.perf_counter()
            edited.write_bytes(original + f"第{number}次修改。\n".encode())
            assert state(url, seen)["version"] == seen + 1
            times.append(time.perf_counter() - saved)
    finally:
        edited.write_bytes(original)
        stop.set()
        server.shutdown()
    print(f"{args.count} exemplars: save to reload {statistics.median(times):.2f} s median, "
          f"{max(times):.2f} s at most over {len(times)} saves")


if __name__ == "__main__":
    main()
