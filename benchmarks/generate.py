"""Write a synthetic, entirely fictional corpus in kg's own formats, for benchmarks.

    python benchmarks/generate.py --claims 100000 --out benchmarks/data/100k

makes ``OUT/facts/`` (about one file per 550 claims: entities of every class, reviews
with several reviewers, subjects and vendors, disputes with dated actions, plain claims,
every record citing a document with a quote) and ``OUT/seeds/`` (one article per fact
file whose text contains every quote cited). The same ``--claims`` and ``--seed`` give
the same bytes.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

SYLLABLES = ["nor", "vel", "kas", "tri", "mon", "dal", "esk", "bri", "lun", "vor", "qua", "zel", "hal", "pim",
             "ros", "tan", "ul", "fen", "gar", "ith", "ost", "ber", "cal", "dru"]
SUFFIX = {"Vendor": ["Systems", "Networks", "Semiconductors", "Software", "Devices"],
          "Bank": ["Bank", "Savings Bank", "Credit Union", "Mutual Bank"],
          "Regulator": ["Financial Authority", "Ministry of Industry", "Competition Commission", "Cyber Agency"],
          "Organization": ["Institute", "Working Group", "Consultancy", "Trade Council"]}
ACTIONS = ["Directive", "Indictment", "Restriction", "Acquisition", "Trial", "Suspension", "Retaliation", "Protest"]
HEADER = "# yaml-language-server: $schema=../../schema/facts.schema.json\n"


def word(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def slug(text: str) -> str:
    return "-".join(text.lower().replace("'", "").split())


class FileWriter:
    """One fact file and the article it cites."""

    def __init__(self, index: int, rng: random.Random):
        self.index = index
        self.rng = rng
        self.doc = f"synthetic-{index:05d}"
        self.sentences: list[str] = []
        self.lines: list[str] = [HEADER, f"# Synthetic fact file {index}; every name is invented.\n"]

    def quote(self, text: str) -> str:
        self.sentences.append(text)
        return text

    def source(self, text: str) -> str:
        q = self.quote(text).replace('"', "'")
        return f'    source: {{doc: {self.doc}, quote: "{q}"}}\n'


def generate(claims: int, out: Path, seed: int = 7) -> dict:
    rng = random.Random(seed)
    files = max(1, round(claims / 547))  # each file holds about 547 claims
    if out.exists():
        shutil.rmtree(out)
    (out / "facts" / "synthetic").mkdir(parents=True)
    (out / "seeds").mkdir(parents=True)
    countries = [f"{word(rng)}land" for _ in range(30)]
    stats = {"files": files, "records": 0, "sample": {}}
    earlier: dict[str, list[str]] = {"Regulator": [], "Vendor": [], "Bank": [], "Organization": []}
    for index in range(files):
        w = FileWriter(index, rng)
        ents: dict[str, list[str]] = {k: [] for k in ("Country", "Place", "Regulator", "Vendor", "Bank", "Organization", "Person")}
        w.lines.append("entities:\n")
        country_name = countries[index % len(countries)]
        country = f"c{index}-{slug(country_name)}"
        records = [("Country", country, country_name, {})]
        city_name = f"{word(rng)} City"
        city = f"p{index}-{slug(city_name)}"
        records.append(("Place", city, city_name, {"locatedIn": country}))
        for kind, count in (("Regulator", 8), ("Vendor", 10), ("Bank", 8), ("Organization", 4), ("Person", 8)):
            for n in range(count):
                if kind == "Person":
                    name = f"{word(rng)} {word(rng, 3)}"
                else:
                    name = f"{word(rng)} {rng.choice(SUFFIX[kind])}"
                ident = f"e{index}-{n}-{slug(name)}"[:80].rstrip("-")
                fields = {"country": country}
                if kind in ("Vendor", "Bank"):
                    fields["headquarters"] = city
                records.append((kind, ident, name, fields))
        for kind, ident, name, fields in records:
            ents[kind].append(ident)
            w.lines.append(f"  - id: {ident}\n    type: {kind}\n    name: {name}\n")
            if kind in ("Regulator", "Vendor", "Bank"):
                w.lines.append(f"    alias: [{''.join(p[0] for p in name.split()).upper()}{index}]\n")
            for key, value in fields.items():
                w.lines.append(f"    {key}: {value}\n")
            w.lines.append(w.source(f"{name} was named in report {index} as a {kind.lower()} of note."))
        for kind in earlier:
            pool = ents[kind] + rng.sample(earlier[kind], min(3, len(earlier[kind])))
            ents[kind] = pool
        w.lines.append("reviews:\n")
        for n in range(10):
            ident = f"r{index}-{n}-review"
            reviewers = rng.sample(ents["Regulator"], 3)
            subjects = rng.sample(ents["Bank"], 2)
            vendors = rng.sample(ents["Vendor"], 2)
            year = rng.randint(2005, 2030)
            w.lines.append(f"  - id: {ident}\n    name: Review {n} of report {index}\n"
                           f"    reviewer: [{', '.join(reviewers)}]\n    reviewSubject: [{', '.join(subjects)}]\n"
                           f"    concernsVendor: [{', '.join(vendors)}]\n    resultsSubmittedTo: {rng.choice(ents['Organization'])}\n"
                           f"    startDate: {year}-{rng.randint(1, 12):02d}\n    status: {rng.choice(['ongoing', 'completed', 'planned'])}\n"
                           f"    certainty: {rng.choice(['reported', 'confirmed', 'alleged'])}\n")
            w.lines.append(w.source(f"Regulators opened review {n} of report {index} into banks and their vendors in {year}."))
        w.lines.append("disputes:\n")
        for n in range(4):
            ident = f"d{index}-{n}-dispute"
            parties = rng.sample(ents["Regulator"] + ents["Vendor"], 2)
            w.lines.append(f"  - id: {ident}\n    name: Dispute {n} of report {index}\n    party: [{', '.join(parties)}]\n")
            w.lines.append(w.source(f"Dispute {n} of report {index} set {parties[0]} against {parties[1]}."))
            w.lines.append("    actions:\n")
            for a in range(8):
                kind = ACTIONS[(n + a) % len(ACTIONS)]
                date = f"{rng.randint(2005, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                lines = [f"      - id: {ident}-a{a}\n", f"        type: {kind}\n", f"        name: {kind} {a} in dispute {n} of report {index}\n",
                         f"        date: {date}\n"]
                if kind == "Acquisition":
                    lines += [f"        buyer: {rng.choice(ents['Vendor'])}\n", f"        seller: {rng.choice(ents['Vendor'])}\n",
                              f"        amount: {rng.randint(1, 900) * 1000000}\n", "        currency: USD\n"]
                else:
                    lines += [f"        actor: {rng.choice(ents['Regulator'])}\n", f"        target: {rng.choice(ents['Bank'] + ents['Vendor'])}\n"]
                if kind == "Directive":
                    lines += [f"        replacedVendor: {rng.choice(ents['Vendor'])}\n", f"        replacementVendor: {rng.choice(ents['Vendor'])}\n"]
                w.lines.extend(lines)
                q = w.quote(f"On {date} came step {a} of dispute {n} in report {index}.")
                w.lines.append(f'        source: {{doc: {w.doc}, quote: "{q}"}}\n')
        w.lines.append("claims:\n")
        for n in range(8):
            person = ents["Person"][n]
            org = rng.choice(ents["Regulator"] + ents["Vendor"] + ents["Bank"])
            pred = rng.choice(["chairs", "worksFor"])
            w.lines.append(f"  - subject: {person}\n    predicate: {pred}\n    object: {org}\n")
            w.lines.append(w.source(f"Person {n} of report {index} {pred} an organisation."))
        for kind in earlier:
            earlier[kind].extend(e for e in ents[kind] if e.startswith(f"e{index}-"))
        if index == 0:  # ids the benchmarks pass to the named queries' parameters
            stats["sample"] = {"vendor": ents["Vendor"][0], "bank": ents["Bank"][0], "dispute": "d0-0-dispute"}
        stats["records"] += len(records) + 10 + 4 * 9 + 8
        (out / "facts" / "synthetic" / f"report-{index:05d}.yaml").write_text("".join(w.lines))
        body = "Advertisement\n" + "\n".join(w.sentences) + "\n"
        (out / "seeds" / f"{w.doc}.txt").write_text(
            f"---\nid: {w.doc}\ntitle: Synthetic report {index}\npublisher: The Synthetic Ledger\n"
            f"url: https://ledger.example/{index}\npublished: 2031-01-{1 + index % 28:02d}\nlanguage: en\n---\n{body}")
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=10000, help="about how many claims (triples) to write")
    parser.add_argument("--out", type=Path, required=True, help="folder to write facts/ and seeds/ into (replaced)")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    args = parser.parse_args()
    stats = generate(args.claims, args.out, args.seed)
    print(f"wrote {stats['files']} fact files with {stats['records']} records and {stats['files']} documents to {args.out}")


if __name__ == "__main__":
    main()
