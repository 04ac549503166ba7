"""Every tunable number of newsweave, named, with the reason it has its value.

Stages import from here; nothing else should carry a bare threshold.
Each stage keeps its own section so they can be read (and tuned) together.
"""

# --- ingest -----------------------------------------------------------------
FEED_TIMEOUT_SECONDS = 20.0  # a server silent this long on connect or read is down, not slow
FEED_DEADLINE_SECONDS = 60.0  # a whole response: stops servers that drip a byte at a time
FEED_RETRIES = 3  # 5xx, 429 and dropped connections are usually gone within a few tries
FEED_BACKOFF_SECONDS = 1.0  # first wait before a retry, doubling each time (1, 2, 4 s)
FEED_BACKOFF_MAX_SECONDS = 30.0  # no single wait longer than this, whatever Retry-After asks
FEED_MAX_BYTES = (
    10_000_000  # feeds and article pages are far smaller; more is a mistake or an attack
)
FEED_MAX_REDIRECTS = 5  # real feeds move once or twice; more is a loop
FEED_MAX_ENTRIES = 200  # entries taken per feed and poll: busy feeds carry 20-100
FEED_FULL_SUMMARY_CHARS = 600  # a description this long is the article itself, no page fetch needed
MAX_INPUT_BYTES = (
    20_000_000  # a news page is rarely over 2 MB; 20 MB leaves room and stops runaway files
)
MAX_DECOMPRESSED_BYTES = 50_000_000  # gzip bombs: stop inflating past this
MIN_TEXT_CHARS = 40  # shorter than a headline and a sentence is not an article
MAX_ANALYSIS_SECONDS = (
    30.0  # a news article analyses in well under a second; past this it is hostile
)
# The default engine moves the detect part onto the spare cores once an input has this many
# documents: starting a worker (its models loaded) takes a few seconds, a tenth of what the
# second core then saves on a thousand articles, and more than a short input takes whole.
AUTO_POOL_AFTER_DOCUMENTS = 100
PROCESS_CHUNK_DOCUMENTS = (
    8  # documents per task sent to a worker process: amortises the pickling round trip
)
PROCESS_CHUNKS_AHEAD = (
    3  # chunks in flight per worker: none idles while the driver links and stores
)
COMMIT_EVERY = 50  # articles per transaction: a crash redoes at most this many, commits stay cheap

# --- store ------------------------------------------------------------------
SQLITE_BUSY_SECONDS = 30.0  # a batch commits in well under a second: 30 s held is a stuck writer
# A search ranks the most recently stored articles that match, at most this many: ranking every
# match costs as much as the archive is big, and an analyst pages through the first few dozen.
SEARCH_CANDIDATES = 1_000
# A quotation filter (words, an entity's names) lists the newest this many matches the trigram
# index finds: the whole set of a common word grows with the archive, and a list is paged.
QUOTES_MATCHED = 2_000
# A filter word shorter than a trigram (a Chinese name in two characters) no index can look up:
# it is looked for among this many newest quotations (some 20 ms of scanning on two cores).
QUOTES_SCANNED = 10_000
# Articles of one event read whole (side by side, provenance, quote matching: pairwise, so
# quadratic): a big event of copies grows with the archive, its first reports show what it is.
EVENT_ARTICLES_READ = 100
EVENTS_READ_PAGE = 200  # events a listing of the Python API reads from the store at a time
POSTGRES_CONNECT_TIMEOUT_SECONDS = 5  # a live server answers in ms; libpq takes whole s (min 2)

# --- long-running processes (serve, watch) -----------------------------------
# Blocks this big or bigger are mapped on their own and unmapped when freed (glibc's default,
# which it otherwise raises as the process runs): a server's resident memory then follows what
# it holds, not its high-water mark. The ingest is no slower for it: bench/throughput.py, 1000
# articles in-process, 10.4 articles/s under this threshold (MALLOC_MMAP_THRESHOLD_) vs 8.9.
MALLOC_MMAP_THRESHOLD_BYTES = 128 * 1024

