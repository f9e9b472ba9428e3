#!/usr/bin/env python3
"""The cost of SQLite's secure_delete and of the VACUUM an erasure runs, on a database shaped like
Tandem's messages table (WAL mode, like `serve`). Prints one line per measurement.

    python3 bench/privacy/secure-delete.py [ROWS]

It uses the SQLite that Python links, not Microsoft.Data.Sqlite's; the pragma's work (zeroing freed
pages) is the same, so the ratio is what to read, not the absolute times."""
import os, random, sqlite3, string, sys, tempfile, time

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
random.seed(7)
words = ["order", "delivery", "refund", "wardrobe", "cushion", "thank", "please", "when", "arrive", "return", "lamp", "courier"]

def text():
    return " ".join(random.choice(words) for _ in range(random.randint(8, 60)))

def build(path):
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE messages(id INTEGER PRIMARY KEY, conversation TEXT, text TEXT)")
    db.execute("CREATE INDEX ix_messages_conversation ON messages(conversation)")
    db.executemany("INSERT INTO messages(conversation, text) VALUES (?, ?)",
                   ((f"c{i // 8}", text()) for i in range(rows)))
    db.commit()
    db.close()

def run(secure):
    folder = tempfile.mkdtemp(prefix="tandem-securedelete-")
    path = os.path.join(folder, "tandem.db")
    build(path)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA secure_delete={'ON' if secure else 'OFF'}")
    # 1 % of conversations erased, one statement each, as erasures come one person at a time.
    victims = [f"c{i}" for i in random.sample(range(rows // 8), max(1, rows // 800))]
    started = time.perf_counter()
    for v in victims:
        db.execute("DELETE FROM messages WHERE conversation = ?", (v,))
        db.commit()
    deleting = time.perf_counter() - started
    started = time.perf_counter()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("VACUUM")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    vacuum = time.perf_counter() - started
    size = os.path.getsize(path) / 1e6
    db.close()
    return len(victims), deleting, vacuum, size

for secure in (False, True):
    n, deleting, vacuum, size = run(secure)
    print(f"secure_delete={'ON ' if secure else 'OFF'} rows={rows} erasures={n}: delete {deleting * 1000 / n:.2f} ms per erasure; "
          f"checkpoint+VACUUM+checkpoint {vacuum * 1000:.0f} ms on a {size:.1f} MB file")
