#!/usr/bin/env bash
# The rooms and what each may include: a room reaches only into the rooms below it, so that the
# kernel stays hospital-free, the scenario format knows nothing of the simulation, and nothing
# but the installed API and the tools sees everything. docs/architecture.md draws the same
# picture; a change to one is a change to the other.
# Usage: rooms.sh SOURCE_DIR
set -euo pipefail
cd "$1"

declare -A may_include=(
  [sim]="sim"
  [scenario]="sim scenario"
  [model]="sim scenario model"
  [analysis]="sim scenario analysis"
  [experiment]="sim scenario model analysis experiment"
  [output]="sim scenario model analysis experiment output"
  [api]="sim scenario model analysis experiment output api flowsim"
  [tools]="sim scenario model analysis experiment output tools flowsim"
)

failed=0
for room in "${!may_include[@]}"; do
  [ -d "$room" ] || continue
  while IFS=: read -r file line included; do
    target=${included#*\"}
    target=${target%%/*}
    case " ${may_include[$room]} " in
      *" $target "*) ;;
      *)
        echo "$file:$line: $room/ may not include from $target/ (${included#\#include })"
        failed=1
        ;;
    esac
  done < <(grep -rnE --include='*.h' --include='*.cc' '^#include "[a-z_]+/' "$room" || true)
done
# The installed headers are the standard library and each other, nothing else.
while IFS=: read -r file line included; do
  echo "$file:$line: an installed header may include only <standard> and \"flowsim/...\" (${included})"
  failed=1
done < <(grep -rnE '^#include' include | grep -vE '#include (<[a-z_]+>|"flowsim/)' || true)
exit $failed