# --- clean ------------------------------------------------------------------
HTML_MAX_TAG_CHARS = 20_000  # real start tags (inline styles, data URIs) stay well under this
SHORT_SENTENCE_MIN_WORDS = (
    3  # "Schools stay closed." ending an article is prose; two words are a label
)
HTML_SHORT_EXTRACTION_CHARS = 1000  # a precise extraction this short may have missed the article
HTML_RECALL_FALLBACK_RATIO = 3.0  # take the recall extraction when it is this many times longer
HTML_FAST_FIRST = True  # fast pass, full pass only when short: same 181-page F1, ~1.5x faster
CAPS_LABEL_MAX_CHARS = 60  # "RELATED STORIES", "MOST READ": a shouted label is short
BIO_NAME_WORDS = 4  # a bio names its author within its first few words ("Η Μαρία Π. είναι …")
NAME_PREFIX_SLACK = 2  # inflected name forms share all but the last letters (Μαρίας / Μαρία)
HTML_FAVOR_PRECISION = True  # token F1 0.965 vs 0.959 (default) on 181 reference pages
MIN_HTML_TEXT_CHARS = 200  # a shorter extraction missed the article; try the <p> fallback as well
SENTENCE_MIN_WORDS = 4  # a line this long ending in . ! ? reads as prose, not a label or button
STANDFIRST_MIN_WORDS = 12  # an unpunctuated line this long near the top is a lead, not a menu entry
TITLE_MIN_WORDS = 2  # one word on the first line is a section name, not a headline
TITLE_MAX_WORDS = 40  # longer first lines are paragraphs that lost their full stop
TITLE_SUFFIX_MAX_WORDS = 4  # "Headline | Site Name": a site name is short
TITLE_REPEAT_SIMILARITY = 90  # rapidfuzz ratio for a reprinted title (other quotes, spacing)
PHRASE_ANYWHERE_MAX_WORDS = 30  # boilerplate phrases inside longer lines are usually real prose
# A gate page (bot check, "enable JavaScript") is a few sentences; an article that only mentions
# one in its footer is longer. With a single gate phrase, a page must be shorter still.
ACCESS_WALL_MAX_WORDS = 150
ACCESS_WALL_ALONE_MAX_WORDS = 60
DATE_LINE_MAX_CHARS = 90  # "Publié le 12 mars 2024 à 17h05 - Mis à jour le …" fits; prose does not
DATE_LINE_MAX_LONG_WORDS = 4  # weekday, month and "updated" words; more is a sentence with a date
MENU_SEGMENT_MAX_WORDS = 4  # "Share on Facebook | Tweet": every piece of a menu line is this short
FRAGMENT_MAX_CHARS = 3  # a lone letter or stray symbol left by the scraper
CLEAN_IDEOGRAPHS_PER_WORD = (
    2  # Chinese words average under two characters: a run of Han this long counts as one word
)
BIO_MIN_SENTENCES = 4  # "Coffee guru. Typical gamer. Bacon fan. Organizer." generated bio spam
BIO_MAX_WORDS_PER_SENTENCE = 3  # ...its sentences are one to three words long
KEYWORD_LIST_MIN_ITEMS = 4  # "Label: a, b, c, d" with this many short items is tag spam
KEYWORD_ITEM_MAX_WORDS = 3  # a tag is a name or a term, not a clause
BYLINE_MAX_WORDS = 10  # "By Jane Doe, Europe correspondent"
CREDIT_MAX_CHARS = 120  # "Copyright 2024 The Associated Press. All rights reserved." and shorter
DATELINE_SEARCH_PARAGRAPHS = 2  # a dateline opens the body, at most one standfirst line down

# --- langs ------------------------------------------------------------------
LANGUAGE_SAMPLE_CHARS = (
    1000  # title and lead: lingua is sure of the language long before this; cost grows with length
)
LANGUAGE_SCRIPT_MIN_SHARE = (
    0.1  # a script with this share of the letters is the text's (names quoted in Latin are less)
)
LANGUAGE_MIN_CONFIDENCE = 0.2  # below this lingua is guessing between close languages; say unknown
# Below this length lingua's close candidates are told apart by their dictionaries' words
LANGUAGE_SHORT_TEXT_CHARS = 120
# Candidates with this share of the top confidence are close: chosen on three SlavicNER topics
# (0.5, 0.2, 0.05, 0.01 tried), scored on the other two and five NER sets (bench/languages.py)
LANGUAGE_TIE_SHARE = 0.01
# The languages newsweave analyses: the news languages of Europe and its neighbours plus the big
# world languages; a smaller set keeps lingua's memory and time down.
DETECTED_LANGUAGES = (
    "en de fr es it pt nl ru uk bg pl cs sk sl hr sr bs tr ar zh ja ko el ro hu fi sv da nb he fa hi"
).split()

WORD_GRAMS_CACHE_WORDS = 20_000  # words whose lexical grams are remembered (a few MB)
LEMMA_CACHE_WORDS = (
    200_000  # distinct (word, language) pairs remembered: a few days of news vocabulary
)

