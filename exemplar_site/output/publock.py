"""One publish or rollback at a time per DEST: DEST/.publish.lock holds the pid and host of the one
running, and is removed when it ends. A lock left by a publish that is gone (killed with kill -9, a
power cut) is taken over with a line saying so, as a build's lock is freed when its build ends.
Whether its process is gone is known only on the same computer (and not on Windows): there, and for
a lock that cannot be read, the lock stands and the message says to delete it if nothing runs."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import Refused

LOCK = ".publish.lock"


@dataclass(frozen=True)
class Holder:
    """Who holds a publish lock: its process and the computer it runs on ("" when not written)."""

    pid: int
    host: str


@contextmanager
def locked(dest: Path) -> Iterator[str | None]:
    """Hold DEST's publish lock for the block; yield the line to show when a stale lock was taken over."""
    lock = dest / LOCK
    taken_over = None
    if not _take(lock, dest):
        holder = _holder(lock)
        if holder is None or _running(holder):
            raise Refused(_busy(dest, lock, holder))
        if not _remove_stale(lock, holder) or not _take(lock, dest):
            raise Refused(_busy(dest, lock, None))
        taken_over = (f"{lock} was left by a publish or rollback that is no longer running (process "
                      f"{holder.pid}, killed or cut off?): taken over")
    try:
        yield taken_over
    finally:
        lock.unlink(missing_ok=True)


def _busy(dest: Path, lock: Path, holder: Holder | None) -> str:
    if holder is not None and _running(holder) and holder.host in ("", socket.gethostname()):
        return (f"another publish or rollback is using {dest} (process {holder.pid}, {lock}); wait for it to "
                "finish, then try again")
    return (f"another publish or rollback is using {dest} ({lock} exists); wait for it, or delete "
            "that file if none is running")


def _take(lock: Path, dest: Path) -> bool:
    """Create the lock, whole, with this process as its holder; False when it exists. Written beside it
    and linked into place, so that a publish killed at any moment never leaves an empty lock."""
    temp = lock.with_name(f"{LOCK}.{os.getpid()}.tmp")
    try:
        temp.write_text(f"{os.getpid()} {socket.gethostname()}\n", encoding="utf-8")
        try:
            os.link(temp, lock)
        except FileExistsError:
            return False
        except OSError:  # no hard links here (FAT, some network shares): create it in place
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                return False
            os.write(fd, temp.read_bytes())
            os.close(fd)
        return True
    except OSError as exc:
        raise Refused(f"cannot write in {dest}: {exc.strerror}") from None
    finally:
        temp.unlink(missing_ok=True)


def _holder(lock: Path) -> Holder | None:
    """The lock's holder as written (an older version wrote the pid alone); None when unreadable."""
    try:
        pid, _, host = lock.read_text(encoding="utf-8").strip().partition(" ")
        return Holder(int(pid), host) if pid.isascii() and pid.isdigit() else None
    except (OSError, UnicodeDecodeError):
        return None


def _running(holder: Holder) -> bool:
    """The holder may still run: it does, or that cannot be told from here."""
    if os.name == "nt" or holder.host not in ("", socket.gethostname()):
        return True  # on Windows os.kill(pid, 0) would end the process
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # e.g. another user's process
    return True


def _remove_stale(lock: Path, holder: Holder) -> bool:
    """Move the stale lock away, then remove it; False when what was moved was another's new lock
    (two publishes taking it over at once), which is put back."""
    moved = lock.with_name(f"{LOCK}.stale-{os.getpid()}")
    try:
        os.rename(lock, moved)
    except FileNotFoundError:
        return True  # removed by another publish: try to take it
    except OSError:
        return False
    if _holder(moved) == holder:
        moved.unlink(missing_ok=True)
        lock.with_name(f"{LOCK}.{holder.pid}.tmp").unlink(missing_ok=True)  # its own, if killed just after linking
        return True
    try:
        os.link(moved, lock)
    except OSError:
        pass
    moved.unlink(missing_ok=True)
    return False
