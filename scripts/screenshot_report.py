"""The README images from a run's outputs: docs/report.png (the review report in headless Chromium)
and docs/notebook_plot.png (a figure of notebooks/explore.ipynb). The tests use run_chromium too.

    make extract && uv run python scripts/screenshot_report.py [OUTPUTS_DIR] [--report-only]   # default: outputs

Writes OUTPUTS_DIR/report.html from the tables first (pipeline.output.report.write_report), then the
screenshot; then runs the notebook on OUTPUTS_DIR and keeps its entity plot. Needs Debian's
chromium (`apt-get install -y chromium`). Chromium runs with a private fontconfig file that hides
every system font with Japanese (or other CJK) characters, so what it shows is drawn with the font
the page embeds: the page as a reader without a Japanese font sees it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
INSTALL_HINT = "headless Chromium is not installed: run `apt-get update && apt-get install -y chromium`"


def chromium_path() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


# A system font holding any of these is hidden from Chromium (kana, common kanji, hangul).
CJK_PROBES = "あアの日本語国人한"


def fontconfig_without_cjk(workdir: Path) -> Path:
    """A fontconfig file: the system's fonts, less every one with Japanese, Chinese or Korean characters."""
    rejects = "".join(f"<pattern><patelt name=\"charset\"><charset><int>{ord(c):#x}</int></charset></patelt></pattern>\n" for c in CJK_PROBES)
    conf = workdir / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"<selectfont><rejectfont>\n{rejects}</rejectfont></selectfont>\n"
        f"<cachedir>{workdir / 'fc-cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def run_chromium(
    page: Path, *, screenshot: Path | None = None, dump_dom: bool = False, size: tuple[int, int] = (1280, 2000),
    timeout: float = 120, wait_ms: int | None = None,
) -> str:
    """Open `page` in headless Chromium without CJK system fonts; return the serialised DOM when `dump_dom`, and/or save a PNG.

    `wait_ms` lets the page's own timers and promises run for that long (virtual time) before the DOM is taken.
    """
    binary = chromium_path()
    if binary is None:
        raise FileNotFoundError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="chromium-") as tmp:
        workdir = Path(tmp)
        args = [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", f"--user-data-dir={workdir / 'profile'}", f"--window-size={size[0]},{size[1]}",
        ]
        if wait_ms is not None:
            args.append(f"--virtual-time-budget={wait_ms}")
        if screenshot is not None:
            args.append(f"--screenshot={Path(screenshot).resolve()}")
        if dump_dom:
            args.append("--dump-dom")
        args.append(Path(page).resolve().as_uri())
        result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=chromium_env(workdir), cwd=workdir)
    if result.returncode != 0:
        raise RuntimeError(f"chromium exited {result.returncode}: {result.stderr[-2000:]}")
    return result.stdout


def chromium_env(workdir: Path) -> dict[str, str]:
    """The environment Chromium (or fc-list) runs in: the fontconfig without CJK fonts."""
    return os.environ | {"FONTCONFIG_FILE": str(fontconfig_without_cjk(workdir))}


def notebook_plot(outputs: Path, plot: str, dest: Path) -> None:
    """Run notebooks/explore.ipynb on `outputs` and copy its figure `plot` (e.g. entities_by_articles.png) to `dest`."""
    import nbformat
    from nbclient import NotebookClient

    notebook_path = ROOT / "notebooks" / "explore.ipynb"
    with tempfile.TemporaryDirectory(prefix="plots-") as tmp:
        os.environ["PIPELINE_OUT"] = str(outputs.resolve())
        os.environ["PIPELINE_PLOT_DIR"] = tmp
        notebook = nbformat.read(notebook_path, as_version=4)
        NotebookClient(notebook, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(notebook_path.parent)}}).execute()
        shutil.copyfile(Path(tmp) / plot, dest)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from pipeline.output.report import write_report

    args = [a for a in argv[1:] if not a.startswith("--")]
    report_only = "--report-only" in argv[1:]  # docs/report.png alone, without running the notebook
    outputs = Path(args[0]) if args else ROOT / "outputs"
    if not (outputs / "documents.parquet").exists():
        print(f"{outputs} has no tables: run `make extract` first", file=sys.stderr)
        return 2
    if chromium_path() is None:
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    page, report_png, plot_png = outputs / "report.html", ROOT / "docs" / "report.png", ROOT / "docs" / "notebook_plot.png"
    write_report(outputs, page)
    run_chromium(page, screenshot=report_png)
    if report_only:
        print(f"wrote {page} and {report_png}")
        return 0
    notebook_plot(outputs, "entities_by_articles.png", plot_png)
    print(f"wrote {page}, {report_png} and {plot_png}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
