/* SPDX-License-Identifier: MIT */
/* kijang.h - public API of libkijang, a named-entity tagger for Indonesian news
 *
 * The one installed header. It exposes no ICU or utf8proc types.
 *
 * Objects and their lifecycles:
 *   kj_tagger  tokenizes, splits sentences and tags documents. Create with
 *              kj_tagger_new(), free with kj_tagger_free(). A tagger is not
 *              safe for use by two threads at once; use one per thread.
 *   kj_doc     one document: its text, tokens, sentences and entities.
 *              Create with kj_doc_new(), free with kj_doc_free(); reuse it
 *              for a stream of documents (kj_doc_reset() keeps capacity).
 *   kj_reader  splits an input stream (text, lines, JSONL, CoNLL, CoNLL-U)
 *              into documents. kj_reader_new(), kj_reader_free().
 *   kj_writer  formats documents (CoNLL, JSONL, CoNLL-U, doccano, Label
 *              Studio, brat, HTML) to a sink. kj_writer_new(),
 *              kj_writer_finish(), kj_writer_free().
 *
 * Return convention, for every function below:
 *   - actions return int: KJ_OK (0) or a negative KJ_E* code;
 *   - constructors return a pointer, or NULL and a code in `*out_err` when
 *     `out_err` is not NULL;
 *   - kj_*_free(NULL) does nothing.
 * kj_strerror() turns a code into static text; objects that can fail with a
 * detailed reason also report it through their diagnostic callback.
 *
 * Offsets: tokens, sentences and entities are [start, end) byte offsets into
 * the document's decoded text (kj_doc_text()), which is always valid UTF-8.
 * The decoded text equals the input bytes except where the input had a
 * byte-order mark or invalid UTF-8; kj_doc_input_offset() maps back.
 */
#ifndef KJ_H
#define KJ_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && defined(KJ_BUILDING_LIBRARY)
#define KJ_API __attribute__((visibility("default")))
#else
#define KJ_API
#endif

/* API version of this header (separate from the library's ABI version). */
#define KJ_VERSION_MAJOR 0
#define KJ_VERSION_MINOR 1
#define KJ_VERSION_PATCH 0

/** Status codes: KJ_OK or negative errors. */
enum kj_status {
    KJ_OK = 0,
    KJ_ENOMEM = -1,   /**< out of memory */
    KJ_EINVAL = -2,   /**< invalid argument */
    KJ_EIO = -3,      /**< read or write failed (errno tells why) */
    KJ_EDATA = -4,    /**< malformed input data */
    KJ_EINTR = -5,    /**< interrupted by the caller */
    KJ_ELEXICON = -6  /**< lexicon missing, damaged or incompatible */
};

/** Static English text for a status code. Since: 0.1 */
KJ_API const char *kj_strerror(int code);
/** Version of the library, "MAJOR.MINOR.PATCH". Since: 0.1 */
KJ_API const char *kj_version(void);
/** Version of the ICU library kijang runs with, e.g. "72.1". Since: 0.1 */
KJ_API const char *kj_icu_version(void);
/** Unicode version of ICU's data, e.g. "15.0". Since: 0.1 */
KJ_API const char *kj_unicode_version(void);
/** Version of the utf8proc library kijang runs with. Since: 0.1 */
KJ_API const char *kj_utf8proc_version(void);
/** Release memory that the library allocated for the caller. Since: 0.1 */
KJ_API void kj_free(void *p);

/* ---------------------------------------------------------------------- */
/* Diagnostics                                                            */

typedef enum kj_severity {
    KJ_DIAG_WARNING = 1,  /**< the input was repaired; tagging went on */
    KJ_DIAG_ERROR = 2     /**< a document (or input) could not be tagged */
} kj_severity;

/** One diagnostic. Strings are valid only during the callback. */
typedef struct kj_diag {
    kj_severity severity;
    const char *file;     /**< input name as given, or NULL */
    long line;            /**< 1-based line in `file`, or 0 when unknown */
    long long offset;     /**< byte offset in `file`, or -1 when unknown */
    const char *doc_id;   /**< id of the document concerned, or NULL */
    const char *message;  /**< the message, without location or newline */
} kj_diag;

/** Receives diagnostics; the library itself never prints. */
typedef void (*kj_diag_fn)(void *user, const kj_diag *diag);

