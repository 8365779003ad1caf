#!/usr/bin/env bash
# The peak memory of a gunicorn worker while a curator uploads one large .txt file to the import page.
#   bench/upload_memory.sh [BYTES]        (default 60000000; 200000000 is refused before it is read)
# A throwaway SQLite database and one sync worker on loopback; the file is BYTES of "a". Prints the
# answer's status, the worker's peak resident memory (VmHWM) before and after, and the refusal shown.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
size=${1:-60000000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/plenum-upload.XXXXXX")
trap 'kill "$(cat "$tmp/pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$tmp"' EXIT
export PLENUM_VAR_DIR=$tmp DATABASE_URL=sqlite:///$tmp/db.sqlite3 ALLOWED_HOSTS=127.0.0.1 PAGE_CACHE_SECONDS=0
export SECRET_KEY=upload-benchmark-key-not-for-any-real-server-0123456789
cd "$root"
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py shell -v0 -c \
  "from django.contrib.auth.models import User; User.objects.create_superuser('bench', '', 'Bench-password-1956')"
head -c "$size" /dev/zero | tr '\0' 'a' > "$tmp/big.txt"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
.venv/bin/gunicorn archive.wsgi --bind "127.0.0.1:$port" --workers 1 --timeout 120 --pid "$tmp/pid" 2> "$tmp/log" &
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
worker=$(pgrep -P "$(cat "$tmp/pid")")
url=http://127.0.0.1:$port/admin
token() { curl -s -c "$tmp/jar" -b "$tmp/jar" "$1" | grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//'; }
curl -s -c "$tmp/jar" -b "$tmp/jar" -o /dev/null \
  -d "csrfmiddlewaretoken=$(token "$url/login/")&username=bench&password=Bench-password-1956" "$url/login/"
csrf=$(token "$url/archive/document/import/")
before=$(awk '/VmHWM/ {print $2}' "/proc/$worker/status")
status=$(curl -s -c "$tmp/jar" -b "$tmp/jar" -o "$tmp/answer" -w "%{http_code} %{redirect_url}" \
  -F "csrfmiddlewaretoken=$csrf" -F "files=@$tmp/big.txt" "$url/archive/document/import/")
after=$(awk '/VmHWM/ {print $2}' "/proc/$worker/status")
echo "upload of $size bytes: answer $status"
echo "worker peak memory: $((before / 1024)) MB before, $((after / 1024)) MB after"
location=${status#* }
if [ -n "$location" ]; then
  curl -s -b "$tmp/jar" "$location" | grep -o 'larger than[^<]*' | head -1
else
  grep -o 'The upload weighs[^<]*' "$tmp/answer" | head -1
fi
