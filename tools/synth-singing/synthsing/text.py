"""Text side: MMS-style normalisation to CTC targets, and lyric-like line extraction
from Debian text packages (fortunes, French man pages / Debian reference, word lists)."""
import glob
import gzip
import html
import os
import re
import unicodedata

VOCAB = ["<blank>", "<pad>", "</s>", "<unk>", "a", "i", "e", "n", "o", "u", "t", "s", "r", "m", "k",
         "l", "d", "g", "h", "y", "b", "p", "w", "c", "v", "j", "z", "f", "'", "q", "x"]
TOKEN_ID = {t: i for i, t in enumerate(VOCAB)}

# uroman's departures from "decompose and drop the accent" (same table as the C# normaliser).
_LATIN_EXCEPTIONS = {
    "ä": "ae", "å": "aa", "æ": "ae", "ö": "oe", "ø": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss",
    "ç": "s", "ð": "th", "þ": "th", "đ": "d", "ħ": "h", "ı": "i", "ł": "l", "ŋ": "ng",
    "œ": "oe", "ş": "sh", "ŧ": "t", "ĸ": "kr",
}
_CURLY = "\u2019\u2018\u201b\u02bc\u00b4\u0060"


def normalize_word(word):
    """One word -> string over a-z and "'" (may be empty)."""
    t = unicodedata.normalize("NFKC", word).lower()
    out = []
    for i, c in enumerate(t):
        if c in _CURLY:
            if 0 < i < len(t) - 1 and t[i - 1].isalpha() and t[i + 1].isalpha():
                out.append("'")
            continue
        if c == "'":
            out.append("'")
            continue
        if c in _LATIN_EXCEPTIONS:
            out.append(_LATIN_EXCEPTIONS[c])
            continue
        if not c.isalpha():
            continue
        for d in unicodedata.normalize("NFD", c):
            if "a" <= d <= "z":
                out.append(d)
    return "".join(out)


def targets(text):
    """Text -> list of token ids (spaces are not targets)."""
    ids = []
    for w in text.split():
        ids.extend(TOKEN_ID[c] for c in normalize_word(w))
    return ids


# ---------------------------------------------------------------- corpora
_LETTERS = "a-zA-ZàâäáãåçéèêëíìîïñóòôöõúùûüýÿœæßÀÂÄÁÃÇÉÈÊËÍÎÏÑÓÔÖÕÚÙÛÜŒÆ"
_WORD_RE = re.compile(r"^[%s]+(?:'[%s]+)?$" % (_LETTERS, _LETTERS))


