#!/usr/bin/env bash
# Upload a published site (make publish) to a host with rsync, in two passes, so that no reader is
# ever served a page whose stylesheet, script or search index has not arrived yet:
#   1. everything except the files that point at other files (HTML pages, feeds, sitemap, robots.txt
#      and Pagefind's fixed-name entry files): new fingerprinted CSS/JS, images, PDFs and search-index
#      chunks land beside the old ones, and nothing that readers load changes yet;
#   2. everything, so the pages switch to the new assets at once.
# Old files stay on the host (pages cached by browsers may still ask for them). DEPLOY_DELETE=yes makes
# the second pass remove what the site no longer has.
#
# Usage: scripts/deploy.sh OUTPUT TARGET     TARGET: user@host:/var/www/portal/  or a local folder
# Environment: RSYNC (default rsync), RSYNC_OPTIONS (extra options, e.g. "-e 'ssh -p 2222'"), DEPLOY_DELETE
set -euo pipefail

output=${1:-}
target=${2:-}
if [[ -z $output || -z $target ]]; then
  echo "Usage: make deploy DEPLOY_TARGET=user@host:/path/to/site/ [OUTPUT=output]" >&2
  echo "See docs/publishing.md for GitHub Pages and S3-compatible buckets." >&2
  exit 2
fi
if [[ ! -f $output/sitemap.xml ]] || ! compgen -G "$output/theme/css/*.*.css" >/dev/null; then
  echo "$output is not a published build (no sitemap or no fingerprinted CSS)." >&2
  echo "Run make publish first: make publish OUTPUT=$output SITEURL=https://your.address" >&2
  exit 1
fi

rsync_bin=${RSYNC:-rsync}
read -r -a extra <<<"${RSYNC_OPTIONS:-}"
# --checksum: every build rewrites every file, so compare contents, not times, and send only changes.
common=(--recursive --links --perms --times --checksum --human-readable "${extra[@]}")
pointers=(
  --exclude='*.html' --exclude='*.html.gz' --exclude='*.html.br'
  --exclude='*.xml' --exclude='*.xml.gz' --exclude='*.xml.br'
  --exclude='/robots.txt*'
  --exclude='/pagefind/**pagefind.js*' --exclude='/pagefind/**pagefind-entry.json*' --exclude='/pagefind/**wasm.*'
  --exclude='/pagefind/shards.json*'
  # An outlet's pack update fits only the pack base its page names: it changes with the pages.
  --exclude='*.pdfpart'
)

# OUTPUT is a symlink to the current version folder (sitebuild/staging.py): "$output/", with its
# trailing slash, makes rsync send that folder's files; the versions folder beside it is never sent.
echo "Deploy pass 1 of 2: new assets to $target"
"$rsync_bin" "${common[@]}" "${pointers[@]}" "$output/" "$target"
echo "Deploy pass 2 of 2: pages, feeds, sitemap and search entry"
delete=()
if [[ ${DEPLOY_DELETE:-} == yes ]]; then delete=(--delete-after); fi
"$rsync_bin" "${common[@]}" "${delete[@]}" "$output/" "$target"
echo "Deployed $output to $target"
