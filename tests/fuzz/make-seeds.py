#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make-seeds.py - (re)make the fuzz targets' seed corpora in tests/fuzz/seeds

Usage: tests/fuzz/make-seeds.py KIJANG   (from the top of the source tree;
KIJANG is a built kijang, which compiles the kjlex seeds)

Every seed is derived from files already in the tree (tests/cases,
tests/cli, corpus/, lexicons/) and kept to a few KB:
  text/      corpus/docs articles, tokenize.cases and sentence.cases inputs,
             the text inputs of tests/cli (invalid UTF-8, NUL, CRLF, BOM)
  pipeline/  other corpus/docs articles, must-tag.cases and rules.cases
             sentences, the tag inputs of tests/cli
  readers/   one option byte (see fuzz_readers.c), then a JSONL, CoNLL,
             CoNLL-U or lines input of tests/cli or corpus/gold
  lexsrc/    the heads of the gazetteers and rule lists, tests/cli sources
             (with the bad lines of compile-errors) and a source using every
             attribute
  kjlex/     small images compiled from some of the lexsrc seeds (the full
             default.kjlex and rules.kjlex are replayed from the build)
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.getcwd()
OUT = os.path.join(TOP, "tests", "fuzz", "seeds")
LIMIT = 3000  # bytes per seed, roughly


def read(path):
    with open(os.path.join(TOP, path), "rb") as f:
        return f.read()


def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def head(data, limit=LIMIT, sep=b"\n"):
    """At most about `limit` bytes of data, cut after a separator."""
    if len(data) <= limit:
        return data
    cut = data.rfind(sep, 0, limit)
    return data[: cut + len(sep)] if cut > 0 else data[:limit]


def unescape(line):
    r"""The escapes of the .cases files: \n \t \r \\ \xHH \u{HHHH}."""
    out = bytearray()
    i = 0
    while i < len(line):
        c = line[i]
        if c != "\\" or i + 1 >= len(line):
            out += c.encode()
            i += 1
            continue
        n = line[i + 1]
        if n in "ntr\\":
            out += {"n": b"\n", "t": b"\t", "r": b"\r", "\\": b"\\"}[n]
            i += 2
        elif n == "x":
            out.append(int(line[i + 2 : i + 4], 16))
            i += 4
        elif n == "u":
            end = line.index("}", i)
            out += chr(int(line[i + 3 : end], 16)).encode("utf-8", "surrogatepass")
            i = end + 1
        else:
            out += b"\\"
            i += 1
    return bytes(out)


def case_inputs(path):
    """The input line of each group of a .cases file, by section."""
    sections, cur, first = [], [], True
    for line in read(path).decode("utf-8").split("\n"):
        if line.startswith("# ---"):
            if cur:
                sections.append(cur)
            cur = []
            continue
        if line.startswith("#"):
            continue
        if line == "":
            first = True
            continue
        if first:
            cur.append(unescape(line))
            first = False
    if cur:
        sections.append(cur)
    return sections


