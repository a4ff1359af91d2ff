#!/usr/bin/env python3
"""sync-sim.py — three devices of one journal, driven through the real haven.

    python3 sync-sim.py MODE SEED STEPS WORKDIR    (MODE: shared | engine)

Each device is its own database.  Random steps: a new entry, an edit (a
fresh word in its text), a delete, a purge, a sync; each device's clock is
off by up to an hour either way, redrawn at every step, so clocks also run
backwards.  In "shared" mode the three share one folder and sync in random
order.  In "engine" mode each has its own folder and a bad sync engine
copies the others' files between them: in random order, twice over, and
some first as half a file under the final name, completed only later.

At the end every file is delivered whole, each device syncs until nothing
moves, and the result is printed as JSON: whether the exports are
identical, every acknowledged edit lost without a kept revision, every
sync that failed (in engine mode refusals of half files are expected and
counted, not failures), and every database that fails integrity_check.
"""
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys

HAVEN = os.environ["HAVEN"]
MODE, SEED, STEPS, WORK = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(SEED)
DEVS = ["a", "b", "c"]
BASE = 1767261600  # 2026-01-01T10:00:00Z
now = [BASE]
result = {"seed": SEED, "steps": 0, "sync_failures": [], "refusals": 0, "lost": [],
          "damaged": [], "edits": 0, "purges": 0, "conflicts": 0}


def folder(d):
    return os.path.join(WORK, "shared" if MODE == "shared" else "f-" + d)


def haven(d, *args):
    now[0] += rng.randint(20, 600)
    skew = rng.randint(-3600, 3600)
    t = now[0] + skew
    env = dict(os.environ, HAVEN_DB=os.path.join(WORK, d + ".db"),
               HAVEN_NOW=__import__("time").strftime("%Y-%m-%dT%H:%M:%SZ",
                                                      __import__("time").gmtime(t)))
    p = subprocess.run([HAVEN, *args], env=env, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def export(d):
    rc, out, err = haven(d, "export")
    assert rc == 0, err
    return out


def lines(d):
    return [json.loads(l) for l in export(d).splitlines() if l.strip()]


def device_id(d):
    return sqlite3.connect(os.path.join(WORK, d + ".db")).execute(
        "SELECT value FROM meta WHERE key = 'device'").fetchone()[0]


acked = []      # (id, token, device id, its count in the vector after the edit)
purged = set()
ids = []


def sync(d, tolerate):
    rc, out, err = haven(d, "--json", "sync")
    if rc == 0 or (rc == 1 and tolerate and out.strip()):
        if out.strip():
            j = json.loads(out)
            result["refusals"] += len(j["refused"])
            result["conflicts"] += len(j["conflicts"])
            if j["refused"] and not tolerate:
                result["sync_failures"].append([d, j["refused"]])
        return
    result["sync_failures"].append([d, rc, err.strip()])


def step(d):
    r = rng.random()
    if r < 0.3 or not ids:
        rc, out, _ = haven(d, "log", "-i", str(rng.randint(0, 10)), "new-%d" % rng.randint(0, 10**9))
        if rc == 0:
            ids.append(out.strip().split()[-1] if out.strip() else None)
    elif r < 0.6:
        i = rng.choice(ids)
        token = "edit%d" % rng.randint(0, 10**9)
        rc, _, _ = haven(d, "journal", "edit", i, "--what", token)
        if rc == 0:
            rec = [l for l in lines(d) if l.get("id") == i][0]
            me = device_id(d)
            acked.append((i, token, me, rec.get("vv", {}).get(me, 0)))
            result["edits"] += 1
    elif r < 0.68:
        haven(d, "journal", "rm", rng.choice(ids))
    elif r < 0.71:
        i = rng.choice(ids)
        if haven(d, "journal", "rm", i, "--purge")[0] == 0:
            purged.add(i)
            result["purges"] += 1
    else:
        sync(d, MODE == "engine")


# --- the bad sync engine ---------------------------------------------------------
half = {}  # destination path -> source path, delivered as half a file


def engine_round(final=False):
    for src in DEVS:
        me = device_id(src) if os.path.exists(os.path.join(WORK, src + ".db")) else None
        sdir = os.path.join(folder(src), me) if me else None
        if not sdir or not os.path.isdir(sdir):
            continue
        names = sorted(os.listdir(sdir))
        rng.shuffle(names)
        for dst in DEVS:
            if dst == src:
                continue
            ddir = os.path.join(folder(dst), me)
            os.makedirs(ddir, exist_ok=True)
            for n in names:
                s, t = os.path.join(sdir, n), os.path.join(ddir, n)
                if final:
                    shutil.copyfile(s, t)
                    continue
                r = rng.random()
                if r < 0.3:
                    continue  # later
                if r < 0.45:
                    data = open(s, "rb").read()
                    with open(t, "wb") as f:  # half a file, under its final name
                        f.write(data[: len(data) // 2])
                else:
                    shutil.copyfile(s, t)  # again and again: duplicates
    if final:
        for d in DEVS:
            shutil.copyfile(os.path.join(WORK, "shared-file"),
                            os.path.join(folder(d), "haven-sync.json"))


for d in DEVS:
    os.makedirs(folder(d), exist_ok=True)
    rc, _, err = haven(d, "sync", "init", folder(d))
    assert rc == 0, err
    if MODE == "engine" and d == "a":
        shutil.copyfile(os.path.join(folder(d), "haven-sync.json"),
                        os.path.join(WORK, "shared-file"))

for n in range(STEPS):
    step(rng.choice(DEVS))
    if MODE == "engine" and rng.random() < 0.3:
        engine_round()
    result["steps"] += 1

for _ in range(4):
    if MODE == "engine":
        engine_round(final=True)
    order = DEVS[:]
    rng.shuffle(order)
    for d in order:
        sync(d, False)

exports = {d: export(d) for d in DEVS}
result["converged"] = len(set(exports.values())) == 1
result["entries"] = len(exports["a"].splitlines())
final = lines("a")
by_id = {l["id"]: l for l in final if "kind" in l}
for (i, token, dev, count) in acked:
    if i in purged:
        continue
    rec = by_id.get(i)
    if rec and rec.get("vv", {}).get(dev, 0) >= count:
        continue  # the edit is in the entry's history
    if any(l.get("conflict_of") == i and token in json.dumps(l) for l in final):
        continue  # kept as a revision
    result["lost"].append([i, token])
for d in DEVS:
    ok = sqlite3.connect(os.path.join(WORK, d + ".db")).execute(
        "PRAGMA integrity_check").fetchone()[0]
    if ok != "ok":
        result["damaged"].append(d)
print(json.dumps(result))
