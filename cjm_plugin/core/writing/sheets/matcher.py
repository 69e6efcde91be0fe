"""What a row of a workshop sheet is, from the text in its first column.

Practitioners label a map's rows with questions ("Apa titik kontak pelanggan dengan
bisnis?") or with lane names ("Touchpoints", "Titik sentuh"), in English or Indonesian.
A label is folded (case, accents, punctuation) and looked up in :data:`PHRASES`, then
in the lane labels of every language cjm ships, then compared letter by letter
(rapidfuzz) to allow a slip, then searched for a telling word; a label none of these
place is a custom lane.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from rapidfuzz import fuzz, process

from cjm_plugin.core.language.translate import _

#: Roles of a row that are not lanes.
STAGE, STAGE_DESCRIPTION, STEP, ACTION, SCORE, ACTORS, ZOOM, DETAILS, BASIS, SOURCE = (
    "stage", "stage description", "step", "action", "score", "actors", "zoom", "details",
    "basis", "source")

#: Folded phrases -> a role, or ``lane:<key>``. English, then Indonesian.
PHRASES: dict[str, str] = {
    # the row of stages
    "stage": STAGE, "stages": STAGE, "phase": STAGE, "phases": STAGE, "stage name": STAGE,
    "time of day": STAGE, "tahap": STAGE, "tahapan": STAGE, "fase": STAGE, "waktu": STAGE,
    "stage description": STAGE_DESCRIPTION, "description": STAGE_DESCRIPTION,
    "deskripsi tahap": STAGE_DESCRIPTION, "deskripsi": STAGE_DESCRIPTION,
    "keterangan tahap": STAGE_DESCRIPTION,
    # the row of steps (a header, possibly only numbering them)
    "step": STEP, "steps": STEP, "langkah": STEP, "langkah langkah": STEP, "no": STEP,
    "nomor": STEP, "#": STEP,
    # the action: the step's name
    "action": ACTION, "actions": ACTION, "customer action": ACTION, "customer actions": ACTION,
    "what the customer does": ACTION, "what does the customer do": ACTION, "doing": ACTION,
    "activity": ACTION, "activities": ACTION, "apa tindakan pelanggan": ACTION,
    "tindakan pelanggan": ACTION, "tindakan": ACTION, "aksi": ACTION, "aktivitas": ACTION,
    "kegiatan": ACTION, "apa yang dilakukan pelanggan": ACTION,
    # the score
    "score": SCORE, "scores": SCORE, "emotion": SCORE, "emotion score": SCORE, "rating": SCORE,
    "emotional score": SCORE, "skor": SCORE, "skor emosi": SCORE, "nilai": SCORE, "emosi": SCORE,
    "nilai emosi": SCORE,
    "actors": ACTORS, "actor": ACTORS, "who": ACTORS, "pelaku": ACTORS, "aktor": ACTORS,
    "zoom": ZOOM, "zoom in": ZOOM, "sub journey": ZOOM, "perbesar": ZOOM,
    # what a step rests on: research or the team's assumption, and where it comes from
    "basis": BASIS, "research or assumption": BASIS, "dasar": BASIS,
    "riset atau asumsi": BASIS, "source": SOURCE, "sources": SOURCE, "sumber": SOURCE,
    "map details": DETAILS, "detail peta": DETAILS, "rincian peta": DETAILS, "cjm": DETAILS,
    # lanes
    "thinking": "lane:thinking", "thoughts": "lane:thinking", "thinking feeling": "lane:thinking",
    "thinking and feeling": "lane:thinking", "thoughts and feelings": "lane:thinking",
    "what the customer thinks": "lane:thinking", "what they think and feel": "lane:thinking",
    "what does the customer think or feel": "lane:thinking",
    "what the customer thinks or feels": "lane:thinking",
    "apa yang pelanggan pikirkan atau rasakan": "lane:thinking",
    "apa yang pelanggan pikirkan": "lane:thinking", "pikiran": "lane:thinking",
    "pikiran dan perasaan": "lane:thinking",
    "feeling": "lane:feeling", "feelings": "lane:feeling", "what the customer feels": "lane:feeling",
    "perasaan": "lane:feeling", "apa yang pelanggan rasakan": "lane:feeling",
    "touchpoints": "lane:touchpoints", "touchpoint": "lane:touchpoints",
    "touch points": "lane:touchpoints", "where it happens": "lane:touchpoints",
    "titik kontak": "lane:touchpoints", "titik sentuh": "lane:touchpoints",
    "apa titik kontak pelanggan dengan bisnis": "lane:touchpoints",
    "channels": "lane:channels", "channel": "lane:channels", "saluran": "lane:channels",
    "kanal": "lane:channels",
    "pain points": "lane:pain_points", "pain point": "lane:pain_points", "pains": "lane:pain_points",
    "obstacles": "lane:pain_points", "what gets in the way": "lane:pain_points",
    "what to change": "lane:pain_points", "what we want to change": "lane:pain_points",
    "what do we want to change in this step": "lane:pain_points",
    "apa yang ingin kita ubah dari langkah ini": "lane:pain_points",
    "apa pain point terbesar pelanggan saat ini": "lane:pain_points",
    "masalah": "lane:pain_points", "hambatan": "lane:pain_points", "rintangan": "lane:pain_points",
    "opportunities": "lane:opportunities", "opportunity": "lane:opportunities",
    "ideas": "lane:opportunities", "how": "lane:opportunities",
    "how will we make this change": "lane:opportunities",
    "how we will change it": "lane:opportunities", "what we could change": "lane:opportunities",
    "bagaimana kita akan melakukan perubahan ini": "lane:opportunities",
    "peluang": "lane:opportunities", "kesempatan": "lane:opportunities",
    "ide": "lane:opportunities", "perbaikan": "lane:opportunities",
    "owner": "lane:owner", "owners": "lane:owner", "pemilik": "lane:owner",
    "penanggung jawab": "lane:owner", "pic": "lane:owner",
    "metrics": "lane:metrics", "metric": "lane:metrics", "kpi": "lane:metrics",
    "kpis": "lane:metrics", "metrik": "lane:metrics",
    "notes": "lane:notes", "note": "lane:notes", "catatan": "lane:notes",
    "frontstage": "lane:frontstage", "front stage": "lane:frontstage",
    "backstage": "lane:backstage", "back stage": "lane:backstage",
    "support": "lane:support", "support processes": "lane:support",
    "supporting processes": "lane:support", "proses pendukung": "lane:support",
    "evidence": "lane:evidence", "physical evidence": "lane:evidence", "bukti": "lane:evidence",
    "bukti fisik": "lane:evidence",
    "answers": "lane:answers", "answers pain point": "lane:answers",
    "pain points answered": "lane:answers", "menjawab": "lane:answers",
    "menjawab masalah": "lane:answers",
}

#: Custom lanes the practitioners' guides name: folded phrase -> the key cjm gives it.
CUSTOM_PHRASES: dict[str, str] = {
    "apa prioritas utama pelanggan": "priorities", "prioritas": "priorities",
    "prioritas utama": "priorities", "priorities": "priorities",
    "what is the customer s top priority": "priorities",
    "bagaimana bagian di atas berbeda dari keadaan saat ini atau sebelumnya": "differs",
    "how does this differ from today": "differs",
}

#: Words that, anywhere in a label, tell its lane (checked in this order).
KEYWORDS: tuple[tuple[str, str], ...] = (
    ("titik kontak", "lane:touchpoints"), ("titik sentuh", "lane:touchpoints"),
    ("touchpoint", "lane:touchpoints"), ("touch point", "lane:touchpoints"),
    ("pain point", "lane:pain_points"), ("pikir", "lane:thinking"), ("think", "lane:thinking"),
    ("rasa", "lane:feeling"), ("feel", "lane:feeling"), ("tindakan", ACTION),
    ("opportunit", "lane:opportunities"), ("peluang", "lane:opportunities"),
    ("channel", "lane:channels"), ("saluran", "lane:channels"),
)

#: How a label says it holds whole stages, not steps: "Owner (whole stage)".
_WHOLE_STAGE = re.compile(r"\s*[(\[]\s*(whole stage|stage|seluruh tahap|tahap)\s*[)\]]\s*$",
                          re.IGNORECASE)


@dataclass(frozen=True)
class RowKind:
    """What a row is: ``role`` (one of the roles above, or ``lane``), the lane's
    ``key`` for a lane, ``whole_stage`` when its cells are a stage's, and ``how``
    it was recognised (for the report)."""

    role: str
    key: str | None = None
    whole_stage: bool = False
    how: str = ""
    known: bool = True

    @property
    def name(self) -> str:
        text = self.key if self.role == "lane" else self.role
        return f"{text} (whole stage)" if self.whole_stage else str(text)


def fold(text: str) -> str:
    """Case, accents and punctuation dropped: 'Apa titik kontak…?' -> 'apa titik kontak'."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w#]+", " ", text).replace("_", " ").split())


