#!/bin/sh
# tests/cli/html-render.sh - the HTML output renders in a real browser
#
# kijang tag --format html writes a page for a small input; headless
# Chromium takes a screenshot of it and of an empty page, and the page's
# screenshot must differ from the empty one and be larger (a blank PNG
# compresses to almost nothing). Skips (77) when there is no chromium or
# chromium-browser on PATH, or while kijang tag does not know --format html
# (usage error, exit status 2).
. "${KIJANG_SRCDIR:-.}/tests/setup.sh"

browser=
for b in chromium chromium-browser; do
    if command -v "$b" > /dev/null 2>&1; then
        browser=$b
        break
    fi
done
if [ -z "$browser" ]; then
    echo "SKIP no chromium or chromium-browser on PATH"
    exit 77
fi

case $scratch in
/*) ;;
*) scratch=$(cd "$scratch" && pwd) ;;
esac

# -- the page -----------------------------------------------------------------
printf '%s\n' \
    'Presiden Joko Widodo bertemu Menteri Keuangan Sri Mulyani di Jakarta.' \
    'Bank Dunia menyebut "pertumbuhan" <kuat> & stabil.' > "$scratch/in.txt"
status=0
run_kijang tag --format html "$scratch/in.txt" > "$scratch/page.html" \
    2> "$scratch/tag.err" || status=$?
if [ "$status" = 2 ]; then
    echo "SKIP kijang tag does not accept --format html yet"
    cat "$scratch/tag.err"
    exit 77
fi
if [ "$status" != 0 ]; then
    echo "FAIL kijang tag --format html: exit status $status"
    cat "$scratch/tag.err"
    exit 1
fi

printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>kijang</title></head><body></body></html>\n' \
    > "$scratch/empty.html"

# render NAME: screenshot $scratch/NAME.html into $scratch/NAME.png
render() {
    to=
    if command -v timeout > /dev/null 2>&1; then
        to="timeout 120"
    fi
    # HOME in the scratch directory: Chromium writes its profile there.
    HOME=$scratch $to "$browser" --headless --no-sandbox --disable-gpu \
        --screenshot="$scratch/$1.png" --window-size=800,600 \
        "file://$scratch/$1.html" > "$scratch/$1.log" 2>&1 || true
    if [ ! -s "$scratch/$1.png" ]; then
        echo "FAIL $browser wrote no screenshot of $1.html"
        cat "$scratch/$1.log"
        exit 1
    fi
}

render page
render empty

page_size=$(wc -c < "$scratch/page.png")
empty_size=$(wc -c < "$scratch/empty.png")
if cmp -s "$scratch/page.png" "$scratch/empty.png"; then
    echo "FAIL the page renders like an empty page"
    exit 1
fi
if [ "$page_size" -le "$empty_size" ]; then
    echo "FAIL page screenshot ($page_size bytes) not larger than an empty" \
         "page's ($empty_size bytes)"
    exit 1
fi
echo "ok   html render ($page_size bytes, empty page $empty_size bytes)"
