#!/usr/bin/env python3
"""Workflow benchmark: the server's memory while 20 applicants upload 10 MB each at the same time.

Uploads are the raw request body, streamed to disk by the server, so the peak resident memory should grow by a
small, fixed amount, not by the 200 MB in flight. The script starts `zhicheng serve` on a fresh SQLite
database with the demo data, registers 20 applicants, signs them in, records the server's peak RSS (VmHWM),
warms up with 20 concurrent small uploads, then sends the 20 uploads concurrently (each from its own thread, in 64 KiB writes, with Content-Length as a
browser sends a file) and reads VmHWM again. It prints the growth next to the bytes in flight, and the ratio.

Usage: bench/upload_memory.py [--bin build/release/src/app/zhicheng] [--clients 20] [--mb 10]
"""
import argparse
import http.client
import json
import os
import re
import subprocess
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def resident_id(first17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    r = sum(int(c) * w for c, w in zip(first17, weights)) % 11
    return first17 + "10X98765432"[r]


def vm(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return 0


class Client:
    def __init__(self, port):
        self.port = port
        self.cookie = ""
        self.csrf = ""

    def request(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Content-Type": "application/json"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie":
                self.cookie = v.split(";")[0]
        conn.close()
        return resp.status, json.loads(data) if data else None

    def upload(self, size):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        conn.putrequest("POST", "/api/v1/archive/files?name=big.pdf")
        conn.putheader("Content-Type", "application/pdf")
        conn.putheader("Content-Length", str(size))
        conn.putheader("Cookie", self.cookie)
        conn.putheader("X-CSRF-Token", self.csrf)
        conn.endheaders()
        chunk = b"%PDF-1.4\n" + b"0" * (65536 - 9)
        sent = 0
        while sent < size:
            part = chunk[: min(len(chunk), size - sent)] if sent == 0 else b"1" * min(65536, size - sent)
            conn.send(part)
            sent += len(part)
        resp = conn.getresponse()
        resp.read()
        conn.close()
        return resp.status


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build/release/src/app/zhicheng"))
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--mb", type=int, default=10)
    args = ap.parse_args()
    size = args.mb * 1000 * 1000
    with tempfile.TemporaryDirectory() as work:
        db = f"sqlite:{work}/bench.db"
        subprocess.run([args.bin, "demo", "--db", db, "--data-dir", f"{work}/data"], check=True, capture_output=True)
        proc = subprocess.Popen([args.bin, "serve", "--db", db, "--data-dir", f"{work}/data", "--listen", "127.0.0.1:0",
                                 "--web-dir", work, "--campaigns", os.path.join(ROOT, "data/campaigns"),
                                 "--calendars", os.path.join(ROOT, "data/calendars"), "--workers", "4"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            port = int(re.search(r"port (\d+)", proc.stdout.readline()).group(1))
            clients = []
            for i in range(args.clients):
                c = Client(port)
                ident = resident_id(f"33040219900101{100 + i:03d}")
                c.request("POST", "/api/v1/auth/register/applicant",
                          {"name": f"测试{i}", "id_number": ident, "mobile": f"1390000{1000 + i}",
                           "password": "Bench2022x"})
                status, body = c.request("POST", "/api/v1/auth/login", {"login": ident, "password": "Bench2022x"})
                assert status == 200, (status, body)
                c.csrf = body["csrf_token"]
                clients.append(c)
            # warm up: the same concurrency with small files, so threads, arenas and buffers exist before the
            # baseline and the growth measured below is what the 10 MB bodies themselves cost
            warm = [threading.Thread(target=c.upload, args=(100_000,)) for c in clients]
            for t in warm:
                t.start()
            for t in warm:
                t.join()
            time.sleep(0.5)
            base_hwm = vm(proc.pid, "VmHWM")
            results = []
            start = time.monotonic()
            threads = [threading.Thread(target=lambda c=c: results.append(c.upload(size))) for c in clients]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - start
            peak = vm(proc.pid, "VmHWM")
            assert results.count(201) == args.clients, results
            in_flight = size * args.clients
            growth = peak - base_hwm
            print(f"{args.clients} concurrent uploads of {size / 1e6:.0f} MB: {in_flight / 1e6:.0f} MB in {elapsed:.1f} s")
            print(f"server peak RSS after warm-up {base_hwm / 2**20:.1f} MiB, after the uploads {peak / 2**20:.1f} MiB, "
                  f"growth {growth / 2**20:.1f} MiB")
            print(f"growth / bytes in flight = {growth / in_flight:.3f}")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
