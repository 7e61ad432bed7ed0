"""Polite spoken endings to the plain written form of records (行ってます → 行っている)."""

from seiho.lexicon.tokens import tokenize

_U_TO_A = dict(zip("うくぐすつぬぶむる", "わかがさたなばまら"))
_PAST_ENDINGS = {"カ行": "いた", "ガ行": "いだ", "サ行": "した", "タ行": "った", "ラ行": "った", "ワア行": "った", "ナ行": "んだ", "バ行": "んだ", "マ行": "んだ"}
_ENDING_CHARS = 200
_TRAILING_PARTICLES = {"ね", "よ", "な", "ねえ", "よね", "さ"}
# ございます is the polite form of ある, so its plain forms are those of ある, not of the
# dictionary form ござる. After a set phrase (ありがとうございます) it is dropped.
_GOZARU = {"present": "ある", "past": "あった", "negative": "ない"}
_SET_PHRASES = {"ありがとう", "おめでとう", "おはよう"}


def _past(token) -> str:
    """Return the plain past of a verb or auxiliary token (売り → 売った)."""
    base, conjugation = token.dictionary_form(), token.part_of_speech()[4]
    if base == "ござる":
        return _GOZARU["past"]
    if base == "てる":
        return "ていた"
    if base == "行く":
        return "行った"
    if conjugation.startswith("五段"):
        return base[:-1] + _PAST_ENDINGS.get(conjugation.split("-")[1], "った")
    if conjugation.startswith("サ行変格"):
        return base[:-2] + "した"
    if conjugation.startswith("カ行変格"):
        return "来た" if base.startswith("来") else "きた"
    return base[:-1] + "た"


def _negative(token) -> str:
    """Return the plain negative of a verb or auxiliary token (行き → 行かない)."""
    base, conjugation = token.dictionary_form(), token.part_of_speech()[4]
    if base == "ござる":
        return _GOZARU["negative"]
    if base == "てる":
        return "ていない"
    if conjugation.startswith("五段"):
        return base[:-1] + _U_TO_A.get(base[-1], "ら") + "ない"
    if conjugation.startswith("サ行変格"):
        return base[:-2] + "しない"
    if conjugation.startswith("カ行変格"):
        return "来ない" if base.startswith("来") else "こない"
    return base[:-1] + "ない"


def _present(token) -> str:
    base = token.dictionary_form()
    if base == "ござる":
        return _GOZARU["present"]
    return "ている" if base == "てる" else base


def plain_form(sentence: str) -> str:
    """Return ``sentence`` (without its 。) with a polite or colloquial ending made plain."""
    if len(sentence) > _ENDING_CHARS:
        # Only the ending changes, and SudachiPy rejects very long input.
        return sentence[:-_ENDING_CHARS] + plain_form(sentence[-_ENDING_CHARS:])
    tokens = tokenize(sentence)
    while tokens and tokens[-1].surface() in _TRAILING_PARTICLES and tokens[-1].part_of_speech()[0] == "助詞":
        tokens = tokens[:-1]
    if not tokens:
        return sentence
    surfaces = [token.surface() for token in tokens]

    def before(count: int) -> str:
        return sentence[:tokens[-count].begin()]

    if len(tokens) >= 3 and surfaces[-2:] == ["ござい", "ます"] and surfaces[-3] in _SET_PHRASES:
        return before(2)
    if len(tokens) >= 4 and surfaces[-3:] == ["ござい", "まし", "た"] and surfaces[-4] in _SET_PHRASES:
        return before(3)
    if surfaces[-3:] == ["ませ", "ん", "でし"] or surfaces[-4:-1] == ["ませ", "ん", "でし"]:
        offset = 4 if surfaces[-1] == "た" else 3
        head = tokens[-offset - 1] if len(tokens) > offset else None
        return (before(offset + 1) + _negative(head)[:-2] + "なかった") if head else sentence
    if len(tokens) >= 3 and surfaces[-2:] == ["ませ", "ん"]:
        return before(3) + _negative(tokens[-3])
    if len(tokens) >= 3 and surfaces[-2:] == ["まし", "た"]:
        return before(3) + _past(tokens[-3])
    if len(tokens) >= 2 and surfaces[-1] == "ます":
        return before(2) + _present(tokens[-2])
    if len(tokens) >= 2 and tokens[-2].dictionary_form() == "てる" and surfaces[-1] in ("た", "ない"):
        # Colloquial 持ってた / 行ってない: the te-iru auxiliary with its い dropped.
        return before(2) + ("ていた" if surfaces[-1] == "た" else "ていない")
    if tokens[-1].dictionary_form() == "てる" and surfaces[-1] in ("てる", "でる"):
        return before(1) + surfaces[-1][0] + "いる"
    if surfaces[-1] == "でし" or surfaces[-2:] == ["でし", "た"]:
        return before(2 if surfaces[-1] == "た" else 1) + "だった"
    if surfaces[-1] == "です":
        end = before(1)
        if len(tokens) >= 2 and surfaces[-2] in ("ん", "の") and tokens[-2].part_of_speech()[0] == "助詞":
            end = before(2)
        # What remains may itself end colloquially (行ってないです → 行ってない → 行っていない).
        return plain_form(end) if end else end
    return sentence[:tokens[-1].end()]
