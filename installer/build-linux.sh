#!/usr/bin/env bash
# Build the Linux bundle and the Debian package:
#   installer/build-linux.sh            → dist/kehu-desktop/ (the one-folder bundle)
#                                         dist/kehu-desktop_<version>_<arch>.deb
# Uses ./.venv (as ./dev.sh makes it) with the `installer` extra (PyInstaller) added.
# PYTHON=... picks another interpreter for a fresh venv. KEHU_DEB_COMPRESSION=zstd packs the
# .deb in seconds instead of minutes (about 25% larger; dpkg reads it from Debian 12 on): CI
# uses it; a release keeps the default xz.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
if ! .venv/bin/python -c 'import PyInstaller, PySide6' 2>/dev/null; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[gui,installer]'
fi
version=$(.venv/bin/python -c 'import kehu_desktop; print(kehu_desktop.__version__)')
arch=$(dpkg --print-architecture)

started=$SECONDS
rm -rf build/pyinstaller dist/kehu-desktop
.venv/bin/pyinstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/kehu-desktop.spec
# PyInstaller copies the libraries Qt's xcb platform plugin needs from this machine into the
# bundle (the package's Depends lists only what it takes from the system): they must be here.
for lib in libxcb-cursor.so.0 libxkbcommon-x11.so.0 libxcb-icccm.so.4 libfontconfig.so.1; do
  [ -e "dist/kehu-desktop/_internal/$lib" ] || {
    echo "the bundle lacks $lib: install the Qt xcb libraries (see .ci/run) and build again" >&2
    exit 1
  }
done
echo "bundle: $((SECONDS - started)) s, $(du -sh dist/kehu-desktop | cut -f1)"

# The Debian package: the bundle in /opt, the commands in /usr/bin, the menu entry and the icon.
root=build/deb
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/doc/kehu-desktop"
cp -a dist/kehu-desktop "$root/opt/kehu-desktop"
ln -s /opt/kehu-desktop/kehu "$root/usr/bin/kehu"
ln -s /opt/kehu-desktop/kehu-desktop "$root/usr/bin/kehu-desktop"
install -m 644 installer/linux/kehu-desktop.desktop "$root/usr/share/applications/"
install -m 644 resources/icons/kehu-desktop.png "$root/usr/share/icons/hicolor/256x256/apps/"
install -m 644 resources/fonts/LICENSE-wqy-microhei.txt "$root/usr/share/doc/kehu-desktop/"
installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$installed_size/" \
  installer/linux/control >"$root/DEBIAN/control"
install -m 755 installer/linux/postinst installer/linux/postrm "$root/DEBIAN/"
deb="dist/kehu-desktop_${version}_${arch}.deb"
rm -f dist/kehu-desktop_*.deb
dpkg-deb --root-owner-group -Z"${KEHU_DEB_COMPRESSION:-xz}" --build "$root" "$deb" >/dev/null
echo "package: $deb, $(du -h "$deb" | cut -f1), $((SECONDS - started)) s in all"
