#!/usr/bin/env python3
"""Writes a realistic search mix for Bench.Http's @FILE: distinct queries drawn from the catalogue (model names,
brands, categories, broad words, filters), each repeated by a Zipf law (the query of popularity rank r appears
about N / r times), so a uniformly random line is a Zipf-distributed query, as shop search traffic is.

    python3 bench/search/make-queries.py /path/to/novatech.db > /tmp/search-mix.txt
"""
import random, sqlite3, sys, urllib.parse

db = sqlite3.connect(sys.argv[1])
rng = random.Random(42)
names = [r[0] for r in db.execute("SELECT name FROM search_documents WHERE active ORDER BY doc_key")]
models = sorted({" ".join(n.split()[:-1]).lower() for n in rng.sample(names, 4000)})
queries = set()
for m in rng.sample(models, min(600, len(models))):
    words = [w for w in m.replace('"', ' ').split() if w.isalnum()]
    if words:
        queries.add(("q", " ".join(words[: rng.choice([2, 3, 3, 4])])))
brands = [r[0] for r in db.execute("SELECT brand FROM search_documents GROUP BY brand ORDER BY count(*) DESC LIMIT 40")]
categories = [r[0] for r in db.execute("SELECT category_slug FROM search_documents GROUP BY category_slug")]
broad = ["4k tv", "tv", "laptop", "headphones", "wireless headphones", "phone", "samsung", "apple", "sony", "usb c charger",
         "soundbar", "tablet", "camera", "lens", "memory card", "speaker", "bluetooth speaker", "iphone", "galaxy", "macbook"]
queries.update(("q", b) for b in broad)
queries.update(("q", b.lower()) for b in brands)
queries.update(("category", c) for c in categories)
queries.update(("category+brand", f"{c}|{b}") for c in categories for b in rng.sample(brands, 3))
queries = sorted(queries)
rng.shuffle(queries)

def path(kind, value):
    if kind == "q":
        return "/api/v1/search?q=" + urllib.parse.quote(value)
    if kind == "category":
        return "/api/v1/search?category=" + value
    category, brand = value.split("|")
    return f"/api/v1/search?category={category}&brand={urllib.parse.quote(brand.lower())}&inStock=true"

lines = []
for rank, (kind, value) in enumerate(queries, start=1):
    lines += [path(kind, value)] * max(1, round(2000 / rank))
rng.shuffle(lines)
print("\n".join(lines))
print(f"{len(queries)} distinct searches, {len(lines)} lines", file=sys.stderr)
