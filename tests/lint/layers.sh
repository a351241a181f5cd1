#!/usr/bin/env bash
# tests/lint/layers.sh: the layers of fcgi/ point down only.
#
# Each folder of fcgi/ is a layer; a file may include headers of its own
# layer and of the layers listed for it below, nothing else. `make lint`
# runs it; it prints every include that points up or sideways and fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../fcgi"

declare -A may=(
    [cli]="door roles handlers http domain data provider mail ground"
    [door]="handlers roles http domain data ground"
    [roles]="domain data provider mail ground"
    [handlers]="http domain data ground"
    [http]="data ground"
    [domain]="data ground"
    [data]="ground"
    [provider]="ground"
    [mail]="ground"
    [ground]=""
)

declare -A home=()
for dir in */; do
    layer=${dir%/}
    [[ -v "may[$layer]" ]] || { echo "layers.sh: fcgi/$layer is not a known layer" >&2; exit 1; }
    for h in "$layer"/*.h; do
        [[ -e $h ]] && home[${h##*/}]=$layer
    done
done

bad=0
for f in */*.c */*.h; do
    layer=${f%%/*}
    while IFS= read -r inc; do
        to=${home[$inc]:-}
        if [[ -z $to ]]; then
            echo "fcgi/$f includes \"$inc\", which is in no layer" >&2
            bad=1
        elif [[ $to != "$layer" && " ${may[$layer]} " != *" $to "* ]]; then
            echo "fcgi/$f ($layer) includes $to/$inc: $layer may use only: ${may[$layer]:-nothing}" >&2
            bad=1
        fi
    done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
done
exit "$bad"
