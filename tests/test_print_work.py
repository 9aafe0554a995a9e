"""PDFs made in worker processes: the same bytes, warnings and counts as one process makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from exemplar_site.print import pdf

from .conftest import exemplar_md, require_pdf_engine, sample_site


@pytest.fixture(autouse=True)
def engine(monkeypatch):
    require_pdf_engine()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # reproducible PDFs


def files_under(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def summary(result) -> tuple:
    return ([p.format() for p in result.problems], result.product_files, result.files_made, result.files_missing,
            result.complete, result.pages)


def test_two_jobs_make_the_same_bytes_as_one_for_the_sample_roll(tmp_path, build_site):
    one, two = sample_site(tmp_path / "one"), sample_site(tmp_path / "two")
    alone, together = build_site(one, pdf=True, jobs=1), build_site(two, pdf=True, jobs=2)
    assert summary(alone) == summary(together) and alone.files_made >= 20
    assert files_under(one / "output") == files_under(two / "output")
    assert files_under(one / ".cache/print") == files_under(two / ".cache/print")


def test_a_failure_in_a_worker_is_the_same_warning_as_in_one_process(make_site, build_site, monkeypatch):
    made = pdf.print_page

    def failing(engine, page, first, render):
        if page.path == "poster/b.html":
            raise RuntimeError("the layout engine broke")
        return made(engine, page, first, render)

    monkeypatch.setattr(pdf, "print_page", failing)
    results = []
    for jobs in (1, 2):
        site = make_site({"content/a.md": exemplar_md(slug="a"), "content/b.md": exemplar_md(name="李四", slug="b")},
                         name=f"site{jobs}")
        results.append(build_site(site, pdf=True, jobs=jobs))
        assert (site / "output/poster/a.pdf").is_file() and not (site / "output/poster/b.pdf").exists()
    assert summary(results[0]) == summary(results[1])
    assert [p.format() for p in results[0].problems] == [
        "content/b.md: warning: poster not made: making its PDF failed (RuntimeError: the layout engine broke); "
        "build again, or with --jobs 1, and report it if it keeps failing"]
    assert results[0].files_missing == 1 and not results[0].complete
