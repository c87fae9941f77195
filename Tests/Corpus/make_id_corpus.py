#!/usr/bin/env python3
"""Writes a corpus of personal ID numbers in everyday sentences, and of decoys, as JSON Lines.

The numbers are generated here from random birth dates and serials, with their check digits
computed by this script's own code (nothing is shared with Vitni's detectors), and every one is
then checked by python-stdnum, the independent oracle: a generated "valid" number that stdnum
rejects stops the script, and a decoy that stdnum accepts in any scheme (with a birth date that is
not in the future) is dropped, because it is a real-looking ID number, not a non-ID number.

Each line: {"text", "start", "end" (UTF-8 byte offsets of the number), "country" (SE, NO, DK, FI,
IS, EE, LT, LV, PL, RO, BG, UA, DE, or "decoy"), "form" (how it is written), "schemes" (every
scheme stdnum accepts the number in), "decoy" (the decoy's kind, for decoys)}. A summary goes to
stderr. The seed is fixed, so the corpus is the same on every run in the same year (future-date
decoys are placed two to ten years after the current year).

Usage: make_id_corpus.py [--seed N] [--per-country N] [--decoys N]
"""

import argparse
import datetime
import json
import random
import sys

try:
    import stdnum
    from stdnum import luhn
    from stdnum.bg import egn
    from stdnum.de import idnr
    from stdnum.dk import cpr
    from stdnum.ee import ik
    from stdnum.fi import hetu
    from stdnum.is_ import kennitala
    from stdnum.lt import asmens
    from stdnum.lv import pvn
    from stdnum.no import fodselsnummer
    from stdnum.pl import pesel
    from stdnum.ro import cnp
    from stdnum.se import personnummer
    from stdnum.ua import rntrc
except ImportError as error:
    sys.exit(f"make_id_corpus: python-stdnum is missing ({error}): run scripts/install-deps")

TODAY = datetime.date.today()
EPOCH_UA = datetime.date(1899, 12, 31)


def two(value):
    return "%02d" % value


def weighted(digits, weights):
    return sum(int(d) * w for d, w in zip(digits, weights))


def random_birth(rng, first=1925, last=2025):
    start = datetime.date(first, 1, 1).toordinal()
    end = min(datetime.date(last, 12, 31), TODAY - datetime.timedelta(days=1)).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


# --- Generators: (birth, rng) -> (number as compact digits or code, typed forms) -------------

def luhn_digit(body):
    total = 0
    for i, ch in enumerate(body):
        value = int(ch) * (2 if i % 2 == 0 else 1)
        total += value // 10 + value % 10
    return str((10 - total % 10) % 10)


def make_se(rng, y, m, d, serial=None, coordination=False):
    body = two(y % 100) + two(m) + two(d + (60 if coordination else 0)) + "%03d" % (
        rng.randint(0, 999) if serial is None else serial)
    return body + luhn_digit(body)


def mod11_no(body, weights):
    k = 11 - weighted(body, weights) % 11
    return None if k == 10 else str(k % 11)


