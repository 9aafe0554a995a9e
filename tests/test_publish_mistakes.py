"""publish and rollback under real mistakes (issue 13): drafts never go live, rollback goes back along
what was live, DEST never inside the output or the site, and a `current` deleted by hand."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from exemplar_site.cli import main

from .conftest import SITE_TOML, exemplar_md


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def site(make_site) -> Path:
    return make_site({"content/zhang-wei.md": exemplar_md(),
                      "content/li-si.md": exemplar_md(name="李四", status="draft")})


@pytest.fixture
def dest(tmp_path) -> Path:
    folder = tmp_path / "www"
    folder.mkdir()
    return folder


def build(site: Path, *options: str) -> None:
    result = run("build", "--site", str(site), "--no-pdf", "--jobs", "1", *options)
    assert result.exit_code == 0, result.output


def publish(dest: Path, site: Path, *options: str) -> object:
    """Publish a build made without PDFs (--no-pdf: quicker), so with --partial."""
    return run("publish", str(dest), "--site", str(site), "--partial", *options)


def live(dest: Path) -> str:
    return Path(os.readlink(dest / "current")).name


def releases(dest: Path) -> list[str]:
    return sorted(p.name for p in (dest / "releases").iterdir())


def publish_version(site: Path, dest: Path, title: str, *options: str) -> tuple[str, object]:
    """Build the site under a new title, publish it; the new release's name and the CLI result."""
    (site / "site.toml").write_text(SITE_TOML.replace("先进典型光荣榜", title), encoding="utf-8")
    build(site)
    result = publish(dest, site, *options)
    assert result.exit_code == 0, result.output
    return live(dest), result


def drafts_refused(out: Path) -> str:
    return (f"error: {out} includes drafts (草稿) that are not approved: it was built with --drafts, or it is "
            "serve's preview, and drafts must never go on the server; run `build` without --drafts, then publish\n")


# 1. drafts never go live


def test_publish_refuses_a_drafts_build_even_after_the_cache_is_deleted(site, dest):
    build(site, "--drafts")
    assert (site / "output/exemplar/li-si.html").is_file()
    shutil.rmtree(site / ".cache")  # the record is kept with the output itself
    refused = publish(dest, site)
    assert refused.exit_code == 1
    assert refused.stderr == drafts_refused(site / "output")
    assert not (dest / "releases").exists() and not (dest / "current").exists()
    build(site)  # without --drafts: the same output folder, the drafts gone
    published = publish(dest, site)
    assert published.exit_code == 0, published.output
    assert (dest / "current/exemplar/zhang-wei.html").is_file()
    assert not (dest / "current/exemplar/li-si.html").exists()


def test_publish_refuses_serves_preview(site, dest):
    from exemplar_site.commands.serve import Preview

    preview = Preview(site, jobs=1, log=lambda line: None)
    assert preview.rebuild() is not None
    out = site / ".cache/preview"
    assert (out / "exemplar/li-si.html").is_file()
    refused = publish(dest, site, "--out", str(out))
    assert refused.exit_code == 1
    assert refused.stderr == drafts_refused(out)
    assert not (dest / "releases").exists()


# 2. rollback goes back along what was live


def test_rollback_never_brings_back_a_release_that_was_rolled_back(site, dest):
    a, _ = publish_version(site, dest, "第A版")
    b, second = publish_version(site, dest, "第B版")
    assert second.stdout.endswith(f"(`rollback {dest}` goes back to {a})\n")
    back = run("rollback", str(dest))
    assert back.exit_code == 0, back.output
    assert back.stdout == (f"rolled back: {dest / 'current'} points to {a} again (was {b}, which a later "
                           "rollback never brings back); there is no earlier release to roll back to\n")
    c, third = publish_version(site, dest, "第C版")
    assert third.stdout.endswith(f"(`rollback {dest}` goes back to {a})\n")
    again = run("rollback", str(dest))
    assert again.exit_code == 0, again.output
    assert live(dest) == a != b
    assert "第A版" in (dest / "current/index.html").read_text(encoding="utf-8")
    assert again.stdout == (f"rolled back: {dest / 'current'} points to {a} again (was {c}, which a later "
                            "rollback never brings back); there is no earlier release to roll back to\n")
    oldest = run("rollback", str(dest))
    assert oldest.exit_code == 1
    assert oldest.stderr == (f"error: {a} is the oldest release kept in {dest / 'releases'}: there is no earlier "
                             "one to roll back to; to replace it, fix the site, `build`, then `publish` again\n")
    assert (dest / "history.txt").read_text(encoding="utf-8").splitlines()[1:] == [a]


def test_rollback_goes_back_several_steps_in_the_order_they_were_live(site, dest):
    a, _ = publish_version(site, dest, "第A版")
    b, _ = publish_version(site, dest, "第B版")
    c, _ = publish_version(site, dest, "第C版")
    first = run("rollback", str(dest))
    assert live(dest) == b and first.stdout.endswith(f"; `rollback {dest}` again goes back to {a}\n")
    assert run("rollback", str(dest)).exit_code == 0 and live(dest) == a
    assert releases(dest) == [a, b, c]  # rolled-back releases stay on disk, only out of the history


def test_keep_never_prunes_the_release_rollback_goes_back_to(site, dest):
    a, _ = publish_version(site, dest, "第A版", "--keep", "2")
    b, _ = publish_version(site, dest, "第B版", "--keep", "2")
    assert run("rollback", str(dest)).exit_code == 0
    c, third = publish_version(site, dest, "第C版", "--keep", "2")
    # the newest two by name would be B and C; but B was rolled back and A is what rollback needs
    assert third.stdout == (f"removed old release {b}\npublished {dest / 'releases' / c}; {dest / 'current'} "
                            f"points to it (`rollback {dest}` goes back to {a})\n")
    assert releases(dest) == [a, c]
    assert run("rollback", str(dest)).exit_code == 0 and live(dest) == a