# --- dates ------------------------------------------------------------------
DATES_YEARLESS_FUTURE_DAYS = 92  # a year-less date a quarter ahead is announced, not last year's
DATES_DAY_ALONE_FUTURE_DAYS = (
    10  # "15日将举行": a day of the month a little ahead is announced; further on, last month's
)
DATES_MAX_TEXT_CHARS = 200  # a publication date string longer than this is not a date field
EVENT_LEAD_CHARS = 800  # the first paragraphs: where a report says when its happening took place
EVENT_RECENT_DAYS = 7  # news reports happenings of the past week; older dates are background
EVENT_FUTURE_DAYS = 1  # a day after publication still fits (time zones, overnight events)
EVENT_MIN_SCORE = 0.5  # below this the best date is weaker evidence than the publication date
PUBLICATION_SOURCE_ORDER = (
    "record",
    "byline",
    "url",
    "htmldate_extensive",
    "htmldate",
    "jsonld",
    "meta",
    "time",
    "text",
)  # the date printed with the headline and the one in the address are the publisher's own day (markup is often UTC); dev half of bench/gold/publication_dates.json: 0.967 in-sample (htmldate alone 0.890), with the update bound and the byline check below 0.989
PUBLICATION_EARLIEST_YEAR = 1995  # no news page is older than the web's first news sites
BYLINE_AFTER_CHARS = 600  # the byline under a headline: author, date, share buttons; then the story
BYLINE_SUPPORT_DAYS = 1  # a printed date no other source of the page comes this close to is a caption's (0 days: dev 0.989 -> 0.956, UTC markup)
BYLINE_WITNESSES = (
    "url",
    "htmldate_extensive",
    "htmldate",
    "jsonld",
    "meta",
    "time",
    "modified",
)  # the page's other dates that can confirm its printed one
BYLINE_BEFORE_CHARS = 300  # some pages print the date above the headline, next to the section name
HEADLINE_MATCH_CHARS = (
    40  # an <h1> whose opening the page title repeats is the headline, not a masthead
)
JSON_LD_MAX_DEPTH = (
    8  # structured data nests a few levels (@graph, publisher); deeper is not the article
)
EVENT_CONFIDENCE_PUBLISHED = 0.4  # the publication date as a stand-in for the happening's date

# --- entities ---------------------------------------------------------------
ENTITY_CASED_ACRONYM_MAX = 3  # all-capital aliases this short match capitals only (SAD ≠ Sąd)
ENTITY_STEM_MAX_TOKENS = 3  # longest span looked up by stem or in lower case (Wielkiej Brytanii)
ENTITY_CUE_STEM_MIN = 4  # cue words shorter than this match only exactly (rada ≠ Radek)
ENTITY_COMPOUND_CUE_MIN = 6  # organisation words this long end compounds in any language
ENTITY_FORM_ENDING_MAX = 6  # letters a case or possessive form adds to a name (Ryanair-ovega)
ENTITY_TITLE_OWNER_WORDS = 2  # capitalised words before a title inside a person span: whose title ("Niedersachsens Ministerpräsident …")
ENTITY_TRANSLITERATED_SHORT_PART = 2  # a part of a dotted Chinese name this short after the dot may lack its last character ("朔尔|茨")
ENTITY_CASELESS_SURNAME_MIN = 4  # letters of a lone surname in a script without capitals (شولتس), shorter ones are words too (عون: help)
ENTITY_CUE_ENDING_MAX = 4  # longest case ending after a cue stem (партия → партията)
ENTITY_LOWERCASE_PREFIX = 3  # letters of a lower-case alias compared before lemmatising a word
ENTITY_HEAD_PREFIX = 3  # letters of a first word compared before trying multi-word names
ENTITY_STEM_MIN = 3  # shortest word stem for inflection-blind matching (Китаем/Китай → "kit")
ENTITY_PINYIN_READINGS = (
    16  # Bulgarian spellings are ambiguous (ан = an/ang); cap readings per name
)
ENTITY_MAX_NGRAM = (
    6  # longest gazetteer alias in tokens ("Chinese People's Political Consultative Conference")
)
ENTITY_FUZZY_MIN = 88  # rapidfuzz ratio for linking an unknown spelling to a known entity
ENTITY_FUZZY_WORD_MIN = 80  # and each word that differs, against its counterpart (bahn/bank: 75)
ENTITY_FUZZY_WORD_MIN_CHARS = 5  # a shorter word that differs is another word (bahn/bank, laos/lagos)
ENTITY_FUZZY_STEM_CHARS = 3  # unless it shares this stem, its ending inflected (Duda/Dudy)
ENTITY_CONTEXT_FUZZY_MIN = (
    70  # lower bar when the entity's role cue words stand nearby ("Li Changfu")
)
ENTITY_CONTEXT_WINDOW = 120  # characters either side of a mention searched for role cues
ENTITY_SURNAME_DOMINANCE = (
    3.0  # a lone surname joins the entity seen this many times more than any rival
)
ENTITY_LEARN_SIMILARITY = 85  # transliteration closeness to unify two entities seen in one event
ENTITY_CONFIDENCE_SKELETON = 0.9  # matched only on the phonetic skeleton key
ENTITY_CONFIDENCE_SURNAME = 0.8  # a lone surname resolved to a full name
ENTITY_CONFIDENCE_STEM = 0.75  # same stem and type once endings are cut (Floridy → Florida)
ENTITY_CONFIDENCE_FUZZY = 0.7
ENTITY_CONFIDENCE_CONTEXT = 0.55
ENTITY_CONFIDENCE_NEW = 0.5  # a new entity: nothing known confirms it
ENTITY_LOWERCASE_STEM_MIN = 4  # shortest stem of a lower-case alias matched by prefix (brexi|cie)
ENTITY_LOWERCASE_STEM_CUT = 2  # final letters of a lower-case alias an inflected form may replace
ENTITY_LIST_GAP_MAX = 6  # characters between listed names (", ", " and ", " та ")
ENTITY_DEMONYM_PREFIX = 3  # letters a demonym stem is bucketed by (a cheap test for every word)
ENTITY_DEMONYM_ENDING_MAX = 4  # longest case ending after a demonym stem (американц|ами)
ENTITY_DEFAULT_TYPE = (
    ""  # type of a lone unknown word with no evidence; "" drops it (guessing PER mislabels places)
)
ENTITY_FIELD_WORDS = (
    2  # lower-case words of an organisation's field: an adjective, a noun (za javno zdravje)
)
ENTITY_GENITIVE_WORDS = (
    3  # genitive words completing an organisation word (Министерство внутренних дел)
)
ENTITY_QUOTED_NAME_WORDS = (
    3  # a quoted name after an organisation's kind is this short; a quoted statement is longer
)
ENTITY_TITLE_CASE_MIN_WORDS = 4  # shorter lines ("Tokyo Games") are too few words to judge
ENTITY_TITLE_CASE_SHARE = (
    0.75  # capitalised words of a title-case line; sentence case has far fewer
)
ENTITY_ORG_INNER_WORDS = 3  # lower-case words between an organisation word and its place
ENTITY_STEM_CACHE = 65536  # stem keys remembered: the same names recur across articles
# words whose dictionary readings are kept (~1 kB each): the passes ask again within an article
ENTITY_READINGS_CACHE_WORDS = 8192
# words whose recogniser features are kept, about 2 kB each: 5k hold the common words (64% of
# look-ups hit on bench/detect_stage.py's articles; 20k: 76%, for 40 MB of peak RSS)
ENTITY_FEATURE_CACHE_WORDS = 5_000
WORD_CLUSTER_CACHE_WORDS = 200_000  # words whose e5 clusters the recogniser remembers (~20 MB)
NER_WORD_CLUSTERS = (64, 512)  # granularities of the recogniser's word classes (entities.word_clusters); () for none