/* ---------------------------------------------------------------------- */
/* Documents                                                              */

/** A token: [start, end) bytes of kj_doc_text(). */
typedef struct kj_token {
    size_t start;
    size_t end;
} kj_token;

/** A sentence: the tokens [first, end) of its document. */
typedef struct kj_sentence {
    size_t first;
    size_t end;
} kj_sentence;

/** Another reading of an entity's span: a lexicon entry with another label
 *  for the same tokens ("Wolfsburg" the city and the club). */
typedef struct kj_alt {
    const char *label;
    const char *source;  /**< "file:line" of the entry */
    const char *id;      /**< or NULL */
    const char *kind;    /**< or NULL */
} kj_alt;

/** An entity span: tokens [first, end), bytes [start, end) of the text.
 *  Strings belong to the document and live until it is reset or freed. */
typedef struct kj_entity {
    size_t first;       /**< first token */
    size_t last;        /**< one past the last token */
    size_t start;       /**< first byte */
    size_t end;         /**< one past the last byte */
    const char *label;  /**< PER, ORG, LOC, PROG, or a user label */
    const char *source; /**< provenance: "file:line" of an entry, or a rule name */
    const char *id;     /**< canonical id of the entity, or NULL */
    const char *kind;   /**< fine type (ministry, province, ...), or NULL */
    const kj_alt *alts; /**< other labels for the same span, or NULL */
    size_t num_alts;
    const char *beat;   /**< what this span replaced ("[text] LABEL source";
                             "; " between), for --explain; or NULL */
} kj_entity;

typedef struct kj_doc kj_doc;

/** A new empty document; free with kj_doc_free(). Since: 0.1 */
KJ_API kj_doc *kj_doc_new(void);
/** Free a document and everything it holds. Since: 0.1 */
KJ_API void kj_doc_free(kj_doc *doc);
/** Empty a document for reuse, keeping its memory. Since: 0.1 */
KJ_API void kj_doc_reset(kj_doc *doc);

/** Set the document's id and text (and reset it). The text is decoded as
 *  UTF-8: a byte-order mark at the start is dropped and each maximal invalid
 *  byte sequence becomes one U+FFFD (Unicode's recommended practice).
 *  @param id    document id, NUL-terminated, or NULL for none
 *  @param text  input bytes (need not be NUL-terminated)
 *  @param len   number of bytes
 *  @return      KJ_OK, or KJ_ENOMEM
 *  Since: 0.1 */
KJ_API int kj_doc_set_text(kj_doc *doc, const char *id, const char *text,
                           size_t len);

/** The id, or "" when it has none. */
KJ_API const char *kj_doc_id(const kj_doc *doc);
/** The decoded text (valid UTF-8, NUL-terminated); its length in `*out_len`. */
KJ_API const char *kj_doc_text(const kj_doc *doc, size_t *out_len);
/** Number of invalid UTF-8 sequences that decoding replaced. */
KJ_API size_t kj_doc_replacements(const kj_doc *doc);
/** Offset in the input bytes of the first replaced sequence (or -1). */
KJ_API long long kj_doc_first_invalid(const kj_doc *doc);
/** Map a byte offset of the decoded text to the input bytes it came from. */
KJ_API size_t kj_doc_input_offset(const kj_doc *doc, size_t offset);
/** The tokens; their number in `*out_n`. */
KJ_API const kj_token *kj_doc_tokens(const kj_doc *doc, size_t *out_n);
/** The matching key of token `i` (NFKC, case-folded, marks stripped from
 *  Latin, Greek and Cyrillic letters; not NUL-terminated), its length in
 *  `*out_len`; NULL before kj_tag() or when `i` is out of range (or when
 *  memory runs out). Valid until the document is reset or tagged again.
 *  The keys of tokens that no lexicon of the tagger holds may be made when
 *  asked, in the document's memory: do not ask from two threads at once
 *  about one document. Since: 0.1 */
KJ_API const char *kj_doc_token_key(const kj_doc *doc, size_t i,
                                    size_t *out_len);
/** The sentences; their number in `*out_n`. */
KJ_API const kj_sentence *kj_doc_sentences(const kj_doc *doc, size_t *out_n);
/** The entities, sorted by start; their number in `*out_n`. */
KJ_API const kj_entity *kj_doc_entities(const kj_doc *doc, size_t *out_n);
/** Non-NULL when the document could not be read or tagged: why. */
KJ_API const char *kj_doc_error(const kj_doc *doc);
/** Mark the document failed, with a reason (copied); writers then write it
 *  as an error in its place. @return KJ_OK or KJ_ENOMEM. Since: 0.1 */