def test_keep_one_says_there_is_nothing_to_go_back_to(site, dest):
    a, _ = publish_version(site, dest, "第A版", "--keep", "1")
    b, second = publish_version(site, dest, "第B版", "--keep", "1")
    assert second.stdout == (f"removed old release {a}\npublished {dest / 'releases' / b}; {dest / 'current'} "
                             "points to it (no earlier release is kept (--keep 1): `rollback` has nothing to go "
                             "back to)\n")
    refused = run("rollback", str(dest))
    assert refused.exit_code == 1 and f"error: {b} is the oldest release kept in" in refused.stderr


def test_a_dest_published_before_the_history_rolls_back_by_release_order(site, dest):
    a, _ = publish_version(site, dest, "第A版")
    b, _ = publish_version(site, dest, "第B版")
    (dest / "history.txt").unlink()  # as an older version of publish left DEST
    assert run("rollback", str(dest)).exit_code == 0 and live(dest) == a
    assert run("rollback", str(dest)).exit_code == 1 and live(dest) == a


# 3. DEST inside the output or the site, a release as the build


def test_refuses_a_dest_inside_the_build_output(site, tmp_path):
    build(site)
    inside = site / "output/www"
    inside.mkdir()
    refused = publish(inside, site)
    assert refused.exit_code == 2
    assert refused.stderr == (f"error: refusing to publish into {inside}: it is inside the build output "
                              f"{(site / 'output').resolve()}, so the site would be copied into itself; choose a "
                              "folder of the web server outside it, such as /srv/www/honour-roll\n")
    assert list(inside.iterdir()) == []
    assert publish(site / "output", site).exit_code == 2  # the output itself


def test_refuses_a_dest_inside_the_site_folder(site):
    build(site)
    inside = site / "www"
    inside.mkdir()
    refused = publish(inside, site)
    assert refused.exit_code == 2
    assert refused.stderr == (f"error: refusing to publish into {inside}: it is inside the site folder "
                              f"{site.resolve()}; choose a folder of the web server outside it, such as "
                              "/srv/www/honour-roll\n")
    assert list(inside.iterdir()) == []


def test_refuses_a_release_of_dest_as_the_build_to_publish(site, dest):
    a, _ = publish_version(site, dest, "第A版")
    for out in (dest / "current", dest / "releases" / a):
        refused = publish(dest, site, "--out", str(out))
        assert refused.exit_code == 2
        assert refused.stderr == (f"error: refusing to publish {out}: it is a release already in "
                                  f"{dest / 'releases'}; publish the build (SITE/output), or run "
                                  f"`rollback {dest}` to go back to an earlier release\n")
    assert releases(dest) == [a]


# 5. `current` deleted by hand


def test_rollback_after_current_was_deleted_relinks_the_release_live_last(site, dest):
    a, _ = publish_version(site, dest, "第A版")
    b, _ = publish_version(site, dest, "第B版")
    (dest / "current").unlink()
    restored = run("rollback", str(dest))
    assert restored.exit_code == 0, restored.output
    assert restored.stdout == (f"{dest / 'current'} was missing or led nowhere (deleted by hand?) although "
                               f"releases are in {dest / 'releases'}: it points again to {b}, the latest release "
                               f"that was live; if that release is the one to take down, `rollback {dest}` again "
                               f"goes back to {a}\n")
    assert live(dest) == b and "第B版" in (dest / "current/index.html").read_text(encoding="utf-8")
    assert run("rollback", str(dest)).exit_code == 0 and live(dest) == a


def test_publish_after_current_was_deleted_keeps_the_way_back(site, dest):
    a, _ = publish_version(site, dest, "第A版")
    (dest / "current").unlink()
    b, second = publish_version(site, dest, "第B版")
    assert second.stdout.endswith(f"(`rollback {dest}` goes back to {a})\n")
    assert run("rollback", str(dest)).exit_code == 0 and live(dest) == a


def test_rollback_with_no_release_says_what_to_do(dest):
    refused = run("rollback", str(dest))
    assert refused.exit_code == 1
    assert refused.stderr == (f"error: nothing is published in {dest} yet ({dest / 'releases'} holds no "
                              f"release): there is nothing to roll back; run `build`, then `publish {dest}`\n")


def test_rollback_of_a_folder_that_does_not_exist_says_so(tmp_path):
    missing = tmp_path / "no-such-folder"
    refused = run("rollback", str(missing))
    assert refused.exit_code == 2
    assert refused.stderr == (f"error: {missing} does not exist: nothing was ever published there: give the "
                              "folder that `publish` was given\n")


def test_a_dest_below_the_working_folder_is_fine_when_that_is_no_site(site, dest, tmp_path, monkeypatch):
    build(site)
    monkeypatch.chdir(tmp_path)  # holds www/ and site/, but no site.toml: not a site folder
    result = run("publish", str(dest), "--out", str(site / "output"), "--partial")
    assert result.exit_code == 0, result.output


def test_rollback_when_the_live_release_was_deleted_by_hand(site, dest):
    a, _ = publish_version(site, dest, "第A版")
    b, _ = publish_version(site, dest, "第B版")
    shutil.rmtree(dest / "releases" / b)  # current now leads nowhere
    restored = run("rollback", str(dest))
    assert restored.exit_code == 0, restored.output
    assert f"it points again to {a}, the latest release that was live; there is no earlier" in restored.stdout
    assert live(dest) == a and (dest / "current/index.html").is_file()
