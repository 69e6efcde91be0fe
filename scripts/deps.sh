# Which requirements a set-up installs: sourced by setup.sh and check-package.
#
#   CJM_DEPS unset or "lock"  the lock files in locks/ (exact versions with hashes):
#                             every developer and CI test the same versions.
#   CJM_DEPS=newest           the newest versions pyproject.toml's ranges allow,
#   CJM_DEPS=lowest           the lowest ones (direct dependencies), both resolved
#                             afresh: the scheduled workflow runs the suite with each,
#                             so drift is seen within a week (.github/workflows/dependencies.yml).
#
# Lock names and the extras each holds; scripts/lock writes locks/NAME.txt from them.
declare -A CJM_LOCK_EXTRAS=(
  [test]="--extra mkdocs --extra zensical --extra test"
  [mkdocs]="--extra mkdocs"
  [properdocs]="--extra properdocs"
  [zensical]="--extra zensical"
)

# deps_resolve NAME OUT [UV ARGS...]: resolve lock NAME into the file OUT with uv.
deps_resolve() {
  local name="$1" out="$2"
  shift 2
  # shellcheck disable=SC2086  # the extras are several words on purpose
  "$ROOT/.venv/bin/uv" pip compile --quiet --universal --python-version 3.10 \
    --generate-hashes --no-header --annotation-style line \
    "$ROOT/pyproject.toml" "$ROOT/locks/tools.in" ${CJM_LOCK_EXTRAS[$name]} -o "$out" "$@"
}

# deps_file NAME: the path of the requirements file to install for lock NAME.
deps_file() {
  local name="$1" mode="${CJM_DEPS:-lock}" out
  case "$mode" in
    lock) echo "$ROOT/locks/$name.txt" ;;
    newest|lowest)
      mkdir -p "$ROOT/.venv/cjm-deps"
      out="$ROOT/.venv/cjm-deps/$name-$mode.txt"
      if [ "$mode" = newest ]; then
        deps_resolve "$name" "$out" --upgrade
      else
        deps_resolve "$name" "$out" --resolution lowest-direct
      fi
      echo "$out" ;;
    *) echo "CJM_DEPS must be lock, newest or lowest, not '$mode'" >&2; return 2 ;;
  esac
}

# deps_install PYTHON NAME: install lock NAME's requirements (hashes checked) into the
# environment of PYTHON, nothing else, removing what the requirements do not list.
deps_install() {
  local python="$1" file
  file="$(deps_file "$2")"
  "$ROOT/.venv/bin/uv" pip sync --quiet --python "$python" --require-hashes "$file"
}
