"""Every tunable number of newsweave, named, with the reason it has its value.

Stages import from here; nothing else should carry a bare threshold.
Each stage keeps its own section so they can be read (and tuned) together.
"""

# --- ingest -----------------------------------------------------------------
MAX_INPUT_BYTES = 20_000_000  # a news page is rarely over 2 MB; 20 MB leaves room and stops runaway files
MAX_DECOMPRESSED_BYTES = 50_000_000  # gzip bombs: stop inflating past this
MIN_TEXT_CHARS = 40  # shorter than a headline and a sentence is not an article
COMMIT_EVERY = 50  # articles per transaction: a crash redoes at most this many, commits stay cheap

# --- clean ------------------------------------------------------------------

# --- langs ------------------------------------------------------------------
LANGUAGE_SAMPLE_CHARS = 3000  # detection is stable well before this and cost grows with length
LANGUAGE_MIN_CONFIDENCE = 0.2  # below this lingua is guessing between close languages; say unknown
# The languages newsweave analyses: the news languages of Europe and its neighbours plus the big
# world languages; a smaller set keeps lingua's memory and time down.
DETECTED_LANGUAGES = (
    "en de fr es it pt nl ru uk bg pl cs sk sl hr sr bs tr ar zh ja ko el ro hu fi sv da nb he fa hi"
).split()

# --- dates ------------------------------------------------------------------

# --- entities ---------------------------------------------------------------
ENTITY_PINYIN_READINGS = 16  # Bulgarian spellings are ambiguous (ан = an/ang); cap readings per name
ENTITY_MAX_NGRAM = 6  # longest gazetteer alias in tokens ("Chinese People's Political Consultative Conference")
ENTITY_FUZZY_MIN = 88  # rapidfuzz ratio for linking an unknown spelling to a known entity
ENTITY_CONTEXT_FUZZY_MIN = 70  # lower bar when the entity's role cue words stand nearby ("Li Changfu")
ENTITY_CONTEXT_WINDOW = 120  # characters either side of a mention searched for role cues
ENTITY_SURNAME_DOMINANCE = 3.0  # a lone surname joins the entity seen this many times more than any rival
ENTITY_LEARN_SIMILARITY = 85  # transliteration closeness to unify two entities seen in one event
ENTITY_CONFIDENCE_SKELETON = 0.9  # matched only on the phonetic skeleton key
ENTITY_CONFIDENCE_SURNAME = 0.8  # a lone surname resolved to a full name
ENTITY_CONFIDENCE_FUZZY = 0.7
ENTITY_CONFIDENCE_CONTEXT = 0.55
ENTITY_CONFIDENCE_NEW = 0.5  # a new entity: nothing known confirms it
ENTITY_DEFAULT_TYPE = "PER"  # a lone unknown capitalised word with no cue: people dominate news names

# --- quotes -----------------------------------------------------------------

# --- cluster ----------------------------------------------------------------
PROFILE_LEAD_CHARS = 1500  # title and lead carry the happening; the tail drifts into background
GRAM_BUCKETS = 1 << 18  # hashed character grams; collisions are rare at this size
# Spellings that differ between languages but not in sound, folded before comparing grams.
COGNATE_FOLDS = (("ph", "f"), ("th", "t"), ("ck", "k"), ("c", "k"), ("y", "i"), ("w", "v"), ("zh", "j"))
QUOTE_MATCH_MIN_WORDS = 4  # shorter quotations are stock phrases ("new era"), not evidence
EVENT_MAX_QUOTES = 40  # enough quotations per event to match against, bounded cost
CANDIDATE_ENTITIES = 8  # look up candidate events through the article's rarest entities only
MAX_CANDIDATE_EVENTS = 50  # bounded comparisons per article, whatever the corpus size
POSTINGS_PER_ENTITY = 200  # the most recent events per entity; older ones are out of the window
EVENT_WINDOW_DAYS = 7  # a happening is reported within a week; later reports are a new event
EVENT_SAME_DAYS = 3  # dated reports more than this apart are unlikely to be the same happening
EVENT_DATE_MISMATCH_FACTOR = 0.4  # ...so their score shrinks, but strong quote evidence can still win
# Signal weights of the article–event score (sum 1.0). Quotations and rare shared entities are
# the strongest cross-lingual evidence; lexical grams help within a script.
WEIGHT_ENTITIES = 0.45
WEIGHT_QUOTES = 0.40
WEIGHT_LEXICAL = 0.15
EVENT_JOIN_THRESHOLD = 0.42  # below this an article opens a new event
EVENT_MERGE_THRESHOLD = 0.55  # an article this close to two events proves them one
BACKGROUND_DOCUMENTS = 100  # a virtual background corpus that smooths IDF while the corpus is small
ENTITY_PRIOR_DF = 1.0  # an unseen person or organisation is assumed rare
COUNTRY_PRIOR_DF = 30.0  # countries are named in roughly a third of world news
STORY_JOIN_THRESHOLD = 0.30  # stories are loose threads: shared actors are enough
STORY_ACTOR_BOOST = 2.0  # people and organisations make a thread more than places do
STORY_MAX_GAP_DAYS = 548  # a thread survives a quiet year and a half
