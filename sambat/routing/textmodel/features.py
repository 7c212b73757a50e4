"""Hashed word and character n-gram features.

Every n-gram is turned into a bucket number with CRC-32, so the model file holds numbers, never the
words of the complaints it was trained on. Two blocks of features are used side by side, which makes
one linear model behave like an ensemble of a word model and a character model:

- words and word pairs ("jalan berlubang"), which carry meaning;
- character 3–4-grams inside each word (like scikit-learn's ``char_wb``), which survive typos,
  affixes ("jalannya", "diperbaiki") and spellings the slang table does not know.

The character n-grams of a word never change, so they are cached per word: a running service sees
the same few thousand words again and again.
"""

import zlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import chain

import numpy as np
import scipy.sparse as sp

from sambat.routing.textmodel.normalise import raw_words, tokens, word_forms

N_BUCKETS = 1 << 22


@dataclass(frozen=True)
class FeatureConfig:
    """How text becomes features; stored in the model file so prediction repeats training exactly."""

    word_ngrams: int = 2
    char_min: int = 3
    char_max: int = 4
    char_weight: float = 1.0
    word_weight: float = 1.0
    n_buckets: int = N_BUCKETS

    def as_dict(self) -> dict:
        return asdict(self)


_EMPTY = np.empty(0, dtype=np.int64)
Block = tuple[np.ndarray, np.ndarray]  # (sorted bucket numbers, sub-linear term frequencies)
Raw = tuple[Block, Block]  # (word block, character block)


# CRC-32 of "c" + n-gram, computed as a running checksum from the prefix's CRC.
_CHAR_SEED = zlib.crc32(b"c")


def _crc_table() -> np.ndarray:
    """The byte table of CRC-32 (reflected polynomial 0xEDB88320), for computing many CRCs with numpy."""
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> np.uint32(1)) ^ np.uint32(0xEDB88320), table >> np.uint32(1))
    return table.astype(np.uint32)


_CRC_TABLE = _crc_table()


def _word_hash(word: str) -> int:
    return zlib.crc32(("w" + word).encode("utf-8", "surrogatepass"))


def _char_hashes(word: str, char_min: int, char_max: int, n_buckets: int) -> tuple[int, ...]:
    padded = f" {word} "
    sizes = range(char_min, min(char_max, len(padded)) + 1)
    crc32 = zlib.crc32
    if padded.isascii():
        data = padded.encode("ascii")  # one byte per character: n-grams of bytes are n-grams of characters
        return tuple(crc32(data[i : i + n], _CHAR_SEED) % n_buckets for n in sizes for i in range(len(data) - n + 1))
    return tuple(
        crc32(padded[i : i + n].encode("utf-8", "surrogatepass"), _CHAR_SEED) % n_buckets
        for n in sizes
        for i in range(len(padded) - n + 1)
    )


# Training reads every text of the corpus; these caches make the repeated words cheap there.
_word_bucket = lru_cache(maxsize=200_000)(_word_hash)
_char_buckets = lru_cache(maxsize=200_000)(_char_hashes)


def _counted(buckets: np.ndarray) -> Block:
    if not len(buckets):
        return _EMPTY, np.empty(0, dtype=np.float32)
    keys, counts = np.unique(buckets, return_counts=True)
    return keys, (1.0 + np.log(counts)).astype(np.float32)


def raw_features(text: str, config: FeatureConfig, *, drop: frozenset[str] = frozenset()) -> Raw:
    """Bucket numbers and sub-linear term frequencies (1 + log count): (word block, character block)."""
    words = tokens(text, drop=drop)
    if not words:
        return _counted(_EMPTY), _counted(_EMPTY)
    unigrams = np.array([_word_bucket(word) for word in words], dtype=np.int64)
    parts = [unigrams]
    if config.word_ngrams >= 2 and len(words) > 1:
        # Word pairs hash the pair of word hashes: no second pass over strings.
        parts.append((unigrams[:-1] * 1_000_003 + unigrams[1:] + 0x9E3779B9) & 0xFFFFFFFF)
    word_buckets = np.concatenate(parts) % config.n_buckets
    char_buckets = np.fromiter(
        chain.from_iterable(_char_buckets(word, config.char_min, config.char_max, config.n_buckets) for word in words),
        dtype=np.int64,
    )
    return _counted(word_buckets), _counted(char_buckets)


