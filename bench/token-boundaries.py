#!/usr/bin/env python3
"""Share of gold entities whose start and end fall on kijang's token boundaries.

  token-boundaries.py KIJANG SPANS.jsonl [--tokenizer fast|icu] [--show N]

SPANS.jsonl: one JSON object per line with "text" and "entities": [[start, end,
TYPE, surface], ...] in code points (the format of the NER UI set's
spans.jsonl). Runs `KIJANG tag --input jsonl --format jsonl` over it and
prints the counts, the share, and the first N misses with their context.
"""
import json
import subprocess
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    kijang, spans = sys.argv[1], sys.argv[2]
    tokenizer = sys.argv[sys.argv.index('--tokenizer') + 1] if '--tokenizer' in sys.argv else 'fast'
    show = int(sys.argv[sys.argv.index('--show') + 1]) if '--show' in sys.argv else 10
    gold = [json.loads(line) for line in open(spans, encoding='utf-8')]
    feed = ''.join(json.dumps({'id': str(i), 'text': g['text']}, ensure_ascii=False) + '\n'
                   for i, g in enumerate(gold))
    out = subprocess.run([kijang, 'tag', '--input', 'jsonl', '--format', 'jsonl',
                          '--tokenizer', tokenizer],
                         input=feed.encode('utf-8'), stdout=subprocess.PIPE, check=True)
    pred = [json.loads(line) for line in out.stdout.decode('utf-8').splitlines()]
    assert len(pred) == len(gold), 'one output line per input line'
    total = hits = 0
    misses = []
    for g, p in zip(gold, pred):
        starts = {t[0] for t in p['tokens']}
        ends = {t[1] for t in p['tokens']}
        for s, e, typ, surface in g['entities']:
            total += 1
            if s in starts and e in ends:
                hits += 1
            else:
                misses.append((g['text'][max(0, s - 15):e + 15], surface, typ))
    print(f'entities {total}  on token boundaries {hits}  share {hits / total:.4f}')
    for ctx, surface, typ in misses[:show]:
        print(f'  miss {typ} [{surface}] in ...{ctx}...')


main()