# --- quotes -----------------------------------------------------------------
QUOTE_DIRECT_MIN_CONFIDENCE = 0.3  # direct quotations score at least this; reported speech below it
QUOTE_ORG_GAP_TOKENS = (
    1  # an organisation speaks only as the verb's bare subject: "the Kremlin said"
)
QUOTE_CONFIDENCE_HEADLINE = 0.6  # a title's quote: speaker often named only in the body
QUOTE_KEY_CACHE = (
    50_000  # quotation keys kept: the quotations of the events a stream still compares against
)
QUOTE_MATCH_THRESHOLD = (
    0.35  # gold pairs: translations 0.33+, same-topic other statements up to 0.40
)
QUOTE_MAX_CHARS = 1500  # a quotation longer than a long paragraph is an unclosed mark
QUOTE_AFTER_WINDOW = 160  # characters after a closing mark searched for "…," said the minister
QUOTE_BEFORE_WINDOW = 260  # characters before an opening mark searched for "The minister said: …"
QUOTE_VERB_AFTER_TOKENS = 7  # the verb after a quote comes early: ", the French president told"
QUOTE_SPEAKER_GAP = (
    100  # chars between verb and name: "declared the region's president, Alberto Cirio"
)
QUOTE_PRONOUN_GAP_TOKENS = 3  # a pronoun or role noun this close to the verb is its subject
QUOTE_ROLE_CONTEXT_CHARS = 30  # a role noun in apposition sits right beside the name
QUOTE_ROLE_CUE_MIN_CHARS = 5  # role words longer than this lose their case ending when matched
QUOTE_ROLE_LEAD_TOKENS = 2  # a role this close to its sentence's start is the subject
QUOTE_ROLE_PHRASE_TOKENS = 5  # or a determiner, modifiers and a role: "Der frühere Innenminister X"
QUOTE_ROLE_BODY_WORDS = 2  # words between a caseless role and its body: "المدير العام لمنظمة …"
QUOTE_ROLE_NAME_MAX_WORDS = 4  # an Arabic name after a role and body: given name, father's, family
QUOTE_ROLE_APPOSITION_TOKENS = 3  # "premier of Great Britain Theresa May": role and name this close
QUOTE_ANTECEDENT_CHARS = 2500  # a pronoun points back at most a few paragraphs
QUOTE_SCARE_MAX_WORDS = 3  # "new era" in marks with no verb nearby is emphasis, not speech
QUOTE_NAMING_REACH_WORDS = 5  # "nannte den Bericht eine „…“": a naming verb this close governs
QUOTE_PASSIVE_REACH_WORDS = 3  # "was widely called “…”": the auxiliary stands this close
QUOTE_TERM_MAX_WORDS = 5  # after an article ("the «Rhine corridor»") a short quote names a thing
QUOTE_NAMING_MAX_WORDS = 12  # a naming verb with no reporting verb in sight governs longer words too
QUOTE_POSSESSIVE_HEAD_WORDS = 3  # "Sein knappes Fazit:": a possessive and at most two words before the colon
QUOTE_TERM_ENDING_MAX = 2  # letters a term word may carry as an inflection ("einer" of "eine"); more make another word
QUOTE_NAMED_THING_MAX_WORDS = 10  # after "die Zeitung", "the book": a title runs longer than a term
QUOTE_MARKED_NAME_MAX_TOKENS = (
    10  # "unter dem Motto „Freiheit statt Angst“": a motto or title in marks
)
QUOTE_ROLE_GENDER_CHARS = 80  # "die Sprecherin der FDP-Bundestagsfraktion, Gisela Piltz": its reach
QUOTE_ROLE_GENDER_WORDS = 6  # the role stands at most this many words before the name
QUOTE_NAMING_NOUN_MIN_CHARS = (
    4  # naming nouns match inside a word ("Tageszeitung"): shorter is noise
)
QUOTE_HEADLINE_MAX_CHARS = 200  # a short line with no final stop is a title, not reported speech
QUOTE_UNATTRIBUTED_MIN_WORDS = 6  # a verb-less quote must be a real sentence to continue a speaker
QUOTE_CONTINUATION_CHARS = (
    600  # an unattributed quote this close after an attributed one continues it
)
QUOTE_PARTIAL_MAX_WORDS = 8  # a short quote woven into the sentence is a fragment of speech
QUOTE_REPORTED_MAX_CHARS = 400  # reported clause runs to the sentence end, bounded
QUOTE_CONFIDENCE_NAMED = 0.9  # the speaker's name stands next to the verb
QUOTE_CONFIDENCE_PRONOUN = 0.75  # "he said": right almost always, wrong after two-person passages
QUOTE_CONFIDENCE_ROLE = 0.7  # "the minister said": resolved by context
QUOTE_CONFIDENCE_DROPPED = 0.65  # pro-drop "ha detto": the subject is carried over
QUOTE_CONFIDENCE_CONTINUED = 0.5  # no verb: the speaker of the preceding quotation
QUOTE_CONFIDENCE_DESCRIBED = 0.6  # "ein Sprecher des Ministeriums sagte": a description, no name
QUOTE_CLOSING_FRAME_MAX_WORDS = 4  # "“…” Mr. Trump said.": a subject and its verb, after a stop
QUOTE_FRAME_MAX_WORDS = 8  # ", Levine said." between two parts of one statement: a frame, no more
QUOTE_SIGNATURE_MAX_WORDS = (
    5  # "― Julie A. Diaz Martinez": a name; more words after a dash are prose
)
QUOTE_FRAME_SENTENCE_MAX_WORDS = (
    40  # a frame sentence with appositions and a place; longer is prose
)
QUOTE_SUBJECT_SKIP_TOKENS = 2  # adverbs between verb and subject: "sagte gestern der Minister"
QUOTE_SUBJECT_MAX_TOKENS = 8  # a describing phrase longer than this is a clause, not a subject
# "قال رئيس منظمة الصحة العالمية تيدروس أدهانوم غيبريسوس إن": verb, subject, then "that"
QUOTE_VERB_FIRST_THAT_CHARS = 100
QUOTE_CONFIDENCE_UNRESOLVED = 0.4  # a quote whose speaker we could not name
QUOTE_PARTIAL_FACTOR = 0.8  # fragments are more often terms than speech
QUOTE_REPORTED_FACTOR = 0.3  # "said that …" paraphrases; the words are the writer's: below direct
# The learned speaker choice (quotes/speaker_model.py): where candidates are looked for
SPEAKER_MODEL_BEFORE_CHARS = 300  # the quotation's sentence and the one before it ("X sagte: …")
SPEAKER_MODEL_AFTER_CHARS = 200  # the frame after a closing mark ("…“, sagte X am Montag in Y")
SPEAKER_MODEL_PHRASE_CHARS = (
    80  # a subject phrase stands right beside its verb: the chars looked at on each side
)
SPEAKER_MODEL_LANGUAGES = (
    "de",
    "en",
)  # where a trained model is applied by default: see train_speaker.SpeakerTrainingConfig
SPEAKER_MODEL_MIN_PROBABILITY = 0.0  # where the rules name nobody the model's best guess is kept at its own low confidence: any floor tried (0.2, 0.35, 0.5) lost right speakers in the train part's 5-fold check
SPEAKER_TRAIN_STEPS = 1500  # full-batch Adam steps: the loss is flat well before (a few thousand quotations, ~50 weights)
SPEAKER_TRAIN_RATE = 0.05  # Adam's step size
SPEAKER_TRAIN_L2 = 0.05  # rare features (a colon frame after a name) must not grow without bound; 0.05 beat 0.01 and 0.001 by a quotation or two in the train part's 5-fold check
SPEAKER_TRAIN_HELD_OUT_SHARE = (
    0.2  # the train split's last fifth by name is the evaluation's held-out part: never read
)
SPEAKER_TRAIN_CHECK_FOLDS = 5  # the articles read are scored by models fitted without them, fold by fold: the figure meta.json keeps
SPEAKER_TRAIN_JACCARD_MIN = (
    0.5  # a found quotation is an annotated one when half their words are shared (the bench's rule)
)
SPEAKER_TRAIN_STEM_MIN = (
    4  # a name word this long matches its inflected form ("Ministerium[s]"), as the bench scores
)
# quote_key features: cross-lingual evidence weights and the minimum evidence to compare at all
QUOTE_WEIGHT_CONCEPT = 1.0
QUOTE_WEIGHT_NUMBER = 2.0  # "2030" or "four metres" survive translation exactly
QUOTE_WEIGHT_NAME = 2.0  # names survive translation (after transliteration)
QUOTE_WEIGHT_COGNATE = 0.5  # shared word beginnings across scripts: weak, often chance
QUOTE_WEIGHT_LEMMA = 1.0
QUOTE_KEY_MIN_WEIGHT = 2.5  # fewer content features than this and any overlap is chance
CONCEPT_MIN_STEM_LETTERS = 3  # two letters ("us", "la", "de") are function words in some language
CONCEPT_MIN_UNSPACED_CHARS = 2  # one Chinese character is a syllable of many words; two make a word

