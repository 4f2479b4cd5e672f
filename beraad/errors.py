"""Failures as people read them: one Dutch sentence that says what happened and what to
do next. The technical detail goes to a log file in the user's data folder, which the
sentence names; a traceback never reaches the screen.
"""

from __future__ import annotations

import errno
import logging
import logging.handlers
import os
import traceback
from datetime import datetime
from pathlib import Path
from typing import Any

from beraad.files import NOFOLLOW, PRIVATE_FILE, OutsideWorkspace, private_dir
from beraad.workspace import user_data_dir

LOG_NAME = "beraad.log"
LOG_BYTES = 1_000_000


class BeraadError(Exception):
    """A Dutch message for the user. Raise it with the sentence the user should read."""


_OS_REASONS = {
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "je schijfruimte (quotum) is op",
    errno.EACCES: "beraad heeft daar geen toestemming",
    errno.EPERM: "beraad heeft daar geen toestemming",
    errno.EROFS: "de schijf is alleen-lezen",
    errno.ENOENT: "de map of het bestand bestaat niet",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EISDIR: "dat is een map of een ander soort bestand, geen gewoon bestand",
    errno.EEXIST: "er staat al iets met die naam",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.ELOOP: "het is een snelkoppeling (symlink), geen gewoon bestand",
    errno.EIO: "de schijf gaf een lees- of schrijffout",
    errno.EMFILE: "er staan te veel bestanden tegelijk open",
    errno.ENOTEMPTY: "de map is niet leeg",
    errno.EXDEV: "het bestand kan niet naar een andere schijf worden verplaatst",
}


def os_reason(error: OSError) -> str:
    """What an operating-system error means, in Dutch, without the English strerror."""
    if isinstance(error, OutsideWorkspace):
        return (
            f"{error.link} is een snelkoppeling (symlink) naar {error.target}, buiten de werkmap; beraad schrijft "
            "niet via een snelkoppeling buiten de werkmap. Haal de snelkoppeling weg en probeer het opnieuw"
        )
    if error.errno in _OS_REASONS:
        return _OS_REASONS[error.errno]
    if error.errno is None:
        return "het besturingssysteem gaf een onverwachte fout"
    return f"het besturingssysteem gaf een onverwachte fout (nummer {error.errno})"


def os_failure(error: OSError) -> str:
    """What went wrong and where: "de schijf is vol (bij /werkmap/sessions/x.json)". The
    place is the file or folder the operating system named, so a full workspace disk is
    never reported as a full export folder."""
    place = error.filename if not isinstance(error, OutsideWorkspace) else None  # its reason names the link
    return f"{os_reason(error)} (bij {place})" if place else os_reason(error)


def log_path() -> Path:
    return user_data_dir() / LOG_NAME


def _logger() -> logging.Logger:
    logger = logging.getLogger("beraad.errors")
    path = log_path()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in logger.handlers):
        for old in list(logger.handlers):  # the data folder moved (a test, another user)
            logger.removeHandler(old)
            old.close()
        private_dir(path.parent)
        handler = _PrivateLog(path, maxBytes=LOG_BYTES, backupCount=1, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
        logger.setLevel(logging.INFO)
    return logger


class _PrivateLog(logging.handlers.RotatingFileHandler):
    """The log file, 0600 also after a rollover and whatever the umask, and never written
    through a symlink (the log holds details of what went wrong, sometimes text)."""

    def _open(self) -> Any:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND | NOFOLLOW, PRIVATE_FILE)
        os.fchmod(descriptor, PRIVATE_FILE)
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)


def record(error: BaseException, context: str) -> Path | None:
    """Write the detail of an error to the log file; returns the file, or None when even
    that fails (a full disk): the caller's Dutch sentence must then stand on its own."""
    detail = "".join(traceback.format_exception(error))
    try:
        _logger().error("--- %s · %s\n%s", datetime.now().isoformat(timespec="seconds"), context, detail)
    except Exception:
        return None
    return log_path()


def note(lines: list[str], context: str) -> Path | None:
    """Write messages the user was shown in short to the log file, in full."""
    try:
        _logger().info("--- %s · %s\n%s", datetime.now().isoformat(timespec="seconds"), context, "\n".join(lines))
    except Exception:
        return None
    return log_path()


def with_log(message: str, error: BaseException, context: str) -> str:
    """message, plus where the technical detail can be found."""
    where = record(error, context)
    return f"{message} (Technische details staan in {where}.)" if where else message