def make_no(rng, y, m, d, kind="f"):
    if y >= 2000:
        individual = rng.randint(500, 999)
    elif y >= 1940 and rng.random() < 0.1:
        individual = rng.randint(900, 999)
    else:
        individual = rng.randint(0, 499)
    day = d + 40 if kind == "d" else d
    month = m + 40 if kind == "h" else m
    body = two(day) + two(month) + two(y % 100) + "%03d" % individual
    k1 = mod11_no(body, [3, 7, 6, 1, 8, 9, 4, 5, 2])
    if k1 is None:
        return None
    k2 = mod11_no(body + k1, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
    return None if k2 is None else body + k1 + k2


def make_dk(rng, y, m, d):
    yy = y % 100
    if y >= 2000:
        seventh = rng.choice([4, 9] if yy <= 36 else [5, 6, 7, 8])
    else:
        seventh = rng.choice([0, 1, 2, 3] + ([4, 9] if yy >= 37 else []))
    return two(d) + two(m) + two(yy) + str(seventh) + "%03d" % rng.randint(0, 999)


FI_ALPHABET = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def make_fi(rng, y, m, d):
    if y >= 2000:
        sign = "A" if rng.random() < 0.8 else rng.choice("BCDEF")
    else:
        sign = "-" if rng.random() < 0.8 else rng.choice("YXWVU")
    individual = rng.randint(2, 899)
    head = two(d) + two(m) + two(y % 100)
    return head + sign + "%03d" % individual + FI_ALPHABET[int(head + "%03d" % individual) % 31]


def make_is(rng, y, m, d):
    body = two(d) + two(m) + two(y % 100) + two(rng.randint(20, 99))
    k = 11 - weighted(body, [3, 2, 7, 6, 5, 4, 3, 2]) % 11
    if k == 10:
        return None
    return body + str(k % 11) + ("0" if y >= 2000 else "9")


def baltic_digit(body):
    check = weighted(body, [1, 2, 3, 4, 5, 6, 7, 8, 9, 1]) % 11
    if check == 10:
        check = weighted(body, [3, 4, 5, 6, 7, 8, 9, 1, 2, 3]) % 11
        if check == 10:
            check = 0
    return str(check)


def make_baltic(rng, y, m, d):
    g = (3 if y < 2000 else 5) + rng.randint(0, 1)
    body = str(g) + two(y % 100) + two(m) + two(d) + "%03d" % rng.randint(0, 999)
    return body + baltic_digit(body)


def lv_digit(body):
    z = (1101 - weighted(body, [1, 6, 3, 7, 9, 10, 5, 8, 4, 2])) % 11
    return None if z == 10 else str(z)


def make_lv_old(rng, y, m, d):
    body = two(d) + two(m) + two(y % 100) + str((y - 1800) // 100) + "%03d" % rng.randint(0, 999)
    z = lv_digit(body)
    return None if z is None else body + z


def make_lv_new(rng):
    body = "32" + "%08d" % rng.randint(0, 99999999)
    z = lv_digit(body)
    return None if z is None else body + z


def make_pl(rng, y, m, d):
    month = m + {1800: 80, 1900: 0, 2000: 20}[y // 100 * 100]
    body = two(y % 100) + two(month) + two(d) + "%04d" % rng.randint(0, 9999)
    return body + str((10 - weighted(body, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10) % 10)


RO_COUNTIES = ["%02d" % c for c in range(1, 47)] + ["51", "52"]


def make_ro(rng, y, m, d):
    s = (1 if y < 2000 else 5) + rng.randint(0, 1)
    body = str(s) + two(y % 100) + two(m) + two(d) + rng.choice(RO_COUNTIES) + "%03d" % rng.randint(1, 999)
    c = weighted(body, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11
    return body + ("1" if c == 10 else str(c))


def make_bg(rng, y, m, d):
    month = m + (40 if y >= 2000 else 0)
    body = two(y % 100) + two(month) + two(d) + "%03d" % rng.randint(0, 999)
    return body + str(weighted(body, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11 % 10)


def make_ua(rng, y, m, d):
    days = (datetime.date(y, m, d) - EPOCH_UA).days
    body = "%05d" % days + "%04d" % rng.randint(0, 9999)
    return body + str(weighted(body, [-1, 5, 7, 9, 4, 6, 10, 5, 7]) % 11 % 10)


def iso7064_11_10(body):
    product = 10
    for ch in body:
        total = (int(ch) + product) % 10 or 10
        product = total * 2 % 11
    return str((11 - product) % 10)


def make_de(rng):
    repeat = 3 if rng.random() < 0.2 else 2
    while True:
        distinct = rng.sample(range(10), 11 - repeat)
        twice = distinct[0]
        digits = distinct + [twice] * (repeat - 1)
        rng.shuffle(digits)
        if digits[0] == 0:
            continue
        body = "".join(map(str, digits))
        return body + iso7064_11_10(body)


# --- Oracle ----------------------------------------------------------------------------------

def not_future(getter, number):
    try:
        return getter(number) <= TODAY
    except Exception:
        return True


def se_coordination(number):
    """Samordningsnummer (day + 60), which stdnum's personnummer does not take: Luhn by stdnum, the
    date by the standard library."""
    digits = number.replace("-", "").replace("+", "").replace(" ", "")
    centuries = (1900, 2000) if len(digits) == 10 else (int(digits[:2]) * 100,) if len(digits) == 12 else ()
    digits = digits[-10:]
    if not digits.isdigit() or int(digits[4:6]) <= 60 or not luhn.is_valid(digits):
        return False
    for century in centuries:
        try:
            if datetime.date(century + int(digits[0:2]), int(digits[2:4]), int(digits[4:6]) - 60) <= TODAY:
                return True
        except ValueError:
            pass
    return False


def se_valid(number):
    compact = number.replace(" ", "")
    if personnummer.is_valid(compact):
        return not_future(personnummer.get_birth_date, compact)
    return se_coordination(compact)


def ua_valid(number):
    compact = number.replace(" ", "")
    if not rntrc.is_valid(compact):
        return False
    return 1 <= int(compact[:5]) <= (TODAY - EPOCH_UA).days


def digits_only(number):
    return "".join(ch for ch in number if ch.isdigit())


ORACLE = {
    "SE": se_valid,
    "NO": lambda n: fodselsnummer.is_valid(digits_only(n)),
    "DK": lambda n: cpr.is_valid(digits_only(n)),
    "FI": lambda n: hetu.is_valid(n, allow_temporary=True),
    "IS": lambda n: kennitala.is_valid(digits_only(n)),
    "EE": lambda n: ik.is_valid(digits_only(n)) and not_future(ik.get_birth_date, digits_only(n)),
    "LT": lambda n: asmens.is_valid(digits_only(n)) and not_future(asmens.get_birth_date, digits_only(n)),
    "LV": lambda n: len(digits_only(n)) == 11 and digits_only(n)[0] <= "3" and pvn.is_valid(digits_only(n))
    and (digits_only(n).startswith("32") or not_future(pvn.get_birth_date, digits_only(n))),
    "PL": lambda n: pesel.is_valid(digits_only(n)) and not_future(pesel.get_birth_date, digits_only(n)),
    "RO": lambda n: cnp.is_valid(digits_only(n)) and not_future(cnp.get_birth_date, digits_only(n)),
    "BG": lambda n: egn.is_valid(digits_only(n)) and not_future(egn.get_birth_date, digits_only(n)),
    "UA": lambda n: ua_valid(digits_only(n)),
    "DE": lambda n: idnr.is_valid(digits_only(n)),
}


def typed_shape(number):
    """The number's digits when it is written in a shape people use for ID numbers (no separator;
    one "-", "+" or space after six digits, or "-" or space after eight; the German IdNr's
    "NN NNN NNN NNN"), else None: "2024-004211" is an order number whatever its digits are."""
    if number.isdigit():
        return number
    for at in (6, 8):
        head, sep, tail = number[:at], number[at:at + 1], number[at + 1:]
        if head.isdigit() and tail.isdigit() and sep in ("-", " ", "+") and (
                (at == 6 and len(tail) in (4, 5)) or (at == 8 and len(tail) == 4 and sep != "+")):
            return head + tail
    parts = number.split(" ")
    if [len(p) for p in parts] == [2, 3, 3, 3] and all(p.isdigit() for p in parts):
        return "".join(parts)
    return None


def schemes_accepting(number):
    """Every country whose stdnum validator accepts the number as written (birth date not in the
    future); Finnish numbers are the only ones with letters."""
    found = []
    if len(number) == 11 and hetu.is_valid(number, allow_temporary=True):
        found.append("FI")
    compact = typed_shape(number)
    if compact is None:
        return found
    for country, valid in ORACLE.items():
        if country == "FI":
            continue
        try:
            if valid(number if country == "SE" else compact):
                found.append(country)
        except Exception:
            pass
    # The 2017 Latvian code in its printed shapes is redacted without a check digit (the checksum
    # is not officially confirmed), so a decoy of that shape is never a non-ID number.
    if len(number) == 12 and number[6] in "- " and compact.startswith("32") and "LV" not in found:
        found.append("LV")
    return found


# --- Typed forms -----------------------------------------------------------------------------

def split(number, at, sep):
    return number[:at] + sep + number[at:]


def forms_for(country, number, y):
    """The ways people type `number`: a list of (form name, text)."""
    if country == "SE":
        century = str(y // 100)
        forms = [("hyphen", split(number, 6, "-")), ("space", split(number, 6, " ")), ("bare", number),
                 ("12-hyphen", century + split(number, 6, "-")), ("12-bare", century + number),
                 ("12-space", century + split(number, 6, " "))]
        if TODAY.year - y >= 100:
            forms.append(("plus", split(number, 6, "+")))
        return forms
    if country in ("DK", "IS"):
        return [("hyphen", split(number, 6, "-")), ("space", split(number, 6, " ")), ("bare", number)]
    if country == "NO":
        return [("bare", number), ("space", split(number, 6, " ")), ("hyphen", split(number, 6, "-"))]
    if country == "LV":
        return [("hyphen", split(number, 6, "-")), ("space", split(number, 6, " ")), ("bare", number)]
    if country == "FI":
        return [("standard", number)] + ([("lower", number.lower())] if not number[-1].isdigit() else [])
    if country == "DE":
        return [("bare", number), ("grouped", " ".join([number[:2], number[2:5], number[5:8], number[8:]]))]
    return [("bare", number)]


GENERATORS = {
    "SE": lambda rng, b: make_se(rng, b.year, b.month, b.day, coordination=rng.random() < 0.1),
    "NO": lambda rng, b: make_no(rng, b.year, b.month, b.day, kind=rng.choice("f" * 8 + "dh")),
    "DK": lambda rng, b: make_dk(rng, b.year, b.month, b.day),
    "FI": lambda rng, b: make_fi(rng, b.year, b.month, b.day),
    "IS": lambda rng, b: make_is(rng, b.year, b.month, b.day),
    "EE": lambda rng, b: make_baltic(rng, b.year, b.month, b.day),
    "LT": lambda rng, b: make_baltic(rng, b.year, b.month, b.day),
    "LV": lambda rng, b: make_lv_new(rng) if rng.random() < 0.3 else make_lv_old(rng, b.year, b.month, b.day),
    "PL": lambda rng, b: make_pl(rng, b.year, b.month, b.day),
    "RO": lambda rng, b: make_ro(rng, b.year, b.month, b.day),
    "BG": lambda rng, b: make_bg(rng, b.year, b.month, b.day),
    "UA": lambda rng, b: make_ua(rng, b.year, b.month, b.day),
    "DE": lambda rng, b: make_de(rng),
}

# --- Sentences -------------------------------------------------------------------------------

ID_SENTENCES = [
    "Barnets personnummer är {} enligt remissen.",
    "Hon uppgav sitt nummer {} när hon kom till Barnahuset.",
    "Fødselsnummeret {} står i henvisningen fra barnevernet.",
    "Barnets CPR-nummer er {}, oplyst af socialrådgiveren.",
    "Lapsen henkilötunnus on {} ja hän asuu Espoossa.",
    "Kennitala barnsins er {} samkvæmt tilvísun.",
    "The boy's ID number {} was on the referral form.",
    "According to the interpreter her number is {}.",
    "Tolken läste upp numret {} från passet.",
    "Mamma skrev {} på blanketten i receptionen.",
    "Id: {}",
    "He said his code was {}, then corrected the address.",
    "Numer PESEL dziecka to {} według matki.",
    "Codul numeric personal {} apare pe certificat.",
    "ЕГН на детето: {}.",
    "РНОКПП {} вказано в довідці.",
    "Die Steuer-ID {} stand auf dem Brief vom Finanzamt.",
    "Socialtjänsten skickade ({}) i ett mejl i går.",
    "I journalen står {} och telefonnumret till skolan.",
    "Vi fick {} från polisen kl. 14.30 samma dag.",
]

# Decoy sentences by kind, so that a phone number sits after "call me" and an order number does
# not (a phone cue before an order number would make redacting it right).
DECOY_SENTENCES = {
    "phone": ["Ring mig på {} efter lunch.", "Mammas nummer är {}.", "Call the school on {} tomorrow.",
              "Hun har telefon {} hjemme.", "Puhelinnumero on {}."],
    "amount": ["Beloppet {} betalades i mars.", "Totalt {} enligt fakturan.", "Das kostet {} im Monat.",
               "Hun fik {} i lommepenge."],
    "date": ["Mötet flyttades till {} på grund av sjukdom.", "The hearing was on {}.",
             "Kokous pidettiin {}.", "Vi ses igen {}."],
    "number": ["Ärendet har nummer {} hos tingsrätten.", "Ordren {} blev sendt i går.", "Tilauksen numero on {}.",
               "Please quote reference {} in your reply.", "Sie hat {} auf den Zettel geschrieben.",
               "Han nämnde {} flera gånger under samtalet.", "Paketet {} kom fram i fredags."],
}


def sentence(rng, templates, text):
    template = rng.choice(templates)
    start = len(template[:template.index("{}")].encode())
    full = template.format(text)
    return full, start, start + len(text.encode())


# --- Decoys ----------------------------------------------------------------------------------

def digits_str(rng, count, first_nonzero=False):
    first = str(rng.randint(1 if first_nonzero else 0, 9))
    return first + "".join(str(rng.randint(0, 9)) for _ in range(count - 1))


def phone(rng):
    choices = [
        lambda: "070-%03d %02d %02d" % (rng.randint(0, 999), rng.randint(0, 99), rng.randint(0, 99)),
        lambda: "07%d%07d" % (rng.choice([0, 2, 3, 6, 9]), rng.randint(0, 9999999)),
        lambda: "+46 7%d %03d %02d %02d" % (rng.choice([0, 2, 3, 6]), rng.randint(0, 999), rng.randint(0, 99),
                                           rng.randint(0, 99)),
        lambda: "%d%07d" % (rng.choice([4, 9]), rng.randint(0, 9999999)),
        lambda: "%03d %02d %03d" % (rng.randint(400, 999), rng.randint(0, 99), rng.randint(0, 999)),
        lambda: "%02d %02d %02d %02d" % (rng.randint(20, 99), rng.randint(0, 99), rng.randint(0, 99),
                                         rng.randint(0, 99)),
        lambda: "04%d %03d %04d" % (rng.randint(0, 9), rng.randint(0, 999), rng.randint(0, 9999)),
        lambda: "+48 %03d %03d %03d" % (rng.randint(500, 899), rng.randint(0, 999), rng.randint(0, 999)),
        lambda: "5%08d" % rng.randint(0, 99999999),
        lambda: "07%02d %03d %03d" % (rng.randint(20, 99), rng.randint(0, 999), rng.randint(0, 999)),
        lambda: "08%02d %03d %03d" % (rng.randint(70, 99), rng.randint(0, 999), rng.randint(0, 999)),
        lambda: "+380 %02d %03d %04d" % (rng.choice([50, 63, 66, 67, 68, 73, 93, 95, 96, 97, 98, 99]),
                                         rng.randint(0, 999), rng.randint(0, 9999)),
        lambda: "0%02d%07d" % (rng.choice([50, 63, 66, 67, 68, 73, 93, 95, 96, 97, 98, 99]),
                               rng.randint(0, 9999999)),
        lambda: "0151 %08d" % rng.randint(0, 99999999),
        lambda: "030 %08d" % rng.randint(0, 99999999),
    ]
    return rng.choice(choices)()


def amount(rng):
    value = rng.randint(100, 9999999)
    return rng.choice([
        "{:,} kr".format(value).replace(",", " "), "{:,}".format(value).replace(",", ".") + " €",
        "%d SEK" % value, "%d,%02d euro" % (value, rng.randint(0, 99)), "€%d" % value, "%d zł" % value,
    ])


def date_text(rng):
    b = random_birth(rng, 1950, 2030)
    return rng.choice([
        "%02d.%02d.%d" % (b.day, b.month, b.year), b.isoformat(), "%d/%d/%d" % (b.day, b.month, b.year),
        "%d%02d%02d" % (b.year, b.month, b.day), "%02d%02d%02d" % (b.day, b.month, b.year % 100),
    ])


def order_number(rng):
    return rng.choice([
        lambda: "%d-%06d" % (rng.randint(2018, 2026), rng.randint(0, 999999)),
        lambda: "%04d-%04d" % (rng.randint(1000, 9999), rng.randint(0, 9999)),
        lambda: "K-%d-%04d" % (rng.randint(2018, 2026), rng.randint(0, 9999)),
        lambda: digits_str(rng, rng.choice([6, 7, 8, 9])),
        lambda: digits_str(rng, rng.choice([10, 11, 12, 13]), first_nonzero=True),
        lambda: "%s %s" % (digits_str(rng, 6), digits_str(rng, rng.choice([4, 5]))),
        lambda: "%s-%s" % (digits_str(rng, 6), digits_str(rng, rng.choice([4, 5]))),
    ])()


def corrupt_check(rng, number):
    """The same number with its last character changed (a checksum failure)."""
    last = number[-1]
    if not last.isdigit():
        return number[:-1] + rng.choice([c for c in FI_ALPHABET if c != last])
    return number[:-1] + str((int(last) + rng.randint(1, 9)) % 10)


def impossible_birth(rng):
    y = rng.randint(1950, 2020)
    m, d = rng.choice([(2, 30), (2, 31), (4, 31), (6, 31), (9, 31), (11, 31), (2, 29 if y % 4 else 30)])
    return y, m, d


def future_birth(rng):
    start = datetime.date(TODAY.year + 2, 1, 1).toordinal()
    b = datetime.date.fromordinal(rng.randint(start, datetime.date(TODAY.year + 10, 12, 31).toordinal()))
    return b.year, b.month, b.day


def generator_at(country, rng, y, m, d):
    """A number for a date that may be impossible or in the future, check digits computed as usual."""
    makers = {
        "SE": lambda: str(y // 100) + make_se(rng, y, m, d), "NO": lambda: make_no(rng, y, m, d),
        "DK": lambda: make_dk(rng, y, m, d), "FI": lambda: make_fi(rng, y, m, d),
        "IS": lambda: make_is(rng, y, m, d), "EE": lambda: make_baltic(rng, y, m, d),
        "LV": lambda: make_lv_old(rng, y, m, d), "PL": lambda: make_pl(rng, y, m, d),
        "RO": lambda: make_ro(rng, y, m, d), "BG": lambda: make_bg(rng, y, m, d),
    }
    if country == "UA":
        try:
            return make_ua(rng, y, m, d)
        except ValueError:
            return None
    return makers[country]()


def decoy(rng):
    kind = rng.choice(["phone", "phone", "amount", "date", "order", "order", "checksum", "checksum",
                       "impossible-date", "future-date"])
    if kind == "phone":
        return kind, phone(rng)
    if kind == "amount":
        return kind, amount(rng)
    if kind == "date":
        return kind, date_text(rng)
    if kind == "order":
        return kind, order_number(rng)
    if kind == "checksum":
        country = rng.choice([c for c in GENERATORS if c != "DK"])
        b = random_birth(rng)
        number = None
        while number is None:
            number = GENERATORS[country](rng, b)
        if country == "LV" and number.startswith("32"):
            forms = [("bare", number)]
        else:
            forms = forms_for(country, number, b.year)
        return kind, corrupt_check(rng, rng.choice(forms)[1])
    country = rng.choice(["SE", "NO", "DK", "FI", "IS", "EE", "LV", "PL", "RO", "BG"] + (
        ["UA"] if kind == "future-date" else []))
    y, m, d = impossible_birth(rng) if kind == "impossible-date" else future_birth(rng)
    number = generator_at(country, rng, y, m, d)
    if number is None:
        return kind, None
    forms = [("bare", number)] if country == "SE" else forms_for(country, number, y)
    return kind, rng.choice(forms)[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--per-country", type=int, default=600)
    parser.add_argument("--decoys", type=int, default=6000)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout
    summary = {}
    for country, generate in GENERATORS.items():
        made = 0
        while made < args.per_country:
            birth = random_birth(rng)
            number = generate(rng, birth)
            if number is None:
                continue
            forms = forms_for(country, number, birth.year)
            if country == "LV" and number.startswith("32"):
                forms = [("hyphen", split(number, 6, "-")), ("space", split(number, 6, " ")), ("bare", number)]
            form, text = forms[made % len(forms)]
            schemes = schemes_accepting(text)
            if country not in schemes:
                sys.exit(f"make_id_corpus: stdnum rejects a generated {country} number ({form}): a generator bug")
            full, start, end = sentence(rng, ID_SENTENCES, text)
            out.write(json.dumps({"text": full, "start": start, "end": end, "country": country, "form": form,
                                  "schemes": schemes}, ensure_ascii=False) + "\n")
            made += 1
        summary[country] = made
    kept, dropped = {}, {}
    while sum(kept.values()) < args.decoys:
        kind, text = decoy(rng)
        if text is None:
            continue
        schemes = schemes_accepting(text)
        if schemes:
            dropped[kind] = dropped.get(kind, 0) + 1
            continue
        templates = DECOY_SENTENCES.get(kind, DECOY_SENTENCES["number"])
        full, start, end = sentence(rng, templates, text)
        out.write(json.dumps({"text": full, "start": start, "end": end, "country": "decoy", "decoy": kind,
                              "form": kind, "schemes": []}, ensure_ascii=False) + "\n")
        kept[kind] = kept.get(kind, 0) + 1
    print(json.dumps({"stdnum": stdnum.__version__, "seed": args.seed, "valid": summary, "decoys": kept,
                      "decoys_dropped_as_valid_ids": dropped}), file=sys.stderr)


if __name__ == "__main__":
    main()
