"""Sentences of a transcript sorted into record fields by rules from data/drafting/fields.yaml."""

import functools
import re
from dataclasses import dataclass

import yaml

from seiho.errors import SeihoError
from seiho.paths import data_dir

CASEWORKER_LABELS = {"CW", "cw", "ケースワーカー", "職員", "担当", "相談員"}
OTHER_FIELD = "その他"
# Fields that record what the person's situation is, as opposed to what the caseworker explained or agreed.
FACT_FIELDS = {"主訴", "相談経緯", "世帯構成", "生活歴・就労", "収入", "家賃", "預貯金・資産", "負債", "扶養義務者", "健康状態・通院", "介護", "生活状況", "その他"}

# Whisper often ends a phrase with a space instead of 。, and Japanese puts no spaces inside sentences.
_SENTENCE = re.compile(r"[^。！？!?\s　]+[。！？!?]?")
_FILLERS = re.compile(r"^(?:えーと|えっと|ええと|えー|あのー|あの|まあ|うーん|ええ|はい|うん|ああ|あ|そうですね|そうですか|そうでしたか|なるほど|実は|それでは|それで|では|じゃあ|で)(?:[、。\s]+|$)")
_QUESTION = re.compile(r"(か|かね|でしょうか|でしょう|ますか|ですか)[？?]?$|[？?]$")
_CONFIRMATION = re.compile(r"(ですね|ますね|ね)$")
# A back-channel word may run straight into the greeting (「はーいありがとうございます」).
_SMALL_TALK = re.compile(r"^(?:は[ーあぁ]?い|ええ|ああ)?[、\s]*(お待たせ|こんにちは|こんばんは|失礼します|ありがとう|よろしく|分かりました|わかりました|助かります|どうも|どうぞ|すみません|ご迷惑|はい|いいえ|お疲れ|お大事に|もしもし|お願いします)")
_CASEWORKER_CUES = re.compile(r"ください|させていただ|ご説明|お伺い|伺います|いただけますか|いただきます|ご案内|ご安心|しましょう|できますので|なります。?$")


@dataclass(frozen=True)
class FieldRules:
    """Record type, heading and field order per kind, and the keywords of each field."""

    record_types: dict[str, str]
    headings: dict[str, str]
    fields: dict[str, tuple[str, ...]]
    keywords: dict[str, tuple[str, ...]]


@functools.cache
def field_rules() -> FieldRules:
    """Load data/drafting/fields.yaml."""
    path = data_dir() / "drafting" / "fields.yaml"
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        return FieldRules(
            record_types=dict(content["record_types"]),
            headings=dict(content["headings"]),
            fields={kind: tuple(names) for kind, names in content["fields"].items()},
            keywords={name: tuple(words) for name, words in content["keywords"].items()},
        )
    except (OSError, KeyError, TypeError, yaml.YAMLError) as error:
        raise SeihoError(
            f"記録の欄の設定 {path} を読めません（{error}）。ファイルを元に戻してください。",
            f"cannot read field rules {path}: {error}",
        ) from error


def record_fields(kind: str | None = None) -> tuple[str, ...]:
    """Return the fields of one kind of record (intake, visit, phone) in its order, or of all kinds when None."""
    fields = field_rules().fields
    if kind in fields:
        return fields[kind]
    ordered: list[str] = []
    for names in fields.values():
        ordered += [name for name in names if name not in ordered]
    return tuple(ordered)


def split_sentences(text: str) -> list[str]:
    """Split a segment's text into sentences, each without its closing 。."""
    sentences = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group(0).strip().rstrip("。！？!?").strip("、 ")
        if sentence:
            sentences.append(sentence)
    return sentences


def strip_fillers(sentence: str) -> str:
    """Remove fillers and back-channel words from the start of a sentence (えーと、あの、はい …)."""
    previous = None
    while previous != sentence:
        previous = sentence
        sentence = _FILLERS.sub("", sentence).strip()
    return sentence


def is_question(sentence: str) -> bool:
    """Return whether a sentence is a question (ends with か, ですか, ？)."""
    return bool(_QUESTION.search(sentence))


def is_confirmation(sentence: str) -> bool:
    """Return whether a sentence repeats something back to be confirmed (ends with ね)."""
    return bool(_CONFIRMATION.search(sentence))


def is_small_talk(sentence: str) -> bool:
    """Return whether a sentence is a greeting or an acknowledgement with nothing to record."""
    return bool(_SMALL_TALK.match(sentence)) and len(sentence) < 20


def spoken_by_caseworker(speaker: str | None, sentence: str, field: str | None = None) -> bool:
    """Return whether the caseworker said the sentence: by the speaker label, or, when unlabelled, by its wording.

    An unlabelled sentence that explains the scheme (field 説明事項) is taken as the caseworker's.
    """
    if speaker:
        label = speaker.strip()
        if label in CASEWORKER_LABELS:
            return True
        if label not in ("左", "右", "L", "R", "left", "right"):
            return False
    return bool(_CASEWORKER_CUES.search(sentence)) or field == "説明事項"


def keyword_hits(sentence: str, field: str) -> int:
    """Return how many of a field's keywords occur in the sentence."""
    return sum(1 for word in field_rules().keywords.get(field, ()) if word in sentence)


def classify(sentence: str, kind: str) -> str | None:
    """Return the field whose keywords occur most in the sentence, or None when none occurs."""
    # TODO: a sentence about two topics (rent and savings) lands in one field; splitting it
    # at the clause boundary would need the clause's own keywords.
    best, best_hits = None, 0
    for name in field_rules().fields[kind]:
        hits = keyword_hits(sentence, name)
        if hits > best_hits:
            best, best_hits = name, hits
    return best
