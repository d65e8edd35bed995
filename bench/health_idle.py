#!/usr/bin/env python3
"""Foundation benchmark (issue: Foundation).

1. Opens N idle keep-alive connections to `zhicheng serve`, then measures the latency of a *new* client's
   GET /api/v1/health (a fresh connection each time): p50/p99 must stay low while the idle ones are held.
2. Measures the request rate of GET /api/v1/health with wrk, next to nginx serving a static file of the same
   size, in the same run (the ratio is what matters on a noisy machine).

Usage: bench/health_idle.py [--bin build/release/src/app/zhicheng] [--idle 1000] [--samples 2000]
Only loopback addresses are used; every loop is bounded.
"""
import argparse
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_zhicheng(binary, workdir):
    db = f"sqlite:{workdir}/bench.db"
    subprocess.run([binary, "migrate", "--db", db], check=True, capture_output=True)
    proc = subprocess.Popen([binary, "serve", "--db", db, "--data-dir", f"{workdir}/data", "--listen",
                             "127.0.0.1:0", "--idle-timeout", "600", "--web-dir", workdir],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    port = int(re.search(r"port (\d+)", line).group(1))
    return proc, port


def start_nginx(workdir, body):
    port = free_port()
    root = os.path.join(workdir, "www")
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "health.json"), "w") as f:
        f.write(body)
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""
worker_processes 2;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    location / {{ default_type application/json; }}
  }}
}}
""")
    subprocess.run(["nginx", "-c", conf, "-p", workdir], check=True)
    return port, conf


def new_client_latencies(port, samples):
    req = b"GET /api/v1/health HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n"
    out = []
    for _ in range(samples):
        t0 = time.perf_counter()
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(req)
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        out.append((time.perf_counter() - t0) * 1000)
        assert data.startswith(b"HTTP/1.1 200"), data[:80]
    out.sort()
    return out


def pct(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))]


def wrk(url, seconds, conns):
    out = subprocess.run(["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "--latency", url], check=True,
                         capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    return rate, float(p99.group(1)) * scale


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/release/src/app/zhicheng")
    ap.add_argument("--idle", type=int, default=1000)
    ap.add_argument("--samples", type=int, default=2000)
    ap.add_argument("--seconds", type=int, default=10)
    args = ap.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed (scripts/setup.sh installs it)")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))

    workdir = tempfile.mkdtemp(prefix="zhicheng-bench-")
    proc, port = start_zhicheng(os.path.abspath(args.bin), workdir)
    nginx_conf = None
    idle = []
    try:
        body = subprocess.run(["curl", "-s", f"http://127.0.0.1:{port}/api/v1/health"], capture_output=True,
                              text=True, check=True).stdout
        baseline = new_client_latencies(port, args.samples // 4)
        for _ in range(args.idle):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: bench\r\n\r\n")
            s.recv(4096)  # answered; now the connection sits idle, kept alive
            idle.append(s)
        loaded = new_client_latencies(port, args.samples)
        alive = 0
        for s in idle:
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: bench\r\n\r\n")
            if s.recv(4096).startswith(b"HTTP/1.1 200"):
                alive += 1
        for s in idle:
            s.close()
        idle = []

        nginx_port, nginx_conf = start_nginx(workdir, body)
        z_rate, z_p99 = wrk(f"http://127.0.0.1:{port}/api/v1/health", args.seconds, 50)
        n_rate, n_p99 = wrk(f"http://127.0.0.1:{nginx_port}/health.json", args.seconds, 50)
        result = {
            "idle_connections": args.idle,
            "idle_connections_still_served": alive,
            "new_client_ms_without_idle": {"p50": round(pct(baseline, 50), 3), "p99": round(pct(baseline, 99), 3)},
            "new_client_ms_with_idle": {"p50": round(pct(loaded, 50), 3), "p99": round(pct(loaded, 99), 3)},
            "health_rate_rps": round(z_rate), "health_p99_ms": z_p99,
            "nginx_static_rate_rps": round(n_rate), "nginx_p99_ms": n_p99,
            "ratio_health_to_nginx": round(z_rate / n_rate, 3),
            "body_bytes": len(body),
        }
        print(json.dumps(result, indent=2, ensure_ascii=False))
        ok = pct(loaded, 99) < 50 and alive == args.idle
        print("target (new client p99 < 50 ms with idle connections held, all idle still served):",
              "met" if ok else "NOT met")
    finally:
        for s in idle:
            s.close()
        if nginx_conf:
            subprocess.run(["nginx", "-c", nginx_conf, "-p", workdir, "-s", "stop"], capture_output=True)
        proc.terminate()
        proc.wait(timeout=15)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
