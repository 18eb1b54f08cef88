#!/usr/bin/env bash
# Smoke-test a built or installed kehu program (never the source tree):
#   installer/smoke-test.sh dist/kehu-desktop/kehu       the bundle as built
#   installer/smoke-test.sh /usr/bin/kehu                 the Debian package as installed
# The second argument names kehu-desktop (default: beside kehu). Each step uses a fresh data
# folder: `kehu --version`, the demo branch created, a slip saved as PDF with the CJK font
# embedded (pdffonts, from poppler-utils), and the desktop app started offscreen for a few
# seconds without a traceback. installer/smoke-test.ps1 is the same on Windows.
set -euo pipefail
kehu=${1:?usage: installer/smoke-test.sh KEHU [KEHU_DESKTOP]}
desktop=${2:-$(dirname "$kehu")/kehu-desktop}
seconds=${KEHU_SMOKE_GUI_SECONDS:-8}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "smoke test FAILED: $*" >&2; exit 1; }
step() { echo "smoke test: $*"; }

version=$("$kehu" --version)
[[ $version =~ ^kehu\ [0-9]+\.[0-9]+ ]] || fail "kehu --version said '$version'"
step "$version"

export KEHU_DATA_DIR=$work/data
"$kehu" demo --customers 20 >"$work/demo.out" || fail "kehu demo"
[ -f "$KEHU_DATA_DIR/kehu.sqlite3" ] || fail "no database in the data folder"
number=$("$kehu" slip list | head -1 | cut -f1)
[ -n "$number" ] || fail "the demo branch has no slips"
step "demo branch created; slip $number"

# Printing is the clerk's (not the system's): as the demo clerk, with the password demo printed.
password=$(awk '$1 == "clerk" {print $NF}' "$work/demo.out")
[ -n "$password" ] || fail "kehu demo printed no password for clerk"
"$kehu" slip pdf "$number" -o "$work/slip.pdf" --user clerk --password-stdin <<<"$password" \
  2>"$work/pdf.err" || { cat "$work/pdf.err" >&2; fail "kehu slip pdf"; }
[ "$(head -c 5 "$work/slip.pdf")" = "%PDF-" ] || fail "the slip is not a PDF"
fonts=$(pdffonts "$work/slip.pdf")
# name type encoding emb sub uni object ID: the WenQuanYi font with emb = yes
grep -Ei 'wenquanyi|wqy' <<<"$fonts" | grep -Eq ' yes +(yes|no) +(yes|no) +[0-9]+ +[0-9]+ *$' \
  || { echo "$fonts" >&2; fail "the CJK font is not embedded in the slip"; }
step "slip PDF with the font embedded ($(wc -c <"$work/slip.pdf") bytes)"

# The desktop app on a fresh data folder: it must still be running after a few seconds (timeout
# then ends it: status 124) and have printed no traceback, nor logged one.
export KEHU_DATA_DIR=$work/gui-data
status=0
QT_QPA_PLATFORM=offscreen timeout "$seconds" "$desktop" >"$work/gui.out" 2>&1 || status=$?
if [ "$status" != 124 ] || grep -q Traceback "$work/gui.out" \
  || grep -rqs Traceback "$KEHU_DATA_DIR/logs"; then
  cat "$work/gui.out" >&2
  fail "kehu-desktop ended with status $status within $seconds s, or printed a traceback"
fi
[ -f "$KEHU_DATA_DIR/kehu.sqlite3" ] || fail "kehu-desktop made no database in a fresh data folder"
step "kehu-desktop ran ${seconds} s offscreen on a fresh data folder"
echo "smoke test passed: $kehu"
