from newsweave.langs.detect import LanguageGuess, detect_language, dominant_script

__all__ = ["LanguageGuess", "detect_language", "dominant_script"]