@dataclass
class Vocabulary:
    """The buckets kept after training (sorted) with their inverse document frequencies, per block."""

    word_buckets: np.ndarray
    word_idf: np.ndarray
    char_buckets: np.ndarray
    char_idf: np.ndarray

    @property
    def size(self) -> int:
        return len(self.word_buckets) + len(self.char_buckets)


def fit_vocabulary(raw: list[Raw], *, min_df: int = 2, max_features: int = 400_000) -> Vocabulary:
    """Keep buckets seen in at least `min_df` texts (rarer ones are mostly names and typos)."""
    n = len(raw)
    blocks = []
    for block in (0, 1):
        keys = [pair[block][0] for pair in raw]
        everything = np.concatenate(keys) if keys else _EMPTY
        buckets, df = np.unique(everything, return_counts=True)
        keep = df >= min_df
        buckets, df = buckets[keep], df[keep]
        limit = max_features // 2
        if len(buckets) > limit:
            top = np.sort(np.argsort(-df, kind="stable")[:limit])
            buckets, df = buckets[top], df[top]
        idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
        blocks.append((buckets.astype(np.int64), idf.astype(np.float32)))
    return Vocabulary(
        word_buckets=blocks[0][0], word_idf=blocks[0][1], char_buckets=blocks[1][0], char_idf=blocks[1][1]
    )


def _lookup(block: Block, buckets: np.ndarray, idf: np.ndarray, weight: float) -> tuple[np.ndarray, np.ndarray]:
    keys, vals = block
    if not len(keys) or not len(buckets):
        return _EMPTY, np.empty(0, dtype=np.float32)
    pos = np.searchsorted(buckets, keys)
    pos[pos >= len(buckets)] = 0
    known = buckets[pos] == keys
    pos = pos[known]
    vals = vals[known] * idf[pos]
    norm = float(np.sqrt(np.dot(vals, vals)))
    if norm > 0:
        vals *= weight / norm
    return pos, vals


def vectorise_one(pair: Raw, vocab: Vocabulary, config: FeatureConfig) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of one text's feature vector (word columns first, then character)."""
    wpos, wval = _lookup(pair[0], vocab.word_buckets, vocab.word_idf, config.word_weight)
    cpos, cval = _lookup(pair[1], vocab.char_buckets, vocab.char_idf, config.char_weight)
    return np.concatenate([wpos, cpos + len(vocab.word_buckets)]), np.concatenate([wval, cval])


def vectorise(raw: Iterable[Raw], vocab: Vocabulary, config: FeatureConfig) -> sp.csr_matrix:
    indptr = [0]
    indices = []
    data = []
    for pair in raw:
        pos, val = vectorise_one(pair, vocab, config)
        indices.append(pos)
        data.append(val)
        indptr.append(indptr[-1] + len(pos))
    matrix = sp.csr_matrix(
        (
            np.concatenate(data) if data else np.empty(0, dtype=np.float32),
            np.concatenate(indices).astype(np.int32) if indices else np.empty(0, dtype=np.int32),
            np.array(indptr, dtype=np.int32),
        ),
        shape=(len(indptr) - 1, vocab.size),
        dtype=np.float32,
    )
    # scikit-learn's liblinear wants 32-bit indices; scipy may widen them.
    matrix.indices = matrix.indices.astype(np.int32)
    matrix.indptr = matrix.indptr.astype(np.int32)
    return matrix


#: One normalised word as the fast path sees it: its CRC-32 h as the two halves of a word-pair hash
#: (h * 1_000_003 for the first word of a pair, h + 0x9E3779B9 for the second), its word column or -1,
#: and its known character columns (numbered over both blocks, repeats kept) or None.
_Entry = tuple[int, int, int, "np.ndarray | None"]