# --- provenance -------------------------------------------------------------
COPY_SHINGLE_WORDS = 4  # word 4-grams: shared phrases, not shared vocabulary
COPY_MIN_CONTAINMENT = 0.5  # half of the shorter text's phrases in the other: a syndicated copy
TRANSLATION_MIN_SCORE = 0.6  # same names, numbers, paragraphs and quotes in the same order
REWRITE_MIN_SCORE = 0.35  # much of the same material, restructured, usually citing the agency
# Weights of the translation score: the order of names and numbers survives translation, a
# faithful one keeps paragraph by paragraph, matched quotations are near proof (sum 1.0).
TRANSLATION_WEIGHT_ENTITIES = 0.35
TRANSLATION_WEIGHT_NUMBERS = 0.2
TRANSLATION_WEIGHT_PARAGRAPHS = 0.2
TRANSLATION_WEIGHT_QUOTES = 0.25

# --- cluster ----------------------------------------------------------------
# The pair model's condition "shorter_text": the shorter text's characters over this, at most 1.
# Below it, a page kept too little (a headline, a masthead) for its signals to weigh as usual.
PAIR_SHORT_TEXT_CHARS = 1000
PROFILE_LEAD_CHARS = 1500  # title and lead carry the happening; the tail drifts into background
PROFILE_CONCEPT_CHARS = 3000  # concepts of the first paragraphs; the rest repeats or digresses
CONCEPT_MIN_SENTENCE_CHARS = 20  # shorter lines are captions, bylines and menu leftovers
USE_ENCODER_CHARS = 4000  # the universal sentence encoder is quick: it reads most of an article
ENCODER_LEAD_CHARS = 1000  # title and lead, cut at ENCODER_MAX_TOKENS pieces: a Latin-script lead reaches the cut well before 1,000 characters, a Chinese one at 150
DEFAULT_ENCODERS = (
    "e5",
)  # what a run clusters with unless told: SemEval dev CV Pearson of the pair model 0.687 -> 0.7985 (e5 on 1,000 characters cut at 192 pieces; the mean of trees and sum)
ENCODER_PROCESS = True  # the encoders' models run in a process of their own, not on a thread beside the analysis (cluster.encoder.teacher_process)
ENCODER_THREADS = 1  # onnxruntime threads for e5: it runs beside the analysis (ENCODER_PREFETCH_ARTICLES), one core each
ENCODER_PREFETCH_ARTICLES = (
    4  # articles analysed ahead of the clusterer, their leads encoded meanwhile on the other core
)
ENCODER_PREFETCH_KEPT = (
    64  # vectors computed ahead and not yet taken (a duplicate's never is): bounded memory
)
ENCODER_BATCH = 1  # leads per onnxruntime call: padded batches ran slower than one lead at a time (30 vs 80 leads/s)
ENCODER_MAX_TOKENS = 192  # pieces of a lead e5 reads: its cost grows with them, and 1,000 characters are ~230 pieces in Latin script but up to 1,000 in Chinese (SemEval dev CV, all / cross-language, and ms a lead: 128 pieces 0.789 / 0.769, 14 ms; 160: 0.792 / 0.770, 16; 192: 0.797 / 0.779, 21; 256: 0.795 / 0.779, 22). 192 keeps the in-process pace since the model runs in a process of its own (2,000 articles: 36.2 and 38.0 a second, against 33.8 and 32.9 with 128 pieces on a thread)
ENCODER_TOKEN_CACHE_WORDS = (
    200_000  # words whose pieces are remembered: a few days of news vocabulary
)
ENCODER_LANGUAGE_WARMUP = 20  # articles of a language before its mean vector is trusted (SemEval dev: 5 -> 0.56, 20 -> 0.61, all -> 0.62)
WORD_VECTOR_COMPONENTS = (
    3  # directions of most variance taken out: length and register, not content
)
WORD_VECTOR_COMPONENTS_AFTER = 100  # centred articles needed before those directions are estimated
WORD_VECTOR_BATCH = 64  # new words per teacher call: amortises the model's per-call cost
ENCODER_FLUSH_DOCUMENTS = 200  # articles between writes of an encoder's cache: a crash loses few
HEADLINE_MAX_CHARS = 200  # a title is a line; past this the "title" is a run-in paragraph
DATE_PROXIMITY_DAYS = 3.0  # similarity of two reports' days decays by e over this many days
GRAM_BUCKETS = 1 << 18  # hashed character grams; collisions are rare at this size
# Spellings that differ between languages but not in sound, folded before comparing grams.
COGNATE_FOLDS = (
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("c", "k"),
    ("y", "i"),
    ("w", "v"),
    ("zh", "j"),
)
QUOTE_MATCH_MIN_WORDS = 4  # shorter quotations are stock phrases ("new era"), not evidence
EVENT_MAX_GRAMS = 1000  # lexical grams kept per event (about one long lead's worth), bounded memory
EVENT_MAX_FEATURES = 400  # entities and concepts kept per event: a big event's core, bounded cost
EVENT_MAX_QUOTES = 40  # enough quotations per event to match against, bounded cost
CANDIDATE_ENTITIES = 8  # look up candidate events through the article's rarest entities only
MAX_CANDIDATE_EVENTS = 50  # bounded comparisons per article, whatever the corpus size
POSTINGS_PER_ENTITY = 200  # the most recent events per entity; older ones are out of the window
# What a writer bound to a store holds of the event index between batches (the rest is read
# when an article needs it): the recent events an article is compared with, most of an event's
# size being its vectors and grams (~40 KB held); the postings of recently seen features; and the
# first and last days of events read to rule them out of the time window.
EVENTS_HELD = 2000
POSTINGS_HELD = 20000
EVENT_SPANS_HELD = 200000
# Likewise the story index: the threads recent articles were placed in or compared with, a
# story's record being its bounded bags (STORY_MAX_FEATURES) and its list of events.
STORIES_HELD = 2000
STORY_POSTINGS_HELD = 20000
STORY_SPANS_HELD = 200000
# Bound to a store (a server's or a run's writer), the entity index holds the gazetteer and the
# learned entities and postings recent articles named; the rest is read again when named. Held
# whole, 158k learned entities took 540 MB (about 3.5 KB each with their postings), so 20k held
# take about 70 MB, and a news day names a few thousand.
ENTITIES_HELD = 20000
ENTITY_POSTINGS_HELD = 100000
EVENT_WINDOW_DAYS = 7  # a happening is reported within a week; later reports are a new event
EVENT_SAME_DAYS = 3  # dated reports more than this apart are unlikely to be the same happening
EVENT_DATE_MISMATCH_FACTOR = (
    0.4  # ...so their score shrinks, but strong quote evidence can still win
)
EVENT_JOIN_THRESHOLD = 0.52  # best-F1 cut of cluster.similarity for SemEval dev "Overall <= 1.5"
EVENT_SAME_DAY_PROXIMITY = 0.7  # date proximity of reports at most a day apart (exp(-1/3))
EVENT_QUOTE_PROOF = 0.7  # a quotation matched this well is the same statement
EVENT_NUMBERS_PROOF = 0.5  # half of the figures shared: the same counts, sums and times
EVENT_UNCORROBORATED_CAP = 0.5  # topic likeness alone never reaches the join threshold
EVENT_MERGE_THRESHOLD = 0.7  # an article this close to two events proves them one
BACKGROUND_DOCUMENTS = 100  # a virtual background corpus that smooths IDF while the corpus is small
ENTITY_PRIOR_DF = 1.0  # an unseen person or organisation is assumed rare
COUNTRY_PRIOR_DF = 30.0  # countries are named in roughly a third of world news
CONCEPT_PRIOR_DF = 10.0  # lexicon concepts are common news words ("said", "year", "government")
NUMBER_PRIOR_DF = 3.0  # numbers recur (years, round figures) more than names do
IDF_CACHE_DRIFT = 0.02  # rarities are reused until the corpus grew by this share (they move slowly)
EVENT_NORM_STALE_MIN_SIZE = 20  # from this many reports an event's norms may lag its growth...
EVENT_NORM_STALE_GROWTH = (
    0.05  # ...by this share of its size (its mean vector moves less than that)
)
CANDIDATE_CONCEPTS = 16  # ...and its rarest cross-lingual features (name skeletons, numbers)
STORY_JOIN_THRESHOLD = 0.04  # chosen leave-one-topic-out on the five SlavicNER topics with e5 (bench/clustering.py): four folds of five and all topics together pick it (0.05 the fifth)
STORY_KEY_ENTITIES = 10  # stories are found through an article's most central entities...
STORY_KEY_NAMES = 6  # ...and name skeletons, which meet across scripts when linking fails
STORY_WEIGHT_ENTITIES = 0.5  # a thread is its actors...
STORY_WEIGHT_CONCEPTS = 0.5  # ...and what it is about, in any language
STORY_ACTOR_BOOST = 2.0  # people and organisations make a thread more than places do
STORY_MAX_GAP_DAYS = 548  # a thread survives a quiet year and a half
STORY_MERGE_MAX_EVENTS = 3  # an event merge folds in a story this young; older threads stay apart
STORY_MAX_FEATURES = (
    1000  # entities and concepts kept per story: a long thread's core, bounded record
)
STORY_TIE_RATIO = 0.7  # a rival story this close to the best one leaves an article torn between
STORY_LINK_MIN_SEEN = 20  # articles that saw both stories before their share of torn ones counts
STORY_LINK_SHARE = 0.15  # torn this often, two stories are one thread: chosen leave-one-topic-out with e5 (bench/clustering.py; four folds of five and all topics pick it over 0.25)
STORY_TWIN_CHECK_GROWTH = (
    1.25  # a story asks again for its twin each time its events grow by this factor
)
STORY_TWIN_SIMILARITY = 0.35  # a story this close to another as a whole is one thread (topics: under 0.31); chosen leave-one-topic-out with e5 on 1,000 characters (bench/clustering.py: four folds of five and all topics pick it over 0.4; with the 128-piece cut all five pick it over 0.3 and 0.4, and with the 192-piece cut all five keep it)
STORY_SPLIT_MIN_EVENTS = (
    16  # a story is asked whether it is two threads when its events reach 16, 32, 64…
)
STORY_SPLIT_MAX_EVENTS = (
    1024  # past this a thread has long shown what it is; the check would cost seconds
)
STORY_SPLIT_MIN_SHARE = (
    0.2  # each thread holds at least this share of the reports: not a few outliers
)
STORY_SPLIT_MIN_ARTICLES = 10  # nor a handful of reports
STORY_SPLIT_SIMILARITY = 0.3  # halves this unlike are two topics (tune half, orders 0-3: 0.25 left a brexit+covid story; one topic's halves: above 0.55)
STORY_SPLIT_SEEDS = (
    50  # the second seed is the least like the biggest event among this many next biggest
)
STORY_SPLIT_ROUNDS = 6  # two-means rounds: the halves settle in two or three
STORY_MAX_LINKS = 64  # rival stories remembered per story, bounded memory and merge cost