KJ_API int kj_doc_set_error(kj_doc *doc, const char *msg);

/** Add an entity over tokens [first, last) (tagging needs no call of this;
 *  it is for callers that merge spans of their own). Strings are copied.
 *  @return KJ_OK; KJ_EINVAL when the tokens are out of range, cross a
 *          sentence or overlap an entity already there; KJ_ENOMEM.
 *  Since: 0.1 */
KJ_API int kj_doc_add_entity(kj_doc *doc, size_t first, size_t last,
                             const char *label, const char *source);

/* ---------------------------------------------------------------------- */
/* Reading documents                                                      */

typedef enum kj_input_format {
    KJ_INPUT_TEXT = 0,  /**< the whole stream is one document */
    KJ_INPUT_LINES,     /**< each line is a document */
    KJ_INPUT_JSONL,     /**< each line an object with "text" (and "id") */
    KJ_INPUT_CONLL,     /**< token in the first column; blank line = sentence end */
    KJ_INPUT_CONLLU     /**< CoNLL-U: FORM column, # newdoc / # sent_id */
} kj_input_format;

typedef enum kj_doc_unit {
    KJ_DOC_UNIT_FILE = 0,  /**< CoNLL: documents by -DOCSTART- / # newdoc */
    KJ_DOC_UNIT_SENTENCE   /**< CoNLL: every sentence is a document */
} kj_doc_unit;

typedef struct kj_reader_options {
    kj_input_format format;
    kj_doc_unit doc_unit;
    int strict;           /**< invalid UTF-8 makes the document an error */
    int keep_columns;     /**< CoNLL: keep each token line's columns */
    kj_diag_fn diag;      /**< diagnostics, or NULL */
    void *diag_user;
} kj_reader_options;

/** Fill `opts` with the defaults (text, one document per file). */
KJ_API void kj_reader_options_init(kj_reader_options *opts);

/** Reads up to `len` bytes into `buf`: returns the number read, 0 at end of
 *  input, or -1 on error (errno set; EINTR means "stop now"). */
typedef ptrdiff_t (*kj_read_fn)(void *user, void *buf, size_t len);

typedef struct kj_reader kj_reader;

/** A reader pulling bytes from `fn`; `name` (copied) names the input in
 *  document ids and diagnostics ("-" for standard input). Free with
 *  kj_reader_free(). Since: 0.1 */
KJ_API kj_reader *kj_reader_new(const kj_reader_options *opts, kj_read_fn fn,
                                void *user, const char *name, int *out_err);
/** A reader over a file descriptor (not closed by the reader). */
KJ_API kj_reader *kj_reader_new_fd(const kj_reader_options *opts, int fd,
                                   const char *name, int *out_err);
/** A reader over `len` bytes at `data`, which must outlive the reader. */
KJ_API kj_reader *kj_reader_new_mem(const kj_reader_options *opts,
                                    const void *data, size_t len,
                                    const char *name, int *out_err);
/** Read the next document into `doc`.
 *  @return 1 when `doc` holds a document (check kj_doc_error(): a malformed
 *          document is returned with an error so it keeps its place), 0 at
 *          the end of the input, KJ_EIO when reading failed (errno tells
 *          why), KJ_EINTR when the read function was interrupted, KJ_ENOMEM.
 *  Since: 0.1 */
KJ_API int kj_reader_next(kj_reader *r, kj_doc *doc);
/** Free the reader. */
KJ_API void kj_reader_free(kj_reader *r);

/* ---------------------------------------------------------------------- */
/* Lexicons                                                               */

/** Version of the compiled lexicon format this library reads and writes. */
#define KJ_LEXICON_FORMAT 1

typedef struct kj_lexicon kj_lexicon;

/** Open a compiled lexicon (.kjlex): mapped read-only and shared by every
 *  process that opens it. The header and section table are checked in
 *  constant time; a damaged part found later fails cleanly. Problems are
 *  reported through `diag` ("... rebuild it with 'kijang compile'").
 *  @return the lexicon (free with kj_lexicon_free()), or NULL with
 *          KJ_ELEXICON or KJ_ENOMEM in *out_err. Since: 0.1 */
