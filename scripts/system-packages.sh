#!/usr/bin/env bash
# The system packages exemplar_site needs, in one list, installed where the user may install them.
#
#   scripts/system-packages.sh site    what `make site` needs: Pango (WeasyPrint's text engine),
#                                      a Chinese font, one for the rare characters of the CJK
#                                      extensions A and B (HanaMin), an emoji font, and venv for Python
#   scripts/system-packages.sh test    that, plus what the tests drive: poppler's PDF tools, nginx,
#                                      Debian's Chromium, and libatomic1 for Playwright's driver
#
# On Debian/Ubuntu, missing packages are installed with apt-get when the user is root or has
# passwordless sudo. Otherwise the script says in one line what is missing and the exact command
# that installs it, and exits 0: the site is still built, PDFs are skipped with a warning.
# Under CI=true a package that cannot be installed is an error (exit 1).
set -uo pipefail

SITE_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-hanazono
               fonts-noto-color-emoji fonts-dejavu-core)
TEST_PACKAGES=(poppler-utils nginx chromium libatomic1)

say() { printf 'system packages: %s\n' "$*" >&2; }

need=("${SITE_PACKAGES[@]}")
case "${1:-site}" in
  site) ;;
  test) need+=("${TEST_PACKAGES[@]}") ;;
  list) printf '%s\n' "${SITE_PACKAGES[@]}" "${TEST_PACKAGES[@]}"; exit 0 ;;
  *) echo "usage: $0 site|test|list" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  case "$(uname -s)" in
    Darwin) say "on macOS, PDFs need Pango and a Chinese font: brew install pango font-noto-sans-cjk-sc (see README, Set-up)" ;;
    Linux) say "not Debian/Ubuntu: install Pango, a Chinese font (Noto CJK), HanaMin (rare characters) and an emoji font with your package manager (see README, Set-up)" ;;
    *) say "install Pango and a Chinese font for PDFs (see README, Set-up, for Windows)" ;;
  esac
  exit 0
fi

# Debian's own Python needs python3-venv for `python3 -m venv`; other Pythons (pyenv, python.org) have it.
python=${PYTHON:-python3}
if command -v "$python" >/dev/null 2>&1 && ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  need+=("python$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')-venv")
fi

missing=()
for package in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  say "missing ${missing[*]}; install them with: sudo apt-get install ${missing[*]}"
  [ "${CI:-}" = true ] && exit 1
  exit 0
fi

say "installing ${missing[*]} with apt-get (a minute or two, once)"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp -t exemplar-site-apt.XXXXXX)
# Wait for another apt run (unattended upgrades, a second make) instead of failing at once.
wait=(-o DPkg::Lock::Timeout=600)
if ! { "${sudo[@]}" apt-get "${wait[@]}" update -qq && "${sudo[@]}" apt-get "${wait[@]}" install -y -qq "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 5 "$log" >&2
  say "apt-get could not install ${missing[*]} (log: $log); install them with: sudo apt-get install ${missing[*]}"
  [ "${CI:-}" = true ] && exit 1
fi
exit 0
