#!/bin/sh
# tests/valgrind-wrap.sh - run a unit test program under valgrind
# (LOG_COMPILER with ./configure --enable-valgrind; shell drivers run as is).
case "$1" in
*.sh) exec "$@" ;;
esac
exec "${KIJANG_LIBTOOL:-libtool}" --mode=execute valgrind -q \
    --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite "$@"
