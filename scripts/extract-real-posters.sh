#!/usr/bin/env bash
# Extracts the real-poster development set (eval/real/labels/*.json name each source's repository,
# commit and folder) into DIR/<source id>/<folder>, the layout `npm run eval:real` reads.
#   scripts/extract-real-posters.sh DIR [MIRRORS]
# MIRRORS (default: DIR/.git-mirrors) holds bare clones named owner+name; a missing one is cloned
# from GitHub, which needs network access. The images stay outside this repository.
set -euo pipefail
dir=${1:?usage: scripts/extract-real-posters.sh DIR [MIRRORS]}
mirrors=${2:-$dir/.git-mirrors}
cd "$(dirname "$0")/.."
mkdir -p "$dir" "$mirrors"
node -e '
  const fs = require("fs");
  const seen = new Set();
  for (const f of fs.readdirSync("eval/real/labels").filter((n) => n.endsWith(".json"))) {
    const { source } = JSON.parse(fs.readFileSync(`eval/real/labels/${f}`, "utf8"));
    const key = `${source.id} ${source.repo} ${source.commit} ${source.folder}`;
    if (!seen.has(key)) { seen.add(key); console.log(key); }
  }' | while read -r id repo commit folder; do
  mirror="$mirrors/${repo/\//+}"
  [ -d "$mirror" ] || [ -d "$mirror/repo" ] || git clone --bare --quiet "https://github.com/$repo.git" "$mirror"
  [ -d "$mirror/repo" ] && mirror="$mirror/repo"
  mkdir -p "$dir/$id"
  git --git-dir="$mirror" archive "$commit" "$folder" | tar -x -C "$dir/$id"
  echo "$id: $(find "$dir/$id/$folder" -type f | wc -l) files from $repo@${commit:0:12}"
done
