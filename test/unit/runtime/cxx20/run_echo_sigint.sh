#!/bin/sh
# Stops examples/echo_server with a signal and checks it shuts down cleanly:
#   run_echo_sigint.sh SERVER CLIENT SIGNAL
# Starts the server (serving forever), runs one client against it, sends
# SIGNAL (INT or TERM) as soon as the client is done, and expects the server
# to say so and exit with status 0 within 10 s.
set -u
server=$1 client=$2 sig=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$server" --port 0 > "$dir/port" 2> "$dir/err" &
pid=$!
i=0
while [ ! -s "$dir/port" ]; do
  i=$((i + 1))
  if [ $i -gt 100 ]; then echo "server did not start"; kill -9 $pid; exit 1; fi
  sleep 0.05
done
port=$(head -n 1 "$dir/port")
"$client" "127.0.0.1:$port" --connections 4 --messages 10 --size 100 || { kill -9 $pid; exit 1; }
kill -"$sig" $pid
i=0
while kill -0 $pid 2>/dev/null; do
  i=$((i + 1))
  if [ $i -gt 200 ]; then echo "server did not stop on SIG$sig"; kill -9 $pid; exit 1; fi
  sleep 0.05
done
wait $pid
rc=$?
cat "$dir/err"
if [ $rc -ne 0 ]; then echo "server exited with status $rc"; exit 1; fi
grep -q "SIG$sig, shutting down" "$dir/err" || { echo "no shutdown message"; exit 1; }
