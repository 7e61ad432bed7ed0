"""The terse written style of case records: 「〜とのこと。」 for what the person said, 「〜旨を説明。」 for the caseworker."""

import re

from seiho.drafting.model import NEEDS_CHECK_MARK
from seiho.drafting.plain import plain_form
from seiho.lexicon.tokens import tokenize

_REQUEST = re.compile(r"([てで])ください$")
_POLITE_REQUEST = re.compile(r"ご?([^、。ごお]+?)ください$")
_REQUEST_QUESTION = re.compile(r"([てで])(?:いただけますか|いただいてもいいですか|いただいてもよろしいですか|もらえますか|くれますか)$")
_ASK = re.compile(r"(?:を)?お願いします$")
_POLITE_BUT = re.compile(r"ます(?:けど|けれど|けれども|が)$")
_TRAILING_CONJUNCTION = re.compile(r"(?:んですけど|んですけれど|んですが|ですけど|ですが|けれども|けれど|けど|ので)$")
_TRAILING_TE = [(re.compile(r"なくて$"), "ない"), (re.compile(r"(?<=[しさ])くて$"), "い"), (re.compile(r"(?<=[痛高多安寒暑古悪])くて$"), "い")]
_COLLOQUIAL = [(re.compile(r"ちゃった$"), "てしまった")]
_QUESTION_END = re.compile(r"(?:んです|のです|です|ます)?(?:でしょう)?か$")
_TRAILING_PARTICLE = re.compile(r"(?:よね|ね|よ)$")
_EXPLAINED_FIELDS = {"説明事項"}
_TAIL_CHARS = 40
_AGREED_FIELDS = {"次回訪問", "今後の方針"}


def _plain(sentence: str) -> str:
    # A remark that trails off (「持ってたんですけど」「足りなくて」) is closed first, then made plain.
    sentence = _POLITE_BUT.sub("ます", sentence)
    sentence = _TRAILING_CONJUNCTION.sub("", sentence)
    for pattern, replacement in _TRAILING_TE:
        sentence = pattern.sub(replacement, sentence)
    text = plain_form(sentence)
    for pattern, replacement in _COLLOQUIAL:
        text = pattern.sub(replacement, text)
    return text


def ends_with_noun(text: str) -> bool:
    """Return whether a text ends in a noun or a number (46,000円), so that 「を確認」 can follow it."""
    tokens = tokenize(text[-_TAIL_CHARS:])
    return bool(tokens) and tokens[-1].part_of_speech()[0] in ("名詞", "接尾辞")


def compose_sentence(
    sentence: str, field: str, caseworker: bool, confirmation: bool, needs_check: bool, question: bool = False,
) -> str:
    """Return one record sentence in written style, ending in 。 and marked 要確認 when uncertain.

    A question (the drafter keeps one only when it contains a number) is written
    「〜か確認。」 for the caseworker or 「〜かとの質問あり。」 for the person.
    """
    sentence = _TRAILING_PARTICLE.sub("", sentence)
    if caseworker and _REQUEST_QUESTION.search(sentence):
        text = _REQUEST_QUESTION.sub(lambda match: match.group(1) + "もらうよう依頼。", sentence)
    elif caseworker and _REQUEST.search(sentence):
        text = _REQUEST.sub(lambda match: match.group(1) + "もらうよう依頼。", sentence)
    elif caseworker and _POLITE_REQUEST.search(sentence):
        text = _POLITE_REQUEST.sub(lambda match: match.group(1) + "するよう伝えた。", sentence)
    elif caseworker and _ASK.search(sentence):
        text = _ASK.sub("", sentence) + "を依頼。"
    elif question:
        plain = _plain(_QUESTION_END.sub("", sentence))
        text = plain + ("か確認。" if caseworker else "かとの質問あり。")
    elif caseworker and confirmation:
        plain = _plain(sentence)
        text = plain + ("を確認。" if ends_with_noun(plain) else "旨を確認。")
    elif caseworker and field in _EXPLAINED_FIELDS:
        text = _plain(sentence) + "旨を説明。"
    elif caseworker and field in _AGREED_FIELDS:
        text = _plain(sentence) + "旨を伝えた。"
    elif caseworker:
        text = _plain(sentence) + "旨を伝えた。"
    else:
        text = _plain(sentence) + "とのこと。"

    return text + NEEDS_CHECK_MARK if needs_check else text


def compose_sentences(
    parts: list[str], field: str, caseworker: bool, confirmation: bool, needs_check: bool, question: bool = False,
) -> str:
    """Return one record sentence for consecutive remarks of the person in one field (「A。Bとのこと。」)."""
    if len(parts) == 1 or caseworker:
        return compose_sentence("。".join(parts), field, caseworker, confirmation, needs_check, question)
    leading = "".join(_plain(_TRAILING_PARTICLE.sub("", part)) + "。" for part in parts[:-1])
    return leading + compose_sentence(parts[-1], field, caseworker, confirmation, needs_check, question)
