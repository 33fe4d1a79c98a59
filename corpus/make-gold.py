#!/usr/bin/env python3
"""make-gold.py - build corpus/docs and corpus/gold from corpus/markup

Usage: corpus/make-gold.py KIJANG   (run from the top of the source tree)

Each corpus/markup/NNN-*.txt holds a document with its gold entities marked
inline as {LABEL text} (see corpus/README.md). This script writes

  corpus/docs/NNN-*.txt       the plain text (the markup removed)
  corpus/gold/corpus.jsonl    one line per document: {"id", "text",
                              "entities": [{"start", "end", "label",
                              "text"}]}, offsets in code points
  corpus/gold/corpus.conll    TOKEN<TAB>TAG (IOB2) on kijang's own tokens and
                              sentences, laid out like `kijang tag` output

using KIJANG (the program just built) only for tokens and sentences, with no
lexicon and no rules. A span that does not start and end on token
boundaries, or that crosses a sentence boundary, is an error: fix the
markup or the text layer. A maintainer's
tool: the build and `make check` use the files it wrote, not the script.
"""
import json
import os
import re
import subprocess
import sys

LABELS = ("PER", "ORG", "LOC", "PROG")
MARK = re.compile(r"\{(PER|ORG|LOC|PROG) ([^{}]+)\}")


def parse_markup(path, src):
    """Plain text and [(start, end, label)] in code points."""
    out, spans, pos, at = [], [], 0, 0
    for m in MARK.finditer(src):
        plain = src[pos:m.start()]
        if "{" in plain or "}" in plain:
            sys.exit(f"{path}: stray brace before offset {m.start()}")
        out.append(plain)
        at += len(plain)
        text = m.group(2)
        if text != text.strip():
            sys.exit(f"{path}: entity {text!r} has edge spaces")
        spans.append((at, at + len(text), m.group(1)))
        out.append(text)
        at += len(text)
        pos = m.end()
    rest = src[pos:]
    if "{" in rest or "}" in rest:
        sys.exit(f"{path}: stray brace after offset {pos}")
    out.append(rest)
    return "".join(out), spans


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    kijang = sys.argv[1]
    names = sorted(n for n in os.listdir("corpus/markup") if n.endswith(".txt"))
    docs = []
    for name in names:
        path = os.path.join("corpus/markup", name)
        with open(path, encoding="utf-8") as f:
            text, spans = parse_markup(path, f.read())
        with open(os.path.join("corpus/docs", name), "w", encoding="utf-8") as f:
            f.write(text)
        docs.append((name, text, spans))
    run = subprocess.run([kijang, "tag", "--format", "jsonl",
                          "--no-default-lexicon", "--no-rules", "corpus/docs"],
                         check=True, capture_output=True, text=True)
    tagged = [json.loads(line) for line in run.stdout.splitlines()]
    ids = [t["id"] for t in tagged]
    if ids != [n for n, _, _ in docs]:
        sys.exit(f"corpus/docs holds other files than corpus/markup: {ids}")
    os.makedirs("corpus/gold", exist_ok=True)
    with open("corpus/gold/corpus.jsonl", "w", encoding="utf-8") as fj, \
         open("corpus/gold/corpus.conll", "w", encoding="utf-8") as fc:
        for (name, text, spans), t in zip(docs, tagged):
            write_doc(fj, fc, name, text, spans, t)


def write_doc(fj, fc, name, text, spans, t):
    toks = t["tokens"]
    starts = {s: i for i, (s, _) in enumerate(toks)}
    ends = {e: i for i, (_, e) in enumerate(toks)}
    tags = ["O"] * len(toks)
    for s, e, label in spans:
        if s not in starts or e not in ends:
            sys.exit(f"corpus/markup/{name}: {text[s:e]!r} [{s},{e}) does not "
                     f"fall on token boundaries")
        first, last = starts[s], ends[e]
        if any(a <= first < b and not a <= last < b for a, b in t["sentences"]):
            sys.exit(f"corpus/markup/{name}: {text[s:e]!r} [{s},{e}) crosses a "
                     f"sentence boundary")
        tags[first] = "B-" + label
        for i in range(first + 1, last + 1):
            tags[i] = "I-" + label
    ents = [{"start": s, "end": e, "label": label, "text": text[s:e]}
            for s, e, label in spans]
    fj.write(json.dumps({"id": name, "text": text, "entities": ents},
                        ensure_ascii=False) + "\n")
    fc.write("-DOCSTART-\tO\n\n")
    for first, end in t["sentences"]:
        for i in range(first, end):
            s, e = toks[i]
            fc.write(f"{text[s:e]}\t{tags[i]}\n")
        fc.write("\n")


if __name__ == "__main__":
    main()