KJ_API kj_lexicon *kj_lexicon_open(const char *path, kj_diag_fn diag,
                                   void *user, int *out_err);
/** The same over `len` bytes at `data`, which must outlive the lexicon. */
KJ_API kj_lexicon *kj_lexicon_open_mem(const void *data, size_t len,
                                       const char *name, kj_diag_fn diag,
                                       void *user, int *out_err);
/** Free a lexicon (it must outlive every tagger using it). */
KJ_API void kj_lexicon_free(kj_lexicon *lx);
/** Verify the checksum and every offset of the whole image.
 *  @return KJ_OK or KJ_ELEXICON (reported through `diag`). */
KJ_API int kj_lexicon_check(const kj_lexicon *lx, kj_diag_fn diag, void *user);
/** Number of entries. */
KJ_API size_t kj_lexicon_num_entries(const kj_lexicon *lx);
/** The name it was opened with. */
KJ_API const char *kj_lexicon_name(const kj_lexicon *lx);
/** The image's identity, "crc32:XXXXXXXX" from its stored checksum: two
 *  images with the same id have the same bytes (for run summaries and
 *  provenance records). Since: 0.1 */
KJ_API const char *kj_lexicon_id(const kj_lexicon *lx);

/** One lexicon entry; strings point into the lexicon. */
typedef struct kj_lexicon_entry {
    const char *surface;      /**< as written in the source */
    const char *label;        /**< PER, ORG, LOC, PROG, O (stop), ... */
    const char *attrs;        /**< other attributes, "k=v" joined by TABs */
    const char *case_policy;  /**< "smart", "exact" or "fold" */
    int prio;                 /**< priority (default 0) */
    const char *source;       /**< source file, as it was named */
    unsigned long line;       /**< line in the source file */
    int variant;              /**< an old-spelling variant the compiler made
                                   (same fields; not a source line) */
} kj_lexicon_entry;

/** Entry `i` (entries are sorted by their token keys).
 *  @return KJ_OK, or KJ_ELEXICON when out of range or damaged. */
KJ_API int kj_lexicon_get_entry(const kj_lexicon *lx, size_t i,
                                kj_lexicon_entry *out);

typedef struct kj_compiler kj_compiler;

/** A lexicon compiler; problems in sources go to `diag` as
 *  `file:line` diagnostics. Free with kj_compiler_free(). Since: 0.1 */
KJ_API kj_compiler *kj_compiler_new(kj_diag_fn diag, void *user, int *out_err);
KJ_API void kj_compiler_free(kj_compiler *c);
/** Add a source (TSV, see kijang-lexicon(5)) held in memory; `name` is how
 *  entries will cite it. @return the number of errors found in it (every
 *  bad line is reported), or KJ_ENOMEM. */
KJ_API int kj_compiler_add_source(kj_compiler *c, const char *name,
                                  const char *data, size_t len);
/** Add a source file, cited by `path` as given. Same return. */
KJ_API int kj_compiler_add_file(kj_compiler *c, const char *path);
/** Give every entry old Indonesian spelling variants (oe/u, dj/j, tj/c:
 *  "Soeharto" matches "Suharto"), as the attribute spelling=old does for
 *  one entry. Call before adding sources. */
KJ_API void kj_compiler_set_old_spelling(kj_compiler *c, int on);
/** Errors reported so far. */
KJ_API size_t kj_compiler_errors(const kj_compiler *c);
/** Build the image in memory (free it with kj_free()).
 *  @return KJ_OK; KJ_ELEXICON when a source had errors; KJ_ENOMEM. */
KJ_API int kj_compiler_build(kj_compiler *c, void **out_image, size_t *out_len);
/** Build the image and write it to `path` through a temporary file that is
 *  verified (kj_lexicon_check) before it is renamed: a partial image never
 *  takes the name. @return KJ_OK, KJ_ELEXICON, KJ_EIO, KJ_ENOMEM. */
KJ_API int kj_compiler_write(kj_compiler *c, const char *path);

/* ---------------------------------------------------------------------- */
/* Tagging                                                                */

typedef struct kj_tagger kj_tagger;

/** A tagger; free with kj_tagger_free(). Since: 0.1 */
KJ_API kj_tagger *kj_tagger_new(int *out_err);
/** Free the tagger. */
KJ_API void kj_tagger_free(kj_tagger *t);