def chunks(items, sep, limit=LIMIT):
    """Join items with sep into pieces of at most about limit bytes."""
    out, cur = [], b""
    for it in items:
        if cur and len(cur) + len(sep) + len(it) > limit:
            out.append(cur)
            cur = b""
        cur = cur + sep + it if cur else it
    if cur:
        out.append(cur)
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    kijang = os.path.abspath(sys.argv[1])
    for t in ("text", "pipeline", "readers", "lexsrc", "kjlex"):
        shutil.rmtree(os.path.join(OUT, t), ignore_errors=True)

    # ---- text ----
    for n in ("001-industri-jepang", "003-banjir-jawa-barat", "006-baterai-korea",
              "010-kerja-sama-pelabuhan", "016-smelter-nikel-morowali",
              "020-tekstil-impor", "025-klub-sepak-bola-sponsor"):
        write("text", "doc-%s.txt" % n[:3], read("corpus/docs/%s.txt" % n))
    for which, sep in (("tokenize", b"\n"), ("sentence", b"\n\n")):
        k = 0
        for sec in case_inputs("tests/cases/%s.cases" % which):
            for piece in chunks(sec, sep):
                k += 1
                write("text", "%s-%02d.txt" % (which, k), piece)
    for src, name in (("invalid-utf8-text/rusak.txt", "cli-invalid-utf8.txt"),
                      ("invalid-utf8-offsets-byte/rusak.txt", "cli-invalid-utf8-2.txt"),
                      ("nul-control/kendali.txt", "cli-nul-control.txt"),
                      ("lines-crlf/judul.txt", "cli-crlf.txt"),
                      ("offsets-utf16/kafe.txt", "cli-kafe.txt"),
                      ("text-stdin/stdin", "cli-stdin.txt"),
                      ("conll-columns/doc.txt", "cli-columns.txt")):
        write("text", name, head(read("tests/cli/" + src)))
    write("text", "bom.txt", b"\xef\xbb\xbf" + head(read("tests/cli/text-stdin/stdin"), 600))
    write("text", "empty.txt", b"")

    # ---- pipeline ----
    for n in ("002-kunjungan-dagang", "005-rapat-dpr", "011-rapat-psn",
              "013-rapat-komisi-dpr", "019-riset-jepang-jerman",
              "022-desa-wisata-lombok", "028-proyeksi-ekonomi"):
        write("pipeline", "doc-%s.txt" % n[:3], read("corpus/docs/%s.txt" % n))
    for which in ("must-tag", "rules"):
        sents = [s for sec in case_inputs("tests/cases/%s.cases" % which) for s in sec]
        for k, piece in enumerate(chunks(sents, b" "), 1):
            write("pipeline", "%s-%02d.txt" % (which, k), piece)
    for src, name in (("tag-fallback/stdin", "cli-fallback.txt"),
                      ("tag-no-rules/stdin", "cli-no-rules.txt"),
                      ("tag-explain/stdin", "cli-explain.txt"),
                      ("tag-lexicon/berita.txt", "cli-berita.txt"),
                      ("offsets-byte/kafe.txt", "cli-kafe.txt")):
        write("pipeline", name, head(read("tests/cli/" + src)))

    # ---- readers: option byte + input ----
    # bits 0-1 format (0 jsonl, 1 conll, 2 conllu, 3 lines), 4 sentence
    # unit, 8 keep columns, 16 strict, 32/64 scheme or offsets, 128 columns
    readers = (
        (0x00, "jsonl-errors/data.jsonl"), (0x20, "jsonl-ids/berita.jsonl"),
        (0x40, "jsonl-passthrough/stdin"), (0x10, "eval-jsonl/gold.jsonl"),
        (0x00, "eval-jsonl/pred.jsonl"),
        (0x21, "conll-iob1/rapat.conll"), (0x01, "conll-jsonl/korpus.conll"),
        (0x81, "conll-jsonl/polos.conll"), (0x69, "conll-keep-columns/tab.conll"),
        (0x09, "conll-keep-columns/spasi.conll"), (0x41, "conll-no-docstart/dua.conll"),
        (0x05, "conll-doc-unit-sentence/kalimat.conll"), (0x81, "eval-conll/gold.conll"),
        (0x0d, "eval-keep-columns/both.conll"),
        (0x02, "conllu-newdoc/rapat.conllu"), (0x06, "conllu-sentence/kalimat.conllu"),
        (0x8a, "conllu-newdoc/rapat.conllu"),
        (0x03, "lines-crlf/judul.txt"), (0x43, "invalid-utf8-lines-stdin/stdin"),
        (0x13, "invalid-utf8-strict/rusak.txt"), (0x03, "nul-control/kendali.txt"),
    )
    for k, (opt, src) in enumerate(readers, 1):
        name = "%02d-%s" % (k, src.replace("/", "-"))
        write("readers", name, bytes([opt]) + head(read("tests/cli/" + src)))
    jl = read("corpus/gold/corpus.jsonl")
    write("readers", "30-corpus.jsonl", b"\x00" + jl[: jl.index(b"\n") + 1])
    write("readers", "31-corpus.conll", b"\x81" + head(read("corpus/gold/corpus.conll"), LIMIT, b"\n\n"))

    # ---- lexsrc ----
    gaz = sorted(os.listdir(os.path.join(TOP, "lexicons", "gazetteer")))
    for f in gaz:
        write("lexsrc", f, head(read("lexicons/gazetteer/" + f)))
    for f in sorted(os.listdir(os.path.join(TOP, "lexicons", "rules"))):
        write("lexsrc", "rules-" + f, head(read("lexicons/rules/" + f)))
    for src, name in (("compile-errors/good.tsv", "cli-good.tsv"),
                      ("compile-errors/bad.tsv", "cli-bad.tsv"),
                      ("tag-lexicon/mine.tsv", "cli-mine.tsv"),
                      ("default-lexicon.tsv", "cli-default-lexicon.tsv"),
                      ("eval-jsonl/map.tsv", "cli-map.tsv")):
        write("lexsrc", name, read("tests/cli/" + src))
    features = (
        "\ufeff# every attribute, a BOM and a CRLF line\r\n"
        "@default\tORG\tkind=ministry\n"
        "Kementerian Perindustrian\t\tid=kemenperin\tprio=5\n"
        "Kemenperin\t\tid=kemenperin\n"
        "METI\tORG\tid=Q1191784\tcase=exact\n"
        "@default\n"
        "Soeharto\tPER\tspelling=old\tid=Q83649\n"
        "Djakarta\tLOC\tspelling=old\n"
        "K.H. Ma'ruf Amin\tPER\tcase=fold\tprio=-1000000\n"
        "K\u014dichi Hagiuda\tPER\tcase=smart\tprio=1000000\n"
        "DKI Jakarta\tLOC\tkind=province\tambiguous=1\n"
        "iPhone\tPROD\n"
        "bunga\tO\n"
        "Jawa Barat\tLOC\n"
        "Jawa Barat\tLOC\n"
        "Wolfsburg\tLOC\tkind=city\n"
        "Wolfsburg\tORG\tkind=club\n"
        "  spasi di tepi  \tLOC\n"
        "\u201cKutip\u201d (Tanda)\tMISC\n"
    ).encode("utf-8")
    write("lexsrc", "features.tsv", features)

    # ---- kjlex: small compiled images ----
    with tempfile.TemporaryDirectory() as tmp:
        for src in ("features.tsv", "cli-default-lexicon.tsv", "cli-mine.tsv",
                    "provinces.tsv", "parties.tsv", "rules-triggers.tsv",
                    "rules-heads.tsv"):
            out = os.path.join(tmp, "x.kjlex")
            subprocess.run([kijang, "compile", src, "-o", out], check=True,
                           cwd=os.path.join(OUT, "lexsrc"),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(out, "rb") as f:
                write("kjlex", re.sub(r"\.tsv$", ".kjlex", src), f.read())
        # sources that old spellings extend
        out = os.path.join(tmp, "x.kjlex")
        subprocess.run([kijang, "compile", "--old-spelling", "people.tsv", "-o", out],
                       check=True, cwd=os.path.join(OUT, "lexsrc"),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out, "rb") as f:
            write("kjlex", "people-old-spelling.kjlex", f.read())


if __name__ == "__main__":
    main()
