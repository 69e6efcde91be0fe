"""Reading map files at Git revisions, for ``cjm diff``.

Git is run as a program with an argument list (never through a shell), with
``--literal-pathspecs`` so a path is never read as a pattern, and a revision that
starts with ``-`` is refused before Git sees it (it would be read as an option).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cjm_plugin.core.language.translate import _
from cjm_plugin.core.reading.loader import PERSONAS_DIR
from cjm_plugin.core.reading.source import MAX_FILE_BYTES, decode, read_bytes
from cjm_plugin.core.reporting.problems import Problem
from cjm_plugin.core.writing.journey_diff import Kind, MapDiff, diff_map

#: Where the default branch is looked for, in order: the remote's HEAD (what
#: ``git clone`` records), then the usual names.
DEFAULT_BRANCHES = ("origin/HEAD", "origin/main", "origin/master", "main", "master")


class GitError(Exception):
    """Git cannot answer: not a repository, an unknown revision, no default branch."""


@dataclass(frozen=True)
class Change:
    """One map file that differs: its path from the top of the repository."""

    path: str
    in_base: bool
    in_head: bool


def _git(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "--literal-pathspecs", *args], cwd=repo,
                              capture_output=True, timeout=120, check=False,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    except FileNotFoundError:
        raise GitError(_("git is not installed (cjm diff reads the maps' history with it)")) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else _("git {command} failed", command=args[0]))
    return done.stdout


def top_folder(start: Path) -> Path:
    """The top folder of the Git repository holding ``start``."""
    try:
        out = _git(start, "rev-parse", "--show-toplevel")
    except GitError:
        raise GitError(_("{folder} is not in a Git repository; cjm diff compares versions "
                         "of the maps that Git keeps", folder=start)) from None
    return Path(out.decode("utf-8").strip())


def commit_of(repo: Path, revision: str) -> str:
    """The commit ``revision`` names (a branch, a tag, a hash, ``HEAD~2``…)."""
    if not revision or revision.startswith("-"):
        raise GitError(_("{revision!r} is not a revision", revision=revision))
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}") \
            .decode().strip()
    except GitError:
        raise GitError(_("{revision!r} is not a commit, branch or tag in this repository",
                         revision=revision)) from None


def default_base(repo: Path) -> str:
    """Where the working branch left the default branch: the merge base of ``HEAD``
    with ``origin/HEAD``, else ``origin/main``, ``origin/master``, ``main``, ``master``."""
    for name in DEFAULT_BRANCHES:
        try:
            branch = commit_of(repo, name)
        except GitError:
            continue
        try:
            return _git(repo, "merge-base", "HEAD", branch).decode().strip()
        except GitError:
            continue
    raise GitError(_("no default branch found (origin/HEAD, main or master); name the base: "
                     "cjm diff BASE"))


def is_map_path(path: str, maps_dir: str) -> bool:
    """Whether ``path`` (from the repository's top) is a map the handbook reads: a
    ``.md`` file under the maps folder, not a persona, a README or a hidden file."""
    pure = PurePosixPath(path)
    folder = PurePosixPath(maps_dir)
    if folder != PurePosixPath(".") and folder not in pure.parents:
        return False
    inside = pure.relative_to(folder).parts
    return (pure.suffix == ".md" and pure.name.lower() != "readme.md"
            and not any(p.startswith((".", "_")) for p in inside)
            and inside[0] != PERSONAS_DIR)


def changed_maps(repo: Path, maps_dir: str, base: str, head: str | None) -> list[Change]:
    """The map files that differ between ``base`` and ``head`` (None: the working tree,
    new files not yet added included)."""
    spec = maps_dir if maps_dir != "." else ""
    args = ["diff", "--name-status", "-z", "--no-renames", base, *([head] if head else []),
            "--", *([spec] if spec else [])]
    fields = _git(repo, *args).decode("utf-8", "surrogateescape").split("\0")
    found: dict[str, Change] = {}
    for status, path in zip(fields[::2], fields[1::2], strict=False):  # a trailing ""
        if is_map_path(path, maps_dir):
            found[path] = Change(path, in_base=status != "A", in_head=status != "D")
    if head is None:
        untracked = _git(repo, "ls-files", "--others", "--exclude-standard", "-z", "--",
                         *([spec] if spec else []))
        for path in untracked.decode("utf-8", "surrogateescape").split("\0"):
            if path and is_map_path(path, maps_dir):
                found[path] = Change(path, in_base=False, in_head=True)
    return sorted(found.values(), key=lambda c: c.path)


def read_at(repo: Path, revision: str | None, path: str) -> tuple[str | None, Problem | None]:
    """The text of ``path`` at ``revision`` (None: in the working tree), or the problem
    that stops it being read as text (a link, too large, not UTF-8)."""
    if revision is None:
        raw, problem = read_bytes(repo / path, path)
    else:
        raw, problem = _git(repo, "show", f"{revision}:{path}"), None
        if len(raw) > MAX_FILE_BYTES:
            raw, problem = None, Problem(path, 1, 1, _(
                "the file is larger than {most} MB; a map is a few kilobytes",
                most=MAX_FILE_BYTES // 1024 // 1024), code="file.too-large")
    if raw is None:
        return None, problem
    return decode(raw, path)


def map_diffs(repo: Path, maps_dir: str, base: str, head: str | None) -> list[MapDiff]:
    """What changed in each map between ``base`` and ``head`` (None: the working tree)."""
    found = []
    for change in changed_maps(repo, maps_dir, base, head):
        old = read_at(repo, base, change.path) if change.in_base else (None, None)
        new = read_at(repo, head, change.path) if change.in_head else (None, None)
        if new[1] is not None:
            kind: Kind = "added" if not change.in_base else "changed"
            found.append(MapDiff(change.path, kind, change.path, problems=[new[1]]))
            continue
        # An old version that cannot be read is compared as one that does not parse.
        old_text = "" if change.in_base and old[0] is None else old[0]
        found.append(diff_map(change.path, old_text, new[0]))
    return found