# Learned entity recogniser (entities/recognise.py, entities/train.py)
CORPUS_MAX_BROKEN_SHARE = 0.01  # of a file's lines: published sets hold a few with a lost tag (Europeana: 44 of 47,000); more is a wrong format, not a slip
CORPUS_LONGEST_SENTENCE = 80  # tokens: a set with no sentence breaks is cut at the next full stop after this many, so the tagger learns from sentences, not pages
NER_KNOWN_TYPE_SAME_SPAN = True  # a name the gazetteer knows keeps its known type where the model found its very span; with the next: SlavicNER leave-one-topic-out 0.813 -> 0.824 (better in all five folds), licensed dev splits 0.6287 -> 0.6289
NER_KNOWN_WIDENS = True  # a known name that starts with a span the model found, with no other model span in it, replaces it ("Ursula" of "Ursula von der Leyen"): ner_sets micro 0.6599 -> 0.6601, SlavicNER 0.8375 -> 0.8384
NER_KNOWN_FILL_GAPS = True  # a name the gazetteer knows is added where the model found nothing overlapping it, so a user's own entries are always found (figures with the line above)
NER_GIVEN_NAME_FILL_GAPS = True  # the rules' people that open with a known given name, or follow a title, fill the model's gaps as known names do (figures in the commits that set it)
NER_GIVEN_NAME_WIDENS = True  # such a person replaces a model span that ends it and starts later ("Scherf" of "Henning Scherf"), as a known name does
NER_TITLE_CASE_SHARE = 0.8  # of a line's words over three letters capitalised: a title-case headline, whose capitals do not mark names
NER_ONE_TYPE_PER_NAME = True  # a name keeps one type through a document, the rules' type where they typed it (document-level label consistency; figures in the commit that set it)
NER_TRAIN_ITERATIONS = 60  # L-BFGS passes: on the pt and hr dev splits 50, 100 and 200 passes score within 0.003 of each other; 60 keeps training short
NER_TRAIN_L1 = 0.05  # L1 penalty: drops rare features, which keeps the model small and stops it learning one topic's names by heart
NER_TRAIN_L2 = 0.01  # L2 penalty, CRFsuite's usual order of magnitude
NER_TRAIN_MIN_FEATURE_COUNT = 2  # a feature seen once is noise in a corpus of millions of tokens
ENTITY_STEM_KEY_MIN = 4  # letters of an inflection-blind skeleton before it may link a name: three (kan) join Чжан to Хания
NER_TRAIN_SHARED_ONLY_SHARE = 0.3  # of training sentences seen without their language's own features: the shared weights then carry names into languages with no annotated data (bg, uk, pl, cs, sl)
NER_PERSON_PARTICLE_MAX = 3  # letters: von, van, bin, dos, de, al belong to a person's name; a longer lower-case word (told, said) ends it