class _GramColumns(dict[str, int]):
    """Character n-gram → its column, or -1 when the vocabulary does not have it; filled on first use."""

    def __init__(self, char_column: dict[int, int], n_buckets: int) -> None:
        super().__init__()
        self.char_column = char_column
        self.n_buckets = n_buckets

    def __missing__(self, gram: str) -> int:
        bucket = zlib.crc32(gram.encode("utf-8", "surrogatepass"), _CHAR_SEED) % self.n_buckets
        column = self[gram] = self.char_column.get(bucket, -1)
        return column


class Featuriser:
    """Fast per-text vectors for a trained vocabulary: the same numbers as `vectorise_one(raw_features())`.

    Everything about a word that does not depend on its neighbours is computed once and cached under
    the word as `raw_words()` splits it: its standard form(s), its hash, its word column and the array
    of its known character columns. A known word then costs one dictionary look-up; a complaint costs
    the split, the word pairs, and one sort of its columns to count repeats.
    """

    CACHE_SIZE = 100_000
    #: From this many new words in one text on, their n-grams are hashed in one numpy batch.
    BATCH_MIN = 8

    def __init__(self, vocab: Vocabulary, config: FeatureConfig) -> None:
        self.vocab = vocab
        self.config = config
        self.n_word = len(vocab.word_buckets)
        self._word_column = {int(bucket): i for i, bucket in enumerate(vocab.word_buckets)}
        self._char_column = {int(bucket): self.n_word + i for i, bucket in enumerate(vocab.char_buckets)}
        self._idf = np.concatenate([vocab.word_idf, vocab.char_idf]).astype(np.float32)
        self._cache: dict[str, tuple[_Entry, ...]] = {}  # raw word -> entries of its standard form(s)
        self._forms: dict[str, _Entry] = {}  # standard form -> entry ("jln" and "jalan" share one)
        # Character n-grams recur across words far more than words do: a new word mostly costs look-ups.
        self._gram_columns = _GramColumns(self._char_column, config.n_buckets)

    def _learn(self, raws: list[str]) -> None:
        """Cache the entries of a text's new words; many new plain-ASCII words are hashed in one batch."""
        forms = self._forms
        new = list(dict.fromkeys(form for raw in raws for form in word_forms(raw) if form not in forms))
        plain = [form for form in new if form.isascii()]
        if len(plain) >= self.BATCH_MIN and len(self._forms) + len(plain) < self.CACHE_SIZE:
            self._batch_forms(plain)
        for raw in raws:
            self._entries(raw)

    def _batch_forms(self, words: list[str]) -> None:
        """`_form_entry()` for many ASCII words at once: every character n-gram's CRC-32 computed by numpy
        over one array (the same numbers zlib gives), then looked up in the sorted vocabulary."""
        config = self.config
        lengths = np.array([len(word) + 2 for word in words])
        data = np.frombuffer("".join(f" {word} " for word in words).encode("ascii"), dtype=np.uint8).astype(np.uint32)
        word_of = np.repeat(np.arange(len(words)), lengths)
        room = np.repeat(np.cumsum(lengths), lengths) - np.arange(len(data))  # characters left in the word
        # The CRC state of an n-gram after its first n-1 bytes is that of the (n-1)-gram at the same start:
        # one pass over the starts, extended one byte at a time, yields every size.
        starts = np.flatnonzero(room >= config.char_min)
        crc = np.full(len(starts), _CHAR_SEED ^ 0xFFFFFFFF, dtype=np.uint32)
        crcs, owners = [], []
        for n in range(1, config.char_max + 1):
            crc = _CRC_TABLE.take((crc ^ data.take(starts + (n - 1))) & 0xFF) ^ (crc >> np.uint32(8))
            if n >= config.char_min:
                crcs.append(crc ^ np.uint32(0xFFFFFFFF))
                owners.append(word_of.take(starts))
                if n < config.char_max:
                    longer = room.take(starts) > n
                    starts, crc = starts[longer], crc[longer]
        buckets = np.concatenate(crcs).astype(np.int64) % config.n_buckets
        owner = np.concatenate(owners)
        table = self.vocab.char_buckets
        if len(table):
            at = np.minimum(np.searchsorted(table, buckets), len(table) - 1)
            known = table[at] == buckets
        else:
            at, known = buckets, np.zeros(len(buckets), dtype=bool)
        owner = owner[known]
        order = np.argsort(owner, kind="stable")
        columns = at[known][order] + self.n_word
        bounds = np.concatenate([[0], np.cumsum(np.bincount(owner, minlength=len(words)))]).tolist()
        word_column = self._word_column.get
        for k, word in enumerate(words):
            h = _word_hash(word)
            first, last = bounds[k], bounds[k + 1]
            self._forms[word] = (
                h * 1_000_003,
                h + 0x9E3779B9,
                word_column(h % config.n_buckets, -1),
                columns[first:last] if last > first else None,
            )

    def _entries(self, raw: str) -> tuple[_Entry, ...]:
        if len(self._cache) >= self.CACHE_SIZE or len(self._gram_columns) >= self.CACHE_SIZE:
            self._cache.clear()
            self._forms.clear()
            self._gram_columns.clear()
        forms = self._forms
        entries = tuple(forms.get(form) or self._form_entry(form) for form in word_forms(raw))
        self._cache[raw] = entries
        return entries

    def _form_entry(self, word: str) -> _Entry:
        config = self.config
        h = _word_hash(word)
        padded = f" {word} "
        sizes = range(config.char_min, min(config.char_max, len(padded)) + 1)
        grams = [padded[i : i + n] for n in sizes for i in range(len(padded) - n + 1)]
        columns = [column for column in map(self._gram_columns.__getitem__, grams) if column >= 0]
        entry = (
            h * 1_000_003,
            h + 0x9E3779B9,
            self._word_column.get(h % config.n_buckets, -1),
            np.array(columns) if columns else None,
        )
        self._forms[word] = entry
        return entry

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray, int]:
        """(column indices, values, number of known word features) of one text."""
        words = raw_words(text)
        get = self._cache.get
        found = [get(raw) for raw in words]
        if None in found:
            self._learn([raw for raw, known in zip(words, found, strict=True) if known is None])
            found = [get(raw) or self._entries(raw) for raw in words]
        entries = [entry for group in found for entry in group]  # type: ignore[union-attr]
        if not entries:
            return _EMPTY, np.empty(0, dtype=np.float32), 0
        firsts, seconds, word_columns, char_columns = zip(*entries, strict=True)
        columns = [column for column in word_columns if column >= 0]
        if self.config.word_ngrams >= 2 and len(entries) > 1:
            # Word pairs hash the pair of word hashes, as raw_features() does (Python ints: no overflow).
            n_buckets = self.config.n_buckets
            pairs = [((a + b) & 0xFFFFFFFF) % n_buckets for a, b in zip(firsts[:-1], seconds[1:], strict=True)]
            columns += [column for column in map(self._word_column.get, pairs) if column is not None]
        parts = [array for array in char_columns if array is not None]
        if columns:
            parts.append(np.array(columns))
        if not parts:
            return _EMPTY, np.empty(0, dtype=np.float32), 0
        # One sort counts repeats in both blocks (np.unique, without its overhead for small arrays).
        everything = np.concatenate(parts)
        everything.sort()
        if len(everything) > 1:
            first_of_run = np.empty(len(everything), dtype=bool)
            first_of_run[0] = True
            np.not_equal(everything[1:], everything[:-1], out=first_of_run[1:])
            starts = np.flatnonzero(first_of_run)
        else:
            starts = np.zeros(1, dtype=np.int64)
        pos = everything[starts]
        vals = self._idf[pos]
        if len(pos) < len(everything):
            counts = np.empty(len(starts), dtype=np.int64)
            np.subtract(starts[1:], starts[:-1], out=counts[:-1])
            counts[-1] = len(everything) - starts[-1]
            vals *= (1.0 + np.log(counts)).astype(np.float32)
        split = int(np.searchsorted(pos, self.n_word))
        for block, weight in ((vals[:split], self.config.word_weight), (vals[split:], self.config.char_weight)):
            norm = float(np.sqrt(np.dot(block, block)))
            if norm > 0:
                block *= weight / norm
        return pos, vals, split
