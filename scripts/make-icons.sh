#!/usr/bin/env bash
# Renders the app icons for the web app manifest from public/favicon.svg (ImageMagick).
set -euo pipefail
cd "$(dirname "$0")/.."
for size in 192 512; do
  convert -background none -density 384 public/favicon.svg -resize "${size}x${size}" "public/icons/icon-${size}.png"
done
# A maskable icon keeps the mark inside the safe zone (80%) on a full-bleed background.
convert -background '#0b5cad' -density 384 public/favicon.svg -resize 410x410 -gravity center -extent 512x512 public/icons/maskable-512.png
