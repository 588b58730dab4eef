# Checks of the infrastructure code: infra/main.bicep and every .bicepparam file must build and lint with no error
# and no warning. The Bicep compiler comes from NuGet (infra/tools/bicep.proj), never from anywhere else.

# Restores the Bicep compiler and sets TTHC_BICEP to its path (exported, so the template tests reuse it).
restore_bicep() {
  dotnet restore "$root/infra/tools/bicep.proj" --nologo -v quiet >/dev/null
  TTHC_BICEP="$(dotnet msbuild "$root/infra/tools/bicep.proj" -getProperty:BicepPath -nologo)"
  if [[ ! -f "$TTHC_BICEP" ]]; then
    echo "infra: the Bicep compiler was not restored to '$TTHC_BICEP'." >&2
    exit 1
  fi
  [[ -x "$TTHC_BICEP" ]] || chmod u+x "$TTHC_BICEP"
  export TTHC_BICEP
}

# Runs one bicep command; fails on a non-zero exit code and on any diagnostic it prints (a warning is a failure too).
run_bicep() {
  local output status=0
  output="$("$TTHC_BICEP" "$@" 2>&1)" || status=$?
  if (( status != 0 )) || [[ -n "$output" ]]; then
    echo "infra: bicep $* failed (exit $status):" >&2
    echo "$output" >&2
    exit 1
  fi
}

check_infra() {
  restore_bicep
  local out
  out="$(mktemp -d)"
  echo "Checking infra/ with $("$TTHC_BICEP" --version)…" >&2
  (
    cd "$root"
    run_bicep build infra/main.bicep --outfile "$out/main.json"
    run_bicep lint --pattern 'infra/**/*.bicep'
    run_bicep build-params --pattern 'infra/**/*.bicepparam' --outdir "$out/parameters"
    run_bicep lint --pattern 'infra/**/*.bicepparam'
  )
  rm -rf "$out"
  echo "infra: bicep build and lint passed with no warning." >&2
}
