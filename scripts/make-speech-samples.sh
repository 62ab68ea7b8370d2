#!/usr/bin/env bash
# Makes the VAD sample clips in public/samples/vad/: synthetic speech (espeak-ng) with
# silences of known length between phrases, as 16 kHz mono PCM16 WAV, plus samples.json
# listing each clip's KNOWN speech segments. The segments come from the pieces' exact
# sample counts (soxi -s), never from a model, so they can grade the model.
#
# Each spoken piece has espeak's own leading/trailing silence trimmed (sox silence, at
# -50 dBFS), so a piece is speech from its first to its last sample; pauses inside a
# phrase (between words) stay and are shorter than the detector's 100 ms end-of-speech.
#
# The clips also work as Chromium's fake microphone (one file per browser launch; it starts
# playing when getUserMedia opens; %noloop plays it once):
#   chromium --use-fake-device-for-media-stream --use-fake-ui-for-media-stream \
#     --use-file-for-fake-audio-capture=public/samples/vad/ko-senior-checkin.wav%noloop
# Chromium reads plain PCM WAV (media/audio WavAudioHandler) and converts the rate and
# channels to the stream's, so 16 kHz mono is fine; keep the plain 44-byte RIFF header
# sox writes for 16-bit PCM (no WAVE_FORMAT_EXTENSIBLE).
#
# Needs espeak-ng and sox. Run from the repository root: bash scripts/make-speech-samples.sh
# Output is deterministic for a given espeak-ng/sox version (sox -R, no dither).
set -euo pipefail

OUT=public/samples/vad
RATE=16000
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

SOX=(sox -R -D)
FMT=(-r "$RATE" -c 1 -b 16 -e signed-integer)

# speak VOICE TEXT OUT: one phrase, trimmed to its speech, at 16 kHz mono, peak -3 dBFS.
speak() {
  espeak-ng -v "$1" -s 150 -w "$WORK/raw.wav" "$2"
  "${SOX[@]}" "$WORK/raw.wav" "${FMT[@]}" "$3" \
    silence 1 0.005 -50d reverse silence 1 0.005 -50d reverse gain -n -3
}

# silence SECONDS OUT
silence() { "${SOX[@]}" -n "${FMT[@]}" "$2" trim 0 "$1"; }

ms() { awk -v s="$1" -v r="$RATE" 'BEGIN { printf "%.1f", s * 1000 / r }'; }

# clip NAME LANG CAPTION_KO CAPTION_EN NOISE_DB LEAD_S then triples: VOICE TEXT GAP_AFTER_S
# Writes the WAV and appends its samples.json entry to $WORK/entries.
clip() {
  local name=$1 lang=$2 cap_ko=$3 cap_en=$4 noise=$5 lead=$6
  shift 6
  local parts=() segs=() at i=0
  silence "$lead" "$WORK/$name-lead.wav"
  parts+=("$WORK/$name-lead.wav")
  at=$(soxi -s "$WORK/$name-lead.wav")
  while (($#)); do
    local voice=$1 text=$2 gap=$3
    shift 3
    speak "$voice" "$text" "$WORK/$name-$i.wav"
    local n
    n=$(soxi -s "$WORK/$name-$i.wav")
    segs+=("{ \"startMs\": $(ms "$at"), \"endMs\": $(ms $((at + n))), \"text\": \"$text\" }")
    at=$((at + n))
    silence "$gap" "$WORK/$name-gap$i.wav"
    parts+=("$WORK/$name-$i.wav" "$WORK/$name-gap$i.wav")
    at=$((at + $(soxi -s "$WORK/$name-gap$i.wav")))
    i=$((i + 1))
  done
  if [[ $noise == none ]]; then
    "${SOX[@]}" "${parts[@]}" "$OUT/$name.wav"
  else
    # Brown noise (a rumble like a car cabin's) at a fixed level under the whole clip.
    "${SOX[@]}" "${parts[@]}" "$WORK/$name-clean.wav"
    "${SOX[@]}" -n "${FMT[@]}" "$WORK/$name-noise.wav" synth "$(soxi -D "$WORK/$name-clean.wav")" brownnoise gain -n "$noise"
    "${SOX[@]}" -m -v 1 "$WORK/$name-clean.wav" -v 1 "$WORK/$name-noise.wav" "$OUT/$name.wav"
  fi
  local joined
  joined=$(printf ',\n        %s' "${segs[@]}")
  [[ -s $WORK/entries ]] && printf ',\n' >>"$WORK/entries"
  cat >>"$WORK/entries" <<JSON
    {
      "file": "$name.wav",
      "language": "$lang",
      "caption": { "ko": "$cap_ko", "en": "$cap_en" },
      "noise": "$([[ $noise == none ]] && echo none || echo "brown noise at ${noise} dBFS peak")",
      "sampleRate": $RATE,
      "durationMs": $(ms "$at"),
      "segments": [${joined:1}
      ]
    }
JSON
  # No newline after the closing brace, so the next entry's comma follows it.
  truncate -s -1 "$WORK/entries"
}

: >"$WORK/entries"
clip ko-senior-checkin ko \
  "안녕하세요. 오늘 기분이 좋아요. 아침 약은 먹었어요." \
  "Hello. I feel good today. I took my morning medicine." none 0.5 \
  ko "안녕하세요." 1.0 \
  ko "오늘 기분이 좋아요." 1.5 \
  ko "아침 약은 먹었어요." 0.5
clip en-car-commands en \
  "광주역으로 안내해 줘. 집에 전화해." \
  "Navigate to Gwangju station. Call home." none 0.5 \
  en "Navigate to Gwangju station." 1.5 \
  en "Call home." 0.6
clip en-car-noise en \
  "가장 가까운 충전소를 찾아 줘. 음악 틀어 줘." \
  "Find the nearest charging station. Play some music." -30 0.6 \
  en "Find the nearest charging station." 1.2 \
  en "Play some music." 0.6

{
  echo '{'
  echo '  "//": "Made by scripts/make-speech-samples.sh (espeak-ng + sox). segments are the KNOWN speech: each spoken piece from its first to its last sample, computed from sample counts, not from a model. Times in ms from the start of the clip.",'
  echo '  "samples": ['
  cat "$WORK/entries"
  echo
  echo '  ]'
  echo '}'
} >"$OUT/samples.json"

for f in "$OUT"/*.wav; do
  printf '%s: %s s, %s Hz, %s ch, %s\n' "$f" "$(soxi -D "$f")" "$(soxi -r "$f")" "$(soxi -c "$f")" "$(soxi -e "$f")"
done