def _clean_clause(s):
    s = s.replace("\u2019", "'").replace("`", "'")
    s = re.sub(r"[«»\"“”„()\[\]{}*_]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s


def _clauses(paragraph):
    # split into sentences and long clauses; lyric lines are short
    for sent in re.split(r"(?<=[.!?;:])\s+|\s+[-–—]\s+", paragraph):
        sent = sent.strip(" .!?;:,")
        parts = [sent]
        if len(sent.split()) > 12:
            parts = [p.strip() for p in sent.split(",")]
        for p in parts:
            p = _clean_clause(p.strip(" .!?;:,"))
            p = " ".join(p.replace(",", " ").split())
            if p:
                yield p


def _good(line, lo=3, hi=12, vocab=None):
    ws = line.split()
    if not (lo <= len(ws) <= hi):
        return False
    for w in ws:
        if not _WORD_RE.match(w):
            return False
        if len(w) > 1 and w.isupper():
            return False  # acronyms
        if vocab is not None:
            core = w.lower().split("'")[-1]
            if core not in vocab and w.lower() not in vocab:
                return False
    return True


def _fortune_paragraphs(paths):
    for p in paths:
        if p.endswith(".dat") or os.path.isdir(p):
            continue
        try:
            raw = open(p, "rb").read().decode("utf-8")
        except (UnicodeDecodeError, OSError):
            try:
                raw = open(p, "rb").read().decode("latin-1")
            except OSError:
                continue
        for cookie in raw.split("\n%\n"):
            # drop attributions and indented blocks
            lines = [l for l in cookie.split("\n") if l.strip() and not l.strip().startswith(("--", "-- ", "\t\t"))]
            yield " ".join(l.strip() for l in lines)


def _fortune_files(*packages):
    """Fortune data files installed by the given Debian packages (from dpkg's file lists)."""
    files = []
    for pkg in packages:
        try:
            with open("/var/lib/dpkg/info/%s.list" % pkg, encoding="utf-8") as fh:
                files += [l.strip() for l in fh if l.startswith("/usr/share/games/fortunes/")]
        except OSError:
            continue
    names = set(files)
    out = []
    for f in sorted(names):
        if f.endswith(".dat") or os.path.isdir(f) or not os.path.isfile(f):
            continue
        if f.endswith(".u8") or f + ".u8" not in names:
            out.append(f)
    return out


def _load_vocab(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return set(l.strip().lower() for l in fh if l.strip())
    except OSError:
        return None


def _french_paragraphs():
    # French man pages (groff), Debian reference (HTML), message catalogues
    for p in sorted(glob.glob("/usr/share/man/fr/man*/*.gz")):
        try:
            t = gzip.open(p, "rb").read().decode("utf-8", "replace")
        except OSError:
            continue
        buf = []
        for l in t.split("\n"):
            if l.startswith(".") or l.startswith("'"):
                if buf:
                    yield " ".join(buf)
                    buf = []
                continue
            l = re.sub(r"\\f[BIRP]|\\[-&(e]|\\\(..", " ", l)
            buf.append(l)
        if buf:
            yield " ".join(buf)
    for p in sorted(glob.glob("/usr/share/doc/debian-reference-fr/docs/*.html")) + \
            sorted(glob.glob("/usr/share/doc/debian-reference-fr/**/*.html", recursive=True)):
        try:
            t = open(p, encoding="utf-8", errors="replace").read()
        except OSError:
            continue
        t = re.sub(r"<(script|style|pre|code|tt)[^>]*>.*?</\1>", " ", t, flags=re.S)
        for para in re.split(r"</p>|<br\s*/?>|</li>|</h\d>", t):
            yield html.unescape(re.sub(r"<[^>]+>", " ", para))


def corpus(lang):
    """Sorted, de-duplicated list of lyric-like lines for a language code (fr en es de it pt)."""
    if lang == "en":
        paras = _fortune_paragraphs(_fortune_files("fortunes", "fortunes-min"))
        vocab = _load_vocab("/usr/share/dict/american-english")
    elif lang in ("de", "es", "it"):
        paras = _fortune_paragraphs(_fortune_files("fortunes-" + lang))
        vocab = None
    elif lang == "pt":
        paras = _fortune_paragraphs(_fortune_files("fortunes-br"))
        vocab = None
    elif lang == "fr":
        paras = _french_paragraphs()
        vocab = _load_vocab("/usr/share/dict/french")
    else:
        raise ValueError(lang)
    seen = set()
    for para in paras:
        for c in _clauses(re.sub(r"\s+", " ", para)):
            if _good(c, vocab=vocab):
                k = c.lower()
                if k not in seen:
                    seen.add(k)
    return sorted(seen)


def is_heldout(line):
    """Deterministic 1-in-20 text hold-out: these lines are never used for training and are
    the only ones the synthetic golden sets and the held-out test shards are made from."""
    import hashlib
    return int(hashlib.md5(line.encode("utf-8")).hexdigest()[:8], 16) % 20 == 0


# words that make man-page / manual French read like documentation, not lyrics
FR_TECH = set("""fichier fichiers option options commande commandes système systèmes paquet paquets debian
utilisateur utilisateurs répertoire répertoires serveur serveurs noyau programme programmes configuration
périphérique périphériques valeur valeurs paramètre paramètres argument arguments variable variables
processus mémoire disque disques partition partitions réseau adresse adresses octets octet code sortie
entrée format formats fonction fonctions bibliothèque appel appels pointeur signal signaux descripteur
erreur erreurs mode modes champ champs table tables page pages manuel section sections installation
installer installé installée logiciel logiciels version versions linux unix script scripts shell noms
nom texte défaut chaîne chaînes caractère caractères ligne lignes liste listes interface terminal
console clavier session sessions compte comptes accès droits permission permissions racine archive
archives source sources binaire binaires exécutable exécution exécuter paramétrage structure type types
numéro nombre taille bloc blocs données donnée base fenêtre fenêtres écran pilote pilotes module modules
""".split())


def lyric_like_fr(lines, lo=4, hi=9):
    out = []
    for l in lines:
        ws = l.split()
        if not (lo <= len(ws) <= hi):
            continue
        if any(len(w) == 1 and w.lower() not in ("a", "à", "y", "ô", "o") for w in ws):
            continue  # stray option letters from manual pages
        if not any(w.lower().split("'")[-1] in FR_TECH for w in ws):
            out.append(l)
    return out


# Non-lexical sung syllables that real lyrics write out ("oh oh oh", "la la la"): no corpus carries them as
# sung lines, and held vowels with little consonant to lock on are exactly where an aligner drifts.
VOCALISE_SYLLABLES = {
    "fr": ["oh", "ooh", "ah", "la", "na", "ouh", "eh", "hey", "yeah", "ouais"],
    "en": ["oh", "ooh", "ah", "la", "na", "yeah", "hey", "whoa", "uh"],
    "es": ["oh", "ah", "la", "na", "eh", "ay", "uh", "oooh"],
    "it": ["oh", "ah", "la", "na", "eh", "uh"],
    "pt": ["oh", "ah", "la", "na", "eh", "uh", "ai"],
    "de": ["oh", "ah", "la", "na", "hey", "yeah", "uh"],
}


def vocalise_line(rng, lang, tail=None):
    """A line of 2-5 repeated non-lexical syllables ("ooh ooh ooh"), sometimes two kinds ("oh oh la la"),
    optionally followed by a lyric line (tail)."""
    syl = VOCALISE_SYLLABLES[lang]
    words = [str(rng.choice(syl))] * int(rng.integers(2, 6))
    if rng.random() < 0.25:
        words += [str(rng.choice(syl))] * int(rng.integers(1, 4))
    if tail:
        words.append(tail)
    return " ".join(words)
