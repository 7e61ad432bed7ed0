"""seiho.speech.guards and the transcriber's re-decode: stock phrases, loops, wrong language."""

from dataclasses import dataclass

import numpy as np

from seiho.speech import guards
from seiho.speech.transcribe import TranscriptionOptions, _Decoder


def test_stock_phrase_flagged():
    assert guards.STOCK_PHRASE in guards.check_text("ご視聴ありがとうございました。")


def test_stock_phrase_in_long_speech_kept():
    text = "先週の面接のときに、お疲れ様でしたと言われて、そのあと年金の通知書を持ってくるように言われました。"
    assert guards.check_text(text) == ()


def test_repetition_loop_flagged():
    assert guards.REPETITION in guards.check_text("はいはいはいはいはいはいはいはい")


def test_repeated_sentence_flagged():
    assert guards.REPETITION in guards.check_text("家賃は三万円です。" * 5)


def test_plain_japanese_not_flagged():
    assert guards.check_text("川沿いの古いアパートの二階です。家賃は三万八千円です。") == ()


def test_sparse_long_segment_flagged():
    assert guards.SPARSE in guards.check_text("生活支援課です。", duration=30.0)


def test_short_segment_not_sparse():
    assert guards.SPARSE not in guards.check_text("はい。", duration=2.0)


def test_english_flagged_wrong_language():
    assert guards.WRONG_LANGUAGE in guards.check_text("Thank you for watching.")


def test_digits_only_not_wrong_language():
    assert guards.WRONG_LANGUAGE not in guards.check_text("38000円")


@dataclass
class _Piece:
    start: float
    end: float
    text: str
    no_speech_prob: float = 0.1
    avg_logprob: float = -0.3


class _ScriptedModel:
    """A stand-in WhisperModel that returns scripted segments, one list per transcribe call."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def transcribe(self, samples, **settings):
        self.calls.append(settings)
        return iter(self.answers.pop(0)), None


def _decode(model):
    decoder = _Decoder(model, TranscriptionOptions(), lexicon=None)
    return decoder.decode(np.zeros(16000 * 5, dtype=np.float32), 10.0, None)


def test_redecode_silent_stock_phrase_kept_flagged():
    model = _ScriptedModel([_Piece(0.0, 2.0, "ご視聴ありがとうございました")], [])
    [segment] = _decode(model)
    assert segment.flags == (guards.STOCK_PHRASE, guards.NEEDS_CHECK)


def test_redecode_uses_no_hotwords():
    model = _ScriptedModel([_Piece(0.0, 2.0, "ご視聴ありがとうございました")], [])
    _decode(model)
    assert model.calls[1]["hotwords"] is None


def test_redecode_uses_temperature_fallback():
    model = _ScriptedModel([_Piece(0.0, 2.0, "ご視聴ありがとうございました")], [])
    _decode(model)
    assert model.calls[1]["temperature"] == [0.2, 0.4, 0.6, 0.8]


def test_redecode_better_text_replaces_loop():
    model = _ScriptedModel([_Piece(1.0, 3.0, "はいはいはいはいはいはいはい")], [_Piece(0.0, 2.0, "はい、分かりました。")])
    [segment] = _decode(model)
    assert segment.text == "はい、分かりました。"


def test_redecode_better_text_marked_redecoded():
    model = _ScriptedModel([_Piece(1.0, 3.0, "はいはいはいはいはいはいはい")], [_Piece(0.0, 2.0, "はい、分かりました。")])
    [segment] = _decode(model)
    assert guards.REDECODED in segment.flags


def test_redecode_persistent_loop_flagged_needs_check():
    loop = "年金年金年金年金年金年金"
    model = _ScriptedModel([_Piece(1.0, 3.0, loop)], [_Piece(0.0, 2.0, loop)])
    [segment] = _decode(model)
    assert segment.flags == (guards.REPETITION, guards.NEEDS_CHECK)


def test_decode_times_include_window_offset():
    model = _ScriptedModel([_Piece(1.5, 3.0, "家賃は三万八千円です。")])
    [segment] = _decode(model)
    assert segment.start == 11.5


def test_decode_clean_segment_decoded_once():
    model = _ScriptedModel([_Piece(1.5, 3.0, "家賃は三万八千円です。")])
    _decode(model)
    assert len(model.calls) == 1


def test_redecode_sparse_keeps_each_part():
    model = _ScriptedModel(
        [_Piece(0.0, 30.0, "生活支援課です。")],
        [_Piece(0.0, 4.0, "はい、福祉事務所、生活支援課です。"), _Piece(4.0, 9.0, "もしもし、担当の方はいらっしゃいますか。")],
    )
    assert [segment.start for segment in _decode(model)] == [10.0, 14.0]


def test_redecode_still_sparse_needs_check():
    model = _ScriptedModel([_Piece(0.0, 30.0, "生活支援課です。")], [_Piece(0.0, 30.0, "生活支援課です。")])
    [segment] = _decode(model)
    assert segment.flags == (guards.SPARSE, guards.NEEDS_CHECK)
