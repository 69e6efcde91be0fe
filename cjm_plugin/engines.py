"""``cjm build`` and ``cjm serve``: the handbook built by the engine the project uses.

MkDocs and ProperDocs run cjm as a plugin, so for them the command runs the engine's
own ``build`` or ``serve``. Zensical runs no plugin: the command plans the handbook
(``core/publishing/plan.py``), stages it (``zensical/stage.py``) and runs Zensical on the stage;
``cjm serve`` then stages again on every save, writing only the files that changed,
and Zensical's own watcher rebuilds those pages.

Engines run as subprocesses (``python -m <engine>``), so this module imports none.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from cjm_plugin.core.language.translate import _, _n
from cjm_plugin.core.publishing.plan import HandbookPlan, PlanOptions, plan_handbook
from cjm_plugin.core.reading.project import Project
from cjm_plugin.core.reporting.build_log import drafts_line, errors_line, problem_lines

from . import __version__
from .zensical.output import relay_in_background, run_zensical
from .zensical.stage import DEFAULT_STAGE, MessagePlaces, StagedPages, stage_handbook

ENGINES = ("mkdocs", "properdocs", "zensical")
#: Engines that run cjm as a plugin.
PLUGIN_ENGINES = ("mkdocs", "properdocs")


def installed(engine: str) -> bool:
    return importlib.util.find_spec(engine) is not None


def detect_engine(project: Project) -> str | None:
    """The engine the project uses: ProperDocs for a ``properdocs.yml``, else the first of
    MkDocs, ProperDocs and Zensical that is installed."""
    name = project.config_file.name if project.config_file else ""
    if name.startswith("properdocs") and installed("properdocs"):
        return "properdocs"
    return next((engine for engine in ENGINES if installed(engine)), None)


def plugin_note(project: Project, engine: str | None, *, building: bool = False) -> str | None:
    """One sentence when the project lists cjm in ``plugins:`` but the engine that
    builds it cannot run a plugin, with the command to use. ``building``: said by
    ``cjm build`` itself, which is that command, so it says what it does instead."""
    if not project.uses_plugin or engine in PLUGIN_ENGINES:
        return None
    config = project.config_file.name if project.config_file else "mkdocs.yml"
    if building:
        return _("Zensical cannot run the cjm plugin that {config} lists (`zensical build` alone "
                 "publishes no map page), so cjm stages the handbook for it; keep building with "
                 "`cjm build` and previewing with `cjm serve`", config=config)
    return _("{config} lists cjm in plugins:, which Zensical cannot run (`zensical build` "
             "publishes no map page); build with `cjm build` and preview with `cjm serve`, "
             "which stage the handbook for Zensical", config=config)


def _log(level: str, text: str) -> None:
    """One line as MkDocs logs it (``INFO    -  …``), so both engines read the same."""
    print(f"{level:<7} -  {text}", file=sys.stderr)


def _report(plan: HandbookPlan, *, strict: bool, preview: bool = False) -> int:
    """The problems as the plugin logs them to MkDocs; the errors counted."""
    for is_error, line in problem_lines(plan.read):
        _log("WARNING" if is_error else "INFO", line)
    errors = len(plan.read.errors)
    for summary in (errors_line(plan.read, strict=strict, preview=preview), drafts_line(plan.drafts_left_out)):
        if summary:
            _log("INFO", summary)
    return errors


def _output_dir(project: Project, output: str | None) -> Path:
    site_dir = output or str(project.settings.get("site_dir") or "site")
    return Path(os.path.abspath(Path.cwd() / site_dir if output else project.root / site_dir))


def _unsafe_output(project: Project, out: Path, stage: Path) -> str | None:
    """Why the site may not be written to ``out`` (it would replace the team's files)."""
    guarded = [project.root, project.maps_dir, *( [project.docs_dir] if project.docs_dir else [])]
    for folder in guarded:
        folder = folder.resolve()
        if out.resolve() == folder or folder.is_relative_to(out.resolve()):
            return _("the site folder {out} would replace {folder}; choose another with -d",
                     out=out, folder=folder)
    if out.resolve().is_relative_to(stage.resolve()):
        return _("the site folder {out} is inside the stage {stage}; choose another with -d",
                 out=out, stage=stage)
    return None


#: Zensical's own configuration file, which cjm does not read.
NATIVE_CONFIG = "zensical.toml"


def native_config_problem(project: Project) -> str | None:
    """Why the project cannot be staged for Zensical as configured: it has a
    ``zensical.toml`` (in its folder, or above it up to the repository's top when no
    ``mkdocs.yml`` was found). cjm reads the site's settings from ``mkdocs.yml`` only,
    which Zensical reads too; staging would silently leave the TOML's settings out."""
    folders = [project.root] if project.config_file else [project.root, *project.root.parents]
    for folder in folders:
        native = folder / NATIVE_CONFIG
        if native.is_file():
            return _("{file}: error: cjm reads the site's settings from mkdocs.yml, not from "
                     "Zensical's zensical.toml; write them in mkdocs.yml (Zensical reads it "
                     "too) and remove zensical.toml (docs/choosing-a-stack.md shows how)",
                     file=os.path.relpath(native))
        if (folder / ".git").exists():
            break
    return None


def _stage_dir(project: Project) -> Path:
    return project.root / DEFAULT_STAGE


def build_zensical(project: Project, *, output: str | None, strict: bool) -> int:
    native = native_config_problem(project)
    if native:
        print(native, file=sys.stderr)
        return 2
    stage = _stage_dir(project)
    out = _output_dir(project, output)
    unsafe = _unsafe_output(project, out, stage)
    if unsafe:
        print(_("cjm build: {problem}", problem=unsafe), file=sys.stderr)
        return 2
    plan = plan_handbook(project, links_from_source=True)
    errors = _report(plan, strict=strict)
    if errors and strict:
        print(_("cjm build: aborted: the maps have errors and --strict is set"), file=sys.stderr)
        return 1
    options = PlanOptions.from_settings(project.options)
    result = stage_handbook(project, plan, stage, sanitize=options.sanitize_html)
    command = [sys.executable, "-m", "zensical", "build", "-f", str(result.config_file),
               *(["--strict"] if strict else [])]
    returncode, stopped = run_zensical(command, stage, _error_log(stage), MessagePlaces(project, plan))
    if stopped:
        _log("ERROR", _("cjm build: {problem}", problem=stopped))
    if returncode != 0:
        return returncode
    _publish(stage / "site", out)
    _log("INFO", _("Documentation built in {out}", out=out))
    summary = errors_line(plan.read, strict=strict)
    if errors and summary:  # said again last: Zensical's own "No issues found" is about its pages
        _log("WARNING", summary)
    return 0


def preview_address(project: Project, dev_addr: str | None) -> str:
    """The address to open for the preview, as MkDocs prints it: the server's address
    (``-a``, else ``dev_addr:`` in the configuration, else Zensical's 127.0.0.1:8000)
    and the path of ``site_url`` (Zensical itself prints the server's address only)."""
    configured = project.settings.get("dev_addr")
    address = dev_addr or (configured if isinstance(configured, str) and configured else "127.0.0.1:8000")
    site_url = project.settings.get("site_url")
    path = (urlsplit(site_url).path if isinstance(site_url, str) else "").strip("/")
    return f"http://{address}/{path}/" if path else f"http://{address}/"


def _error_log(stage: Path) -> Path:
    """Where a traceback Zensical ends with is kept (``.cjm/zensical-error.log``); the
    previous one removed, so that the file is always the last run's."""
    log = stage.parent / "zensical-error.log"
    log.unlink(missing_ok=True)
    return log


def _publish(built: Path, out: Path) -> None:
    """Puts the built site at ``out`` through a hidden folder beside it, which replaces
    ``out`` only once it is whole (a full disk leaves the previous site as it was), as
    the MkDocs plugin's staged ``site_dir`` does (plugin/staging.py).

    The built folder is moved there when it can be (the same disk), not copied: copying
    a 1,000-map site cost 3 s of CPU, a tenth of the build (bench/README.md). Zensical
    writes the whole site again on the next build, from its cache."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        try:
            os.replace(built, staging / "site")
        except OSError:  # another disk: copied
            shutil.copytree(built, staging / "site")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if out.exists() or out.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.replace(out, old / out.name)
    os.replace(staging / "site", out)
    shutil.rmtree(staging, ignore_errors=True)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _state(folders: list[Path | None], files: list[Path | None]) -> Iterator[tuple[str, int, int]]:
    """What a save changes: every watched file's path, size and modification time."""
    for folder in folders:
        if folder is not None and folder.is_dir():
            for base, _, names in os.walk(folder):
                for name in names:
                    path = os.path.join(base, name)
                    try:
                        st = os.stat(path)
                    except OSError:
                        continue
                    yield path, st.st_size, st.st_mtime_ns
    for file in files:
        if file is not None and file.is_file():
            st = file.stat()
            yield str(file), st.st_size, st.st_mtime_ns


def _site_key(project: Project, plan: HandbookPlan) -> bytes:
    """What every staged page depends on besides its own digest: the configuration,
    cjm's version, the site's templates and labels, the day review states are judged
    on, and the pages and files links can point to."""
    digest = hashlib.sha256()
    for part in (__version__, str(plan.read.as_of), *sorted(plan.site.sources), *plan.pages,
                 *(f"{path}:{size}:{mtime}" for path, size, mtime in
                   sorted(_state([project.templates_dir], [project.config_file])))):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.digest()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve_zensical(project: Project, *, dev_addr: str | None, interval: float = 0.5) -> int:
    """Stages the preview (drafts shown, broken files listed), runs ``zensical serve``,
    and stages again after each save; only the changed files are written."""
    native = native_config_problem(project)
    if native:
        print(native, file=sys.stderr)
        return 2
    stage = _stage_dir(project)
    options = PlanOptions.from_settings(project.options)
    kept = StagedPages()
    places = MessagePlaces(project, None)

    def restage() -> list[str]:
        plan = plan_handbook(project, preview=True, links_from_source=True)
        _report(plan, strict=False, preview=True)
        places.update(plan)
        kept.start(_site_key(project, plan), set(plan.pages))
        result = stage_handbook(project, plan, stage, sanitize=options.sanitize_html, kept=kept)
        return [*result.changed, *result.removed]

    restage()
    _log("INFO", _("cjm serve: the handbook is at {address}", address=preview_address(project, dev_addr)))
    command = [sys.executable, "-m", "zensical", "serve", "-f", str(stage / "mkdocs.yml")]
    server = subprocess.Popen([*command, *(["-a", dev_addr] if dev_addr else [])], cwd=stage,
                              stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")
    relay = relay_in_background(server, _error_log(stage), places,
                                lambda reason: _log("ERROR", _("cjm serve: {problem}", problem=reason)))
    # Stopped by a signal (a terminal closed, a CI job ended): Zensical stops too.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    watched = [project.maps_dir, project.docs_dir, project.templates_dir]
    before = set(_state(watched, [project.config_file]))
    try:
        while server.poll() is None:
            time.sleep(interval)
            now = set(_state(watched, [project.config_file]))
            if now != before:
                before = now
                changed = restage()
                shown = ", ".join(changed[:5])
                _log("INFO", "cjm: " + _n("{count} staged file changed: {files}",
                                          "{count} staged files changed: {files}",
                                          len(changed), files=shown))
    except KeyboardInterrupt:
        pass
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
        relay.join(timeout=10)  # Zensical's last lines, and why it stopped, are said
    return server.returncode or 0


def run_plugin_engine(engine: str, command: str, project: Project, *, output: str | None,
                      strict: bool, dev_addr: str | None) -> int:
    """MkDocs or ProperDocs, which run cjm as a plugin: their own command."""
    args = [sys.executable, "-m", engine, command]
    if project.config_file is not None:
        args += ["-f", str(project.config_file)]
    if command == "build" and output:
        args += ["-d", os.path.abspath(output)]
    if strict:
        args.append("--strict")
    if command == "serve" and dev_addr:
        args += ["-a", dev_addr]
    return subprocess.run(args).returncode