@cache
def _shipped_labels() -> dict[str, str]:
    """Lane labels of every shipped language (what ``cjm export`` writes), folded."""
    found: dict[str, str] = {}
    folder = resources.files("cjm_plugin.core").joinpath("locales")
    for entry in folder.iterdir():
        if not entry.name.endswith(".yml"):
            continue
        table = yaml.safe_load(entry.read_text("utf-8")) or {}
        for key, value in table.items():
            key = str(key)
            if key.startswith("lane."):
                found.setdefault(fold(str(value)), "lane:" + key[5:])
            elif key in SHEET_LABEL_ROLES:
                found.setdefault(fold(str(value)), SHEET_LABEL_ROLES[key])
    return found


#: Keys of the labels ``cjm export`` writes for rows that are not lanes.
SHEET_LABEL_ROLES: dict[str, str] = {
    "stage": STAGE, "step": STEP, "sheet.score": SCORE, "sheet.stage_description": STAGE_DESCRIPTION,
    "sheet.actors": ACTORS, "sheet.zoom": ZOOM, "sheet.details": DETAILS,
    "sheet.basis": BASIS, "sheet.source": SOURCE,
}


def strip_whole_stage(label: str) -> str:
    """The label without its "(whole stage)" ending: a custom lane's own label."""
    whole = _WHOLE_STAGE.search(label)
    return label[:whole.start()] if whole else label