typedef enum kj_tokenizer_mode {
    KJ_TOKENIZER_FAST = 0,  /**< the fast paths, ICU where it is needed */
    KJ_TOKENIZER_ICU        /**< ICU's word and sentence iterators over
                                 the whole text */
} kj_tokenizer_mode;

/** Choose how word and sentence boundaries are found. Both modes give the
 *  same tokens and sentences (differential tests check it); ICU is the
 *  slower reference. Since: 0.1 */
KJ_API void kj_tagger_set_tokenizer(kj_tagger *t, kj_tokenizer_mode mode);
/** Add a lexicon to the tagger; later lexicons take precedence over
 *  earlier ones at equal length and priority. The lexicon must outlive the
 *  tagger. @return KJ_OK or KJ_ENOMEM. Since: 0.1 */
KJ_API int kj_tagger_add_lexicon(kj_tagger *t, const kj_lexicon *lx);

/** Use the rule layer with the word lists of `rules` (lexicons/rules/NAME.tsv
 *  compiled; NULL turns the rules off, the default). With a non-NULL
 *  `fallback_label` (copied), capitalised runs nothing explains get that
 *  label. The lexicon must outlive the tagger. @return KJ_OK or KJ_ENOMEM.
 *  Since: 0.1 */
KJ_API int kj_tagger_set_rules(kj_tagger *t, const kj_lexicon *rules,
                               const char *fallback_label);

/** Why tokens [first, last) of a tagged document are not an entity: each
 *  lexicon entry with these tokens and what stopped it (case policy,
 *  ambiguity, a stop entry, a longer match). A new string, freed with
 *  kj_free(); NULL when out of memory or out of range. Since: 0.1 */
KJ_API char *kj_tagger_explain_span(const kj_tagger *t, const kj_doc *doc,
                                    size_t first, size_t last);

/** Tokenize and split sentences (unless the document came pre-tokenized),
 *  compute the tokens' matching keys, and tag `doc`. A document with an
 *  error is left as it is; one that cannot be segmented (2 GiB of text or
 *  more) gets an error.
 *  @return KJ_OK or KJ_ENOMEM. Since: 0.1 */
KJ_API int kj_tag(kj_tagger *t, kj_doc *doc);

/* ---------------------------------------------------------------------- */
/* Writing documents                                                      */

/** Output formats. Offsets are in the unit of kj_writer_options.offsets
 *  unless a format says otherwise. */
typedef enum kj_output_format {
    KJ_FORMAT_CONLL = 0,    /**< TOKEN<TAB>TAG, blank line after sentences */
    KJ_FORMAT_JSONL,        /**< one JSON object per document */
    KJ_FORMAT_CONLLU,       /**< CoNLL-U: # newdoc, # sent_id, # text; the
                                 tag in MISC as NER=B-PER, with
                                 SpaceAfter=No. Since: 0.1 */
    KJ_FORMAT_DOCCANO,      /**< doccano JSONL, one {"id", "text", "label":
                                 [[start, end, LABEL], ...]} per document;
                                 offsets always in code points. Since: 0.1 */
    KJ_FORMAT_LABELSTUDIO,  /**< Label Studio tasks with predictions: one
                                 JSON array for the whole output; offsets
                                 always in UTF-16 units. Since: 0.1 */
    KJ_FORMAT_BRAT,         /**< brat standoff (.ann) lines "T1<TAB>LABEL
                                 START END<TAB>SURFACE" of each document;
                                 offsets always in code points of the
                                 decoded text. Since: 0.1 */
    KJ_FORMAT_HTML          /**< one standalone HTML page for the whole
                                 output, entities highlighted. Since: 0.1 */
} kj_output_format;

typedef enum kj_scheme {
    KJ_SCHEME_IOB2 = 0,
    KJ_SCHEME_IOB1,
    KJ_SCHEME_BIOES,
    KJ_SCHEME_IO
} kj_scheme;

typedef enum kj_offset_unit {
    KJ_OFFSETS_CODEPOINT = 0,  /**< code points of the decoded text */
    KJ_OFFSETS_UTF16,          /**< UTF-16 code units of the decoded text */
    KJ_OFFSETS_BYTE            /**< bytes of the input */
} kj_offset_unit;

