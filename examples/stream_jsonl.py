#!/usr/bin/env python3
"""stream_jsonl.py - tag documents from a Python preprocessing loop

One long-running `kijang tag --input jsonl --format jsonl` process serves
the whole loop: write a document as one JSON line, read its answer line.
kijang answers each line with exactly one line, in order (an error record
{"id", "error"} for a bad one), and flushes each answer when its output is
a pipe, so this never deadlocks and never waits for a buffer to fill.

    python3 examples/stream_jsonl.py [KIJANG] < texts.txt

reads one text per input line and prints, per text, its entities as
"LABEL<TAB>surface" lines followed by a blank line.
"""
import json
import subprocess
import sys


class Tagger:
    """A kijang process fed one document at a time."""

    def __init__(self, kijang="kijang", *options):
        self.proc = subprocess.Popen(
            [kijang, "tag", "--input", "jsonl", "--format", "jsonl",
             "--quiet", *options],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, encoding="utf-8", bufsize=1)

    def tag(self, text, doc_id=None):
        """The tagged document as a dict (with "error" when it failed)."""
        doc = {"text": text} if doc_id is None else {"id": doc_id, "text": text}
        self.proc.stdin.write(json.dumps(doc, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("kijang ended early")
        return json.loads(line)

    def close(self):
        """End the process; its exit status (1 if a document failed)."""
        self.proc.stdin.close()
        self.proc.stdout.close()
        return self.proc.wait()


def main():
    tagger = Tagger(sys.argv[1] if len(sys.argv) > 1 else "kijang")
    for n, line in enumerate(sys.stdin, 1):
        # ... a real pipeline would clean, deduplicate or filter here ...
        result = tagger.tag(line.rstrip("\n"), doc_id=f"line-{n}")
        if "error" in result:
            print(f"error\t{result['error']}")
        for ent in result.get("entities", []):
            print(f"{ent['label']}\t{ent['text']}")
        print()
    return tagger.close()


if __name__ == "__main__":
    sys.exit(main())
