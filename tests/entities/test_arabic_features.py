"""The recogniser reads Arabic words as its Arabic set writes them: bare alef, no short vowels."""

from __future__ import annotations

from newsweave.entities.features import token_features


def test_a_hamza_seat_or_a_vowel_mark_makes_no_other_word():
    # NewsFANE writes أحمد as احمد and إعلان as اعلان: news text writes the hamza and, now and
    # then, short vowels and a tatweel; the words must meet the ones the model learnt.
    written = token_features(["أعلن", "أحمد", "مُحمّد", "الإمارات", "قـال"], ["O"] * 5)
    learnt = token_features(["اعلن", "احمد", "محمد", "الامارات", "قال"], ["O"] * 5)
    assert written == learnt


def test_other_scripts_keep_their_letters():
    features = token_features(["Ärger", "Ёлка"], ["O", "O"])
    assert "w=ärger" in features[0]
    assert "w=ёлка" in features[1]