def match_row(label: str, declared: dict[str, str] | None = None) -> RowKind:
    """What the row labelled ``label`` is; ``declared`` maps a custom lane's label
    (folded) to its key, from the sheet's map details."""
    whole = _WHOLE_STAGE.search(label)
    base = label[:whole.start()] if whole else label
    kind = _match(fold(base), declared or {})
    if whole and kind.role == "lane":
        return RowKind(kind.role, kind.key, True, kind.how, kind.known)
    return kind


def _match(folded: str, declared: dict[str, str]) -> RowKind:
    if folded in declared:
        return RowKind("lane", declared[folded], how="a custom lane of the map")
    for table in (PHRASES, _shipped_labels()):
        if folded in table:
            return _kind(table[folded], "recognised")
    if folded in CUSTOM_PHRASES:
        return RowKind("lane", CUSTOM_PHRASES[folded], how=_("a custom lane"), known=False)
    choices = {**_shipped_labels(), **PHRASES}
    best = process.extractOne(folded, list(choices), scorer=fuzz.ratio, score_cutoff=88)
    if best is not None and len(folded) >= 5:
        return _kind(choices[best[0]], _("guessed: close to '{label}'", label=best[0]))
    for word, target in KEYWORDS:
        if word in folded:
            return _kind(target, _("guessed from '{word}'", word=word))
    return RowKind("lane", None, how="not recognised", known=False)


def _kind(target: str, how: str) -> RowKind:
    if target.startswith("lane:"):
        return RowKind("lane", target[5:], how=how)
    return RowKind(target, how=how)


#: How a header cell numbers a step rather than naming it: "1", "Step 2", "Langkah 3".
NUMBERED = re.compile(r"^\s*(?:(?:step|langkah|tahap|stage|no\.?|#)\s*)?\d{1,3}\s*[.:)]?\s*$",
                      re.IGNORECASE)

#: Labels that tell the sheet is in Indonesian (for the names cjm makes up).
INDONESIAN_WORDS = ("apa ", "tahap", "langkah", "pelanggan", "skor", "titik", "peluang",
                    "masalah", "pikiran", "perasaan", "catatan", "pemilik", "bagaimana")