/** Extra CoNLL columns, written before the tag in the order listed. Outside
 *  an entity (and for an entity without an id or kind) a column holds "_";
 *  whitespace inside a value is written as "_". */
typedef enum kj_column {
    KJ_COLUMN_END = 0,  /**< ends the list */
    KJ_COLUMN_DOC,      /**< the document id */
    KJ_COLUMN_OFFSETS,  /**< two columns: the token's start and end, in the
                             unit of `offsets` */
    KJ_COLUMN_ENTITY,   /**< the entity's id */
    KJ_COLUMN_KIND,     /**< the entity's kind */
    KJ_COLUMN_SOURCE    /**< the entry ("file:line") or rule that made it */
} kj_column;

#define KJ_MAX_COLUMNS 8

typedef struct kj_writer_options {
    kj_output_format format;
    kj_scheme scheme;
    kj_offset_unit offsets;
    int docstart;       /**< CoNLL: a -DOCSTART- line before each document */
    int keep_columns;   /**< CoNLL: input columns, then the tag */
    /** CoNLL: extra columns before the tag, ended by KJ_COLUMN_END (a full
     *  array needs no end). Since: 0.1 */
    unsigned char columns[KJ_MAX_COLUMNS];
} kj_writer_options;

/** Fill `opts` with the defaults (CoNLL, IOB2, code points, DOCSTART). */
KJ_API void kj_writer_options_init(kj_writer_options *opts);

/** Writes `len` bytes; returns KJ_OK or a negative code (KJ_EIO, errno set). */
typedef int (*kj_write_fn)(void *user, const void *buf, size_t len);

typedef struct kj_writer kj_writer;

/** A writer sending its output to `fn`. Output is buffered: call
 *  kj_writer_finish() at the end (Label Studio and HTML close their output
 *  there). Free with kj_writer_free().
 *  @return the writer, or NULL with KJ_EINVAL (unknown format, scheme,
 *          offset unit or column) or KJ_ENOMEM. Since: 0.1 */
KJ_API kj_writer *kj_writer_new(const kj_writer_options *opts, kj_write_fn fn,
                                void *user, int *out_err);
/** Format one document, after the format's prologue (first document) or
 *  separator (the others). A document with an error is written as
 *  {"id", "error"} in JSONL and doccano, as a task with an "error" in its
 *  data in Label Studio, as a section with the message in HTML, and
 *  skipped in CoNLL, CoNLL-U and brat.
 *  @return KJ_OK, KJ_ENOMEM, the write function's error, or KJ_EINVAL
 *          after kj_writer_finish(). */
KJ_API int kj_writer_write(kj_writer *w, const kj_doc *doc);
/** Write one document that kj_format_doc() formatted with the same options
 *  (`len` bytes at `formatted`): the same bytes kj_writer_write() would
 *  have written for it here, prologue or separator included. Lets worker
 *  threads format documents in parallel and one thread write them in
 *  order. @return as kj_writer_write(). Since: 0.1 */
KJ_API int kj_writer_put(kj_writer *w, const char *formatted, size_t len);
/** Send everything buffered to the write function. */
KJ_API int kj_writer_flush(kj_writer *w);
/** End the output: the format's prologue if no document was written, then
 *  its epilogue, then flush (formats without them just flush). Later
 *  writes fail with KJ_EINVAL; a second call only flushes.
 *  @return KJ_OK, KJ_ENOMEM, or the write function's error. Since: 0.1 */
KJ_API int kj_writer_finish(kj_writer *w);
/** Free the writer (without flushing). */
KJ_API void kj_writer_free(kj_writer *w);

/** Format one document into a new NUL-terminated string, freed with
 *  kj_free(): the document's part only, without the format's prologue,
 *  separator or epilogue (kj_writer_put() adds them). NULL when out of
 *  memory or when `opts->format` is unknown. */
KJ_API char *kj_format_doc(const kj_writer_options *opts, const kj_doc *doc);

/** The usual file name extension of a format, with its dot: ".conll",
 *  ".jsonl", ".conllu", ".jsonl" (doccano), ".json" (Label Studio), ".ann"
 *  (brat), ".html"; NULL for an unknown value. Since: 0.1 */
KJ_API const char *kj_format_extension(kj_output_format f);

#ifdef __cplusplus
}
#endif

#endif /* KJ_H */
