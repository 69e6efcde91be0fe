"""Starting files for ``cjm new``: valid, commented, ready to fill in."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
from pathlib import Path

import yaml

from cjm_plugin.core.language.translate import N_, _, available, catalogue
from cjm_plugin.core.publishing.addresses import slugify
from cjm_plugin.core.reading.loader import PERSONAS_DIR
from cjm_plugin.core.reading.project import Project
from cjm_plugin.core.rendering.text_templates import text_environment

_env = text_environment("new")  # YAML: values go through the |yaml filter


def _yaml_text(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def yaml_scalar(value: str) -> str:
    """``value`` as YAML reads it back: plain when it is plain text, else quoted
    (an id like ``yes``, ``2026``, ``null`` or ``a: b`` would be read as something else)."""
    try:
        plain = yaml.safe_load(value) == value and "#" not in value and "\n" not in value
    except yaml.YAMLError:
        plain = False
    return value if plain and value.strip() == value else _yaml_text(value)


_env.filters["yaml"] = _yaml_text

#: The longest id ``cjm new`` makes from a title: an address and a file name a reader
#: can still take in (``cjm check`` accepts up to ``addresses.MAX_ID_LENGTH``).
NEW_ID_LENGTH = 60


def new_id(name: str) -> str:
    """The id (and file name) made from a title: its slug, cut at a word's end when it
    is longer than :data:`NEW_ID_LENGTH`, so that any title gives a name ``cjm check``
    accepts."""
    slug = slugify(name)
    if len(slug) <= NEW_ID_LENGTH:
        return slug
    cut = slug[:NEW_ID_LENGTH + 1]
    end = cut.rfind("-")
    return (cut[:end] if end > 0 else slug[:NEW_ID_LENGTH]).strip("-")


#: ``type:`` values (``model.MAP_TYPES``) guessed from how a title ends ("Onboarding —
#: future state").
# Translators: the endings of a map's title that make `cjm new` choose its type, separated by |.
_ENDINGS = {
    "current-state": N_("current state"),
    "future-state": N_("future state"),
    "day-in-the-life": N_("day in the life"),
    "service-blueprint": N_("service blueprint"),
}

#: The stages a new map starts with, as a team names them.
STAGES = (N_("Awareness"), N_("Consideration"), N_("Decision"), N_("Purchase"), N_("Post-purchase"))

#: The texts ``cjm new`` writes for the writer to replace. ``cjm check`` knows them in
#: every language and reports each one left (:mod:`.checks.placeholders`).
PLACEHOLDERS = (
    N_("What do we want to learn or change with this map?"),
    N_("Your team"),
    N_("How the customer first hears of us"),
    N_("What the customer does"),
    N_("What they think and feel"),
    N_("Where it happens"),
    N_("A pain point of the current state"),
    N_("What we change"),
    N_("What gets in the way"),
    N_("What we could change"),
    N_("What staff or screens do in front of the customer"),
    N_("What happens behind the scenes"),
    N_("Systems and partners involved"),
    N_("The next thing the customer does"),
    N_("Job, age, city"),
    N_("What they want to achieve"),
    N_("Why they want it"),
    N_("What gets in their way today"),
    N_("Where we reach them"),
    N_("Something they said in research."),
)

#: Where a writer reads how to write a map, by language (the guide's page on cjm's site):
#: for a handbook that has no guide page of its own.
GUIDE_URL = N_("https://example.github.io/cjm/writing-maps/")
#: The guide's page in a handbook's own docs, by the writer's language (cjm's docs have
#: both; a team that copies one into its docs/ gets new files that link its own copy).
GUIDE_PAGES = {"en": "writing-maps.md", "id": "panduan-penulis.md"}


def guide_address(project: Project, language: str) -> str:
    """Where this handbook's writers read the guide: its own page (at ``site_url``, else
    the file in the repository), else cjm's published guide."""
    for page in dict.fromkeys((GUIDE_PAGES.get(language), GUIDE_PAGES["en"])):
        if page is None or project.docs_dir is None or not (project.docs_dir / page).is_file():
            continue
        site_url = project.settings.get("site_url")
        if isinstance(site_url, str) and site_url.strip():
            stem = page.removesuffix(".md")
            address = f"{stem}/" if project.use_directory_urls else f"{stem}.html"
            return site_url.rstrip("/") + "/" + address
        return os.path.relpath(project.docs_dir / page, project.root).replace(os.sep, "/")
    return _(GUIDE_URL)


def _placeholder(text: str) -> str:
    if text not in PLACEHOLDERS:  # the check must know every placeholder a template writes
        raise ValueError(f"not a placeholder listed in PLACEHOLDERS: {text!r}")
    return yaml_scalar(_(text))


_env.globals.update({"_": _, "placeholder": _placeholder})


def _words(text: str) -> list[str]:
    return re.sub(r"[\W_]+", " ", text.lower()).split()


def type_endings() -> dict[str, list[list[str]]]:
    """Per map type, the title endings that name it, in every language (as words)."""
    found: dict[str, list[list[str]]] = {}
    for kind, ending in _ENDINGS.items():
        texts = [kind, ending, *(catalogue(code).gettext(ending) for code in available())]
        words = [_words(t) for e in texts for t in e.split("|")]
        found[kind] = [w for i, w in enumerate(words) if w and w not in words[:i]]
    return found


def guess_type(title: str) -> str | None:
    """The map type a title names at its end, in any language cjm speaks, ignoring
    case, dashes and spacing: 'Onboarding — Service-Blueprint' -> 'service-blueprint',
    'Mainan kayu edukatif — masa depan' -> 'future-state'."""
    return guess(title)[0]


def guess(title: str) -> tuple[str | None, str]:
    """(the map type the title's ending names, that ending as written), or (None, '')."""
    words = _words(title)
    best: tuple[str | None, list[str]] = (None, [])
    for kind, endings in type_endings().items():
        for ending in endings:
            if len(ending) > len(best[1]) and words[-len(ending):] == ending:
                best = (kind, ending)
    return best[0], " ".join(best[1])


def new_file(kind: str, name: str, maps_dir: Path, as_of: dt.date, *,
             persona: str | None = None, map_type: str = "current-state",
             ident: str | None = None, personas_dir: str = "maps/personas",
             guide: str | None = None) -> Path:
    """Write a starting map or persona named ``name``; never overwrite a file.

    ``ident`` is the file name without ``.md`` (default: made from ``name``); a map
    without ``persona`` gets a placeholder that ``cjm check`` reports until it is set.
    Comments, placeholder texts and stage names are in the writer's language; ``guide``
    is where the writer's guide is (default: cjm's published one, see :func:`guide_address`).
    """
    ident = ident or new_id(name)
    folder = maps_dir / PERSONAS_DIR if kind == "persona" else maps_dir
    target = folder / f"{ident}.md"
    if target.exists():
        raise FileExistsError(errno.EEXIST, "already exists; choose another name", str(target))
    text = _env.get_template(f"{kind}.md").render(
        title=_yaml_text(name), ident=ident, today=as_of.isoformat(), type=map_type,
        persona=yaml_scalar(persona) if persona else None, personas_dir=personas_dir,
        stages=[yaml_scalar(_(stage)) for stage in STAGES], guide_url=guide or _(GUIDE_URL))
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
