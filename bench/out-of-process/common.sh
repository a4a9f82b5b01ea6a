# What run.sh and idle.sh share: the one npm dependency, loopback ports, readiness, and a work
# directory whose processes (add their pids to `pids`) are stopped and which is removed on exit.
[ -d "$here/node_modules/ws" ] || npm ci --prefix "$here" --no-audit --no-fund >/dev/null
ready() { node -e "require('http').get('http://127.0.0.1:$1/health/ready',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"; }
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
