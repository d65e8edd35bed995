#!/usr/bin/env python3
"""Raw SQLite write rate for bench/deadline_load.mjs: one-row INSERT + COMMIT in a loop, on a fresh file with
the PRAGMAs the server sets on every connection (src/storage/database.cpp: journal_mode=WAL,
synchronous=FULL, foreign_keys=ON, busy_timeout=30000). Prints one JSON line.

Usage: deadline_sqlite_rate.py FILE [SECONDS] [ROW_BYTES]
"""
import json
import os
import sqlite3
import sys
import time


def main():
    path = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    row_bytes = int(sys.argv[3]) if len(sys.argv) > 3 else 1024
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)  # explicit BEGIN/COMMIT below
    mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=30000")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, k TEXT NOT NULL, v TEXT NOT NULL, "
               "at BIGINT NOT NULL)")
    payload = "x" * row_bytes
    commits = 0
    t0 = time.perf_counter()
    end = t0 + seconds
    while True:
        db.execute("BEGIN")
        db.execute("INSERT INTO t (k, v, at) VALUES (?, ?, ?)", (f"row{commits}", payload, commits))
        db.execute("COMMIT")
        commits += 1
        if (commits & 15) == 0 and time.perf_counter() >= end:
            break
    elapsed = time.perf_counter() - t0
    sync = db.execute("PRAGMA synchronous").fetchone()[0]
    db.close()
    print(json.dumps({"commits": commits, "seconds": round(elapsed, 3), "commits_per_s": round(commits / elapsed, 1),
                      "journal_mode": mode, "synchronous": sync, "row_bytes": row_bytes,
                      "sqlite_version": sqlite3.sqlite_version}))


if __name__ == "__main__":
    main()
