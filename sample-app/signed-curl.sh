#!/usr/bin/env bash
# Sends a request to the sample application with an API key (layer 2) and an HMAC-SHA256
# signature (layer 3), using curl.
#
#   usage: sample-app/signed-curl.sh [curl options...] METHOD URL [BODY]
#   e.g.   sample-app/signed-curl.sh -i GET http://127.0.0.1:8080/api/v1/payment-providers/banks
#          sample-app/signed-curl.sh -i --interface 127.0.0.5 GET http://127.0.0.1:8080/api/v1/payment-providers/banks
#          sample-app/signed-curl.sh -i POST http://127.0.0.1:8080/api/v1/payments '{"bank":"DEMOGB2L","amount":12.50,"currency":"EUR"}'
#
# Canonical string: METHOD \n PATH \n QUERY \n TIMESTAMP \n NONCE \n hex(SHA-256(BODY))
# Signature:        hex(HMAC-SHA256(secret, canonical string)), sent as X-Signature
# Environment: API_KEY, HMAC_SECRET (the demo client's by default), NONCE and TIMESTAMP
# (fresh by default; set NONCE to replay a request). Needs bash, curl, openssl and sha256sum.
set -euo pipefail
curl_options=()
while [ $# -gt 0 ]; do
  case "$1" in
    GET|POST|PUT|PATCH|DELETE) break ;;
    *) curl_options+=("$1"); shift ;;
  esac
done
method=${1:?usage: signed-curl.sh [curl options...] METHOD URL [BODY]}
url=${2:?usage: signed-curl.sh [curl options...] METHOD URL [BODY]}
body=${3:-}
key=${API_KEY:-demo-api-key-7f3a9c}
secret=${HMAC_SECRET:-demo-hmac-secret-change-me}
timestamp=${TIMESTAMP:-$(date +%s)}
nonce=${NONCE:-$(openssl rand -hex 16)}
after_host=${url#*://*/}
path_and_query="/${after_host}"
path=${path_and_query%%\?*}
query=""
case "$path_and_query" in *\?*) query=${path_and_query#*\?} ;; esac
body_hash=$(printf '%s' "$body" | sha256sum | cut -d' ' -f1)
signature=$(printf '%s\n%s\n%s\n%s\n%s\n%s' "$method" "$path" "$query" "$timestamp" "$nonce" "$body_hash" \
  | openssl dgst -sha256 -hmac "$secret" | sed 's/^.*= //')
data=()
if [ -n "$body" ]; then
  data=(-H "Content-Type: application/json" --data-binary "$body")
fi
exec curl -sS "${curl_options[@]}" -X "$method" \
  -H "Authorization: Bearer $key" -H "X-Timestamp: $timestamp" -H "X-Nonce: $nonce" \
  -H "X-Signature: $signature" "${data[@]}" "$url"
