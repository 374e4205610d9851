#!/bin/sh
# Runs examples/echo_server and examples/echo_client against each other:
#   run_echo_example.sh SERVER CLIENT CONNECTIONS MESSAGES SIZE
# The server serves exactly CONNECTIONS connections and exits; the client
# checks every echoed byte. Fails if either fails or the server hangs.
set -u
server=$1 client=$2 conns=$3 msgs=$4 size=$5
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$server" --port 0 --connections "$conns" > "$dir/port" &
pid=$!
i=0
while [ ! -s "$dir/port" ]; do
  i=$((i + 1))
  if [ $i -gt 100 ]; then echo "server did not start"; kill $pid; exit 1; fi
  sleep 0.05
done
port=$(head -n 1 "$dir/port")
"$client" "127.0.0.1:$port" --connections "$conns" --messages "$msgs" --size "$size"
rc=$?
if [ $rc -ne 0 ]; then kill $pid 2>/dev/null; exit $rc; fi
wait $pid
exit $?
