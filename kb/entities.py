"""The entity catalog: models, their variants, providers, platforms, countries.

Entities come from two places: the leaderboards' entity hints (OpenRouter ids,
permaslugs and display names; LiteLLM keys; arena, Epoch and Artificial
Analysis names) via :func:`upsert_entity`, and the curated ``kb/entities.toml``
for what no data gives (author -> country, company -> products, common
spellings) via :func:`load_curated`.

Every name is stored in ``entity_aliases`` under its *key* (:func:`alias_key`),
so that the forms one model takes resolve to one entity::

    DeepSeek V3.2, DeepSeek-V3.2, deepseek/deepseek-v3.2,
    deepseek/deepseek-v3.2-20251201, "DeepSeek: DeepSeek V3.2"  -> deepseekv3.2

The key drops an ``author/`` or route prefix (``openrouter/``, ``azure/``), an
``Author: `` display prefix, parentheticals (``(free)``, ``(xhigh)``), case and
separators; ``3-5`` between single digits becomes ``3.5`` (``claude-3-5-sonnet``
= ``Claude 3.5 Sonnet``).  A trailing release date (``-20251201``,
``-2024-05-13``) stays in the key, because dated permaslugs of one name can be
different models (``deepseek-v4-flash-20260423`` and ``-20260731``); the
dateless key is kept as a *weak* alias (origin ``.../dateless``) of the first
dated release seen, which a real name (the OpenRouter id) takes over, and a
lookup falls back to it.  So a permaslug joins its model through the
``canonical_slug`` alias the models catalogue gives, or through its stem when
nothing else claims it.  Variants (``:free``, ``:batch``...) keep their
suffix (``deepseekv3.2:free``) and are entities of kind ``variant`` whose
parent is the model; resolving a variant nobody has seen falls back to its
model.

:class:`EntityResolver` (``resolver(subject) -> entity_id | None``) finds a
known entity named inside a claim's free-text subject ("DeepSeek V3.2's API",
"ByteDance's Doubao platform", "Chinese AI models").
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Iterable

from sqlite_utils import Database

from crawler.leaderboards.base import EntityHint

KINDS = ("model", "variant", "provider", "platform", "country", "aggregate")
CURATED = Path(__file__).with_name("entities.toml")

_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_DATE_SUFFIX = re.compile(r"[-_ ](20\d\d)([-_]?)(0[1-9]|1[0-2])\2([0-3]\d)$")
_DIGIT_PAIR = re.compile(r"(?<![\d.])(\d)[-_ ](\d)(?![\d])")
_JUNK = re.compile(r"[^\w.]+|_")
_DATED_KEY = re.compile(r"20\d\d(0[1-9]|1[0-2])[0-3]\d(:[a-z][a-z0-9_-]*)?$")
#: the origin suffix of an alias that is a dated name's key without its date
WEAK = "/dateless"
_COMPARE = (("≤", " le "), ("<=", " le "), ("≥", " ge "), (">=", " ge "), (">", " gt "), ("<", " lt "))


def split_variant(name: str) -> tuple[str, str | None]:
    """``deepseek/deepseek-v3.2:free`` -> (``deepseek/deepseek-v3.2``, ``free``).

    A display prefix (``DeepSeek: DeepSeek V3.2``, colon then space) is not a
    variant, nor a numeric suffix (``...-v1:0``).
    """
    s = name.strip()
    if ": " in s:
        s = s.split(": ", 1)[1]
    if ":" in s:
        base, v = s.rsplit(":", 1)
        v = v.strip().lower()
        if base and re.fullmatch(r"[a-z][a-z0-9_-]*", v):
            return base, v
    return s, None


def base_key(name: str, *, dateless: bool = False) -> str:
    """The lookup key of a name without its variant (see the module docstring).

    A trailing release date stays in the key (``deepseekv4flash20260731`` and
    ``deepseekv4flash20260423`` are different models) unless ``dateless``.
    """
    s = name.strip().lower().lstrip("~")
    if ": " in s:
        s = s.split(": ", 1)[1]
    s = _PAREN.sub(" ", s)
    for a, b in _COMPARE:
        s = s.replace(a, b)
    s = s.replace("\u2019", "'").replace("'s ", " ")
    if s.endswith("'s"):
        s = s[:-2]
    s = s.strip()
    if "/" in s.rstrip("/"):
        s = s.rstrip("/").rsplit("/", 1)[1]
    if dateless:
        stripped = _DATE_SUFFIX.sub("", s)
        if stripped.strip(" -_"):
            s = stripped
    s = _DIGIT_PAIR.sub(r"\1.\2", s)
    s = s.replace(":", "-")
    s = _JUNK.sub("", s).strip(".")
    return s


def has_date(name: str) -> bool:
    """The name ends in a release date (``-20251201``, ``-2024-05-13``)."""
    base, _ = split_variant(name)
    return bool(_DATE_SUFFIX.search(_PAREN.sub(" ", base).strip().lower()))


def alias_key(name: str, kind: str | None = None, *, dateless: bool = False) -> str:
    """The key ``name`` is stored and looked up under; variants keep ``:<variant>``."""
    base, variant = split_variant(name)
    key = base_key(base, dateless=dateless)
    if variant and kind in (None, "variant"):
        return f"{key}:{variant}"
    return key


# -- the in-memory catalog -------------------------------------------------------


class Catalog:
    """Aliases and entities of one database, in memory (loaded once)."""

    def __init__(self, db: Database):
        self.db = db
        self.alias: dict[str, int] = {}
        self.kind: dict[int, str] = {}
        self.by_name: dict[tuple[str, str], int] = {}
        self.parent: dict[int, int | None] = {}
        self.country: dict[int, str | None] = {}
        self.dated: set[int] = set()  # entities known under a dated name (a permaslug)
        self.weak: set[str] = set()  # dateless keys standing in for a dated name
        self.reload()

    def reload(self) -> None:
        for d in (self.alias, self.kind, self.by_name, self.parent, self.country):
            d.clear()
        self.dated.clear()
        self.weak.clear()
        for r in self.db.execute("select id, name, kind, parent_id, country from entities"):
            self.kind[r[0]] = r[2]
            self.by_name[(r[2], r[1])] = r[0]
            self.parent[r[0]] = r[3]
            self.country[r[0]] = r[4]
            if has_date(r[1]):
                self.dated.add(r[0])
        for alias, eid, origin in self.db.execute("select alias, entity_id, origin from entity_aliases"):
            self.alias[alias] = eid
            if origin and origin.endswith(WEAK):
                self.weak.add(alias)
            elif _DATED_KEY.search(alias):
                self.dated.add(eid)

    def lookup(self, name: str, kind: str | None = None) -> int | None:
        """Exact (kind, name), then the name's key, then its key without a
        release date, then (for an unseen variant) its model."""
        if not name or not name.strip():
            return None
        if kind and (kind, name) in self.by_name:
            return self.by_name[(kind, name)]
        for key in dict.fromkeys([alias_key(name, kind), alias_key(name, kind, dateless=True)]):
            eid = self.alias.get(key)
            if eid is None and ":" in key:
                eid = self.alias.get(key.split(":", 1)[0])
            if eid is not None:
                if kind and self.kind.get(eid) != kind:
                    return None
                return eid
        return None


def catalog(db: Database) -> Catalog:
    """The catalog cached on ``db`` (built on first use)."""
    cat = getattr(db, "_claimwatch_catalog", None)
    if cat is None:
        cat = Catalog(db)
        db._claimwatch_catalog = cat  # type: ignore[attr-defined]
    return cat


def forget_catalog(db: Database) -> None:
    """Drop the catalog cached on ``db`` (after a rolled-back write it may name
    entities that no longer exist); the next use reloads it."""
    if getattr(db, "_claimwatch_catalog", None) is not None:
        db._claimwatch_catalog = None  # type: ignore[attr-defined]


# -- writes ------------------------------------------------------------------------


def _names(hint: EntityHint) -> list[str]:
    return [n for n in dict.fromkeys([hint.name, *hint.aliases]) if n and n.strip()]


def _find(cat: Catalog, hint: EntityHint, names: list[str]) -> int | None:
    """The existing entity a hint names: by (kind, name), by any name's key,
    else by a name's key without its release date -- but never joining two
    different dated releases (``v4-flash-20260423`` vs ``v4-flash-20260731``)."""
    eid = cat.by_name.get((hint.kind, hint.name))
    if eid is not None:
        return eid
    for n in names:
        key = alias_key(n, hint.kind)
        found = cat.alias.get(key)
        if found is not None and key not in cat.weak and cat.kind.get(found) == hint.kind:
            return found
    hint_dated = any(has_date(n) for n in names)
    for n in names:
        found = cat.alias.get(alias_key(n, hint.kind, dateless=True))
        if found is not None and cat.kind.get(found) == hint.kind:
            if hint_dated and found in cat.dated:
                continue
            return found
    return None


def upsert_entity(db: Database, hint: EntityHint, *, origin: str = "hint") -> int:
    """Find the entity ``hint`` names (by any of its names) or create it; add
    its aliases, and its parent and country where the entity has none yet.
    Returns the entity id."""
    if hint.kind not in KINDS:
        raise ValueError(f"entity {hint.name!r}: unknown kind {hint.kind!r} (known: {', '.join(KINDS)})")
    cat = catalog(db)
    names = _names(hint)
    if not names:
        raise ValueError("entity hint without a name")
    eid = _find(cat, hint, names)
    if eid is not None:
        for n in names:  # the hint's identifiers prove that two entities are one: merge them
            if any(ch.isspace() for ch in n.strip()):
                continue  # a display name is a weaker claim than an id or permaslug
            key = alias_key(n, hint.kind)
            other = cat.alias.get(key)
            if other is not None and other != eid and key not in cat.weak and cat.kind.get(other) == hint.kind:
                keep, drop = min(eid, other), max(eid, other)
                merge_entities(db, keep, drop)
                eid = keep
    parent_id = None
    if hint.parent and hint.parent.strip():
        parent_kind = hint.parent_kind or "provider"
        if parent_kind != hint.kind or alias_key(hint.parent, parent_kind) != alias_key(hint.name, hint.kind):
            parent_id = upsert_entity(db, EntityHint(hint.parent, parent_kind), origin=origin)
    if eid is None:
        eid = db["entities"].insert({
            "name": hint.name, "kind": hint.kind, "parent_id": parent_id,
            "country": hint.country, "url": hint.url,
        }).last_pk
        cat.kind[eid] = hint.kind
        cat.by_name[(hint.kind, hint.name)] = eid
        cat.parent[eid] = parent_id
        cat.country[eid] = hint.country
    else:
        updates: dict[str, Any] = {}
        if parent_id is not None and cat.parent.get(eid) is None and parent_id != eid:
            updates["parent_id"] = parent_id
            cat.parent[eid] = parent_id
        if hint.country and not cat.country.get(eid):
            updates["country"] = hint.country
            cat.country[eid] = hint.country
        if updates:
            db["entities"].update(eid, updates)
    if any(has_date(n) for n in names):
        cat.dated.add(eid)
    new_aliases, taken = [], []
    for key in dict.fromkeys(alias_key(n, hint.kind) for n in names):
        if not key:
            continue
        if key not in cat.alias:
            new_aliases.append({"alias": key, "entity_id": eid, "origin": origin})
        elif key in cat.weak and cat.alias[key] != eid:
            taken.append(key)  # a real name beats a dateless stand-in
        else:
            continue
        cat.alias[key] = eid
        cat.weak.discard(key)
    for n in names:
        if has_date(n):
            key = alias_key(n, hint.kind, dateless=True)
            if key and key not in cat.alias:
                cat.alias[key] = eid
                cat.weak.add(key)
                new_aliases.append({"alias": key, "entity_id": eid, "origin": origin + WEAK})
    for key in taken:
        db["entity_aliases"].update(key, {"entity_id": eid, "origin": origin})
    if new_aliases:
        db["entity_aliases"].insert_all(new_aliases, pk="alias", ignore=True)
    return eid


def merge_entities(db: Database, keep: int, drop: int) -> None:
    """Fold entity ``drop`` into ``keep``: its aliases, children and every row
    that points at it (observations, claims, any ``entity_id`` column) move
    over, then it is deleted."""
    cat = catalog(db)
    with db.atomic():
        for table in db.table_names():
            if table in ("entities", "entity_aliases") or table.endswith(("_fts", "_fts_data", "_fts_idx",
                                                                            "_fts_docsize", "_fts_config")):
                continue
            if "entity_id" in db[table].columns_dict:
                db.execute(f"update [{table}] set entity_id = ? where entity_id = ?", [keep, drop])
        db.execute("update entity_aliases set entity_id = ? where entity_id = ?", [keep, drop])
        db.execute("update entities set parent_id = ? where parent_id = ?", [keep, drop])
        db.execute("update entities set parent_id = null where id = ? and parent_id = ?", [keep, keep])
        row = db["entities"].get(drop)
        kept = db["entities"].get(keep)
        fill = {k: row[k] for k in ("parent_id", "country", "url") if kept.get(k) is None and row.get(k) is not None
                and row[k] != keep}
        db["entities"].delete(drop)
        if fill:
            db["entities"].update(keep, fill)
    for key, eid in list(cat.alias.items()):
        if eid == drop:
            cat.alias[key] = keep
    for k, eid in list(cat.by_name.items()):
        if eid == drop:
            cat.by_name[k] = keep
    for eid, parent in list(cat.parent.items()):
        if parent == drop:
            cat.parent[eid] = keep
    if drop in cat.dated:
        cat.dated.add(keep)
    cat.parent[keep] = db["entities"].get(keep)["parent_id"]
    cat.country[keep] = db["entities"].get(keep)["country"]
    for d in (cat.kind, cat.parent, cat.country):
        d.pop(drop, None)
    cat.dated.discard(drop)


def upsert_entities(db: Database, hints: Iterable[EntityHint], *, origin: str = "hint") -> dict[tuple[str, str], int]:
    """Upsert many hints in one transaction; ``{(kind, name): id}``."""
    out: dict[tuple[str, str], int] = {}
    with db.atomic():
        for h in hints:
            out[(h.kind, h.name)] = upsert_entity(db, h, origin=origin)
    return out


def load_curated(db: Database, path: str | Path | None = None) -> int:
    """Load the curated catalog (``kb/entities.toml``); returns entities touched.

    Curated facts win over what the data said: a curated company's country and
    a curated product's company overwrite the stored ones.
    """
    path = Path(path) if path else CURATED
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the curated entities ({exc})") from None
    n = 0
    with db.atomic():
        for c in data.get("country", []):
            eid = upsert_entity(db, EntityHint(c["name"], "country", aliases=[c["code"], *c.get("aliases", [])],
                                               country=c["code"]), origin="curated")
            _force(db, eid, country=c["code"])
            _rename(db, eid, c["name"])
            n += 1
        for c in data.get("company", []):
            eid = upsert_entity(db, EntityHint(c["name"], "provider", aliases=c.get("aliases", []),
                                               country=c.get("country"), url=c.get("url")), origin="curated")
            if c.get("country"):
                _force(db, eid, country=c["country"])
            _rename(db, eid, c["name"])
            if c.get("parent"):
                pid = upsert_entity(db, EntityHint(c["parent"], "provider"), origin="curated")
                _force(db, eid, parent_id=pid)
            n += 1
            for p in c.get("products", []):
                pname, paliases = (p, []) if isinstance(p, str) else (p["name"], p.get("aliases", []))
                pid = upsert_entity(db, EntityHint(pname, "platform", aliases=paliases, parent=c["name"],
                                                   parent_kind="provider"), origin="curated")
                _force(db, pid, parent_id=eid)
                _rename(db, pid, pname)
                n += 1
        for p in data.get("platform", []):
            eid = upsert_entity(db, EntityHint(p["name"], "platform", aliases=p.get("aliases", []),
                                               parent=p.get("company"), parent_kind="provider",
                                               country=p.get("country"), url=p.get("url")), origin="curated")
            _rename(db, eid, p["name"])
            n += 1
        for m in data.get("model", []):
            eid = upsert_entity(db, EntityHint(m["name"], "model", aliases=m.get("aliases", []),
                                               parent=m.get("author"), parent_kind="provider"), origin="curated")
            n += 1
    return n


def _rename(db: Database, eid: int, name: str) -> None:
    """Give a curated entity its curated name (``OpenAI``, not the slug ``openai``
    it may have been created under), unless another entity of its kind has it."""
    cat = catalog(db)
    kind = cat.kind[eid]
    holder = cat.by_name.get((kind, name))
    if holder is not None:
        return
    old = [k for k, v in cat.by_name.items() if v == eid]
    db["entities"].update(eid, {"name": name})
    for k in old:
        del cat.by_name[k]
    cat.by_name[(kind, name)] = eid


def _force(db: Database, eid: int, **values) -> None:
    cat = catalog(db)
    if "country" in values:
        cat.country[eid] = values["country"]
    if "parent_id" in values and values["parent_id"] != eid:
        cat.parent[eid] = values["parent_id"]
    else:
        values.pop("parent_id", None)
    if values:
        db["entities"].update(eid, values)


# -- reads -------------------------------------------------------------------------


def resolve(db: Database, name: str | None, kind: str | None = None) -> int | None:
    """The entity ``name`` is a form of (exact forms only; see EntityResolver
    for free text), or None.  Uses the catalog cached on ``db``."""
    if not name:
        return None
    return catalog(db).lookup(name, kind)


def country_of(db: Database, entity_id: int) -> str | None:
    """The entity's country, or its nearest ancestor's (model -> author -> parent company)."""
    cat = catalog(db)
    seen: set[int] = set()
    eid: int | None = entity_id
    while eid is not None and eid not in seen:
        seen.add(eid)
        if cat.country.get(eid):
            return cat.country[eid]
        eid = cat.parent.get(eid)
    return None


#: words that are aliases of something but mean nothing alone in a subject
STOP = {"ai", "api", "app", "all", "auto", "chat", "model", "models", "other", "others", "the", "it",
        "us", "we", "our", "one", "new", "free", "pro", "max", "mini", "open"}
KIND_RANK = {"variant": 5, "model": 4, "platform": 3, "provider": 2, "country": 1}
_TOKEN = re.compile(r"[^\s/,;:()\[\]\"“”]+")


class EntityResolver:
    """``resolver(subject) -> entity_id | None`` for claim subjects.

    Tries the whole subject as a name, then every run of its words (longest
    first); among runs of the same length, a model beats a platform beats a
    provider beats a country, then the later run wins ("ByteDance's Doubao
    platform" -> Doubao).  Aggregates and bare common words never match;
    country codes of two or three letters must be written in capitals ("US").
    Aliases are read once, at construction (``refresh()`` re-reads them).
    """

    def __init__(self, db: Database, *, cache_size: int = 100_000):
        self.db = db
        if db.execute("select 1 from entity_aliases where origin = 'curated' limit 1").fetchone() is None:
            load_curated(db)  # countries and companies, so "Chinese models" resolves from day one
        self.cat = Catalog(db)
        self._cache: dict[str, int | None] = {}
        self._cache_size = cache_size

    def refresh(self) -> None:
        self.cat.reload()
        self._cache.clear()

    def __call__(self, subject: str | None) -> int | None:
        if not subject or not subject.strip():
            return None
        if subject in self._cache:
            return self._cache[subject]
        found = self._resolve(subject)
        if len(self._cache) >= self._cache_size:
            self._cache.clear()
        self._cache[subject] = found
        return found

    @staticmethod
    def _token_key(token: str) -> str:
        t = token.lower().replace("\u2019", "'")
        if t.endswith("'s"):
            t = t[:-2]
        t = _DIGIT_PAIR.sub(r"\1.\2", t)
        return _JUNK.sub("", t).strip(".")

    def _resolve(self, subject: str) -> int | None:
        eid = self.cat.lookup(subject)
        if eid is not None and self.cat.kind.get(eid) != "aggregate":
            return eid
        tokens = _TOKEN.findall(subject)
        keys = [self._token_key(t) for t in tokens]
        alias, kinds = self.cat.alias, self.cat.kind
        best: tuple | None = None
        for n in range(min(len(tokens), 6), 0, -1):
            for i in range(len(tokens) - n + 1):
                key = "".join(keys[i:i + n])
                found = alias.get(key)
                if found is None or len(key) < 2 or key.isdigit():
                    continue
                upper = "".join(tokens[i:i + n]).replace(".", "").isupper()
                if key in STOP and not (upper and len(key) <= 3):
                    continue
                kind = kinds.get(found)
                if kind not in KIND_RANK or (kind == "country" and len(key) <= 3 and not upper):
                    continue
                cand = (KIND_RANK[kind], i, found)
                if best is None or cand[:2] > best[:2]:
                    best = cand
            if best is not None:
                return best[2]
        return None
