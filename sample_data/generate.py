#!/usr/bin/env python3
"""Deterministic demo data for kpitui: "Bramble & Bean", an invented specialty coffee roaster.

Writes the three canonical CSV tables (posts, daily, traffic) plus the
workspace's `kpitui.toml`, `objectives.toml` and its French twin `objectives.fr.toml`::

    python sample_data/generate.py                      # the committed demo, sample_data/demo/
    python sample_data/generate.py --posts 1000000 --out /tmp/big   # a large workspace

Everything is drawn from numpy's legacy `RandomState`, whose stream is frozen
across numpy versions, and every value is rounded to an integer (or to fixed
cents written from integers) before it is written, so the same arguments
give byte-identical files on any machine. Work is vectorised over posts and
days; Python loops run only over networks, campaigns and the small banks of
captions.

The brand posts on all six networks from 2025-08-01 to 2026-11-15, with a
"Holiday Blend" launch every 20 November to 10 December and a "Cold Brew"
campaign every May. Each network reports only the metrics its real exports
carry: a metric a network does not report is an empty cell, never 0.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Final

import numpy as np
import polars as pl

# --- the brand --------------------------------------------------------------------

DEFAULT_SEED: Final = 7
DEFAULT_START: Final = date(2025, 8, 1)
DEFAULT_END: Final = date(2026, 11, 15)
DEFAULT_OUT: Final = Path(__file__).resolve().parent / "demo"
DEFAULT_EXPORTS: Final = Path(__file__).resolve().parent / "exports"
"""The demo's native export files (one folder per network), written by sample_data/native."""
HANDLE: Final = "brambleandbean"
TIMEZONE: Final = "Europe/Paris"
POSTS_PER_ACCOUNT: Final = 20_000
"""Above this many posts in total, the brand runs several accounts per network."""
SITE: Final = "https://brambleandbean.example"

NETWORKS: Final = ("facebook", "instagram", "x", "linkedin", "youtube", "tiktok")

POST_COLUMNS: Final = (
    "network", "account", "post_id", "published_at", "content_type", "text", "permalink",
    "impressions", "reach", "views", "likes", "dislikes", "comments", "shares", "saves",
    "link_clicks", "profile_clicks", "hashtag_clicks", "follows", "watch_time_hours", "leads",
    "platform_engagements",
)  # fmt: skip
DAILY_COLUMNS: Final = (
    "network", "account", "date", "followers", "followers_gained", "followers_lost",
    "impressions", "reach", "views", "profile_visits", "mentions",
)  # fmt: skip
TRAFFIC_COLUMNS: Final = (
    "date", "date_end", "source", "medium", "sessions", "engaged_sessions", "conversions",
    "leads", "revenue",
)  # fmt: skip
STRING_COLUMNS: Final = frozenset(
    {"network", "account", "post_id", "published_at", "content_type", "text", "permalink",
     "source", "medium", "watch_time_hours", "revenue"}
)  # fmt: skip
"""Text columns; the two decimal metrics are written as fixed-point text (see `fixed`)."""


@dataclass(frozen=True, slots=True)
class Content:
    """How one content type of a network is posted and how it performs (medians)."""

    per_week: float
    """Posts per week, for one account, before campaigns."""
    exposure: float
    """Primary exposure of a post (impressions, or views on video networks) per follower."""
    er: float
    """Interactions per unit of primary exposure."""
    ctr: float = 0.0
    """Link clicks per unit of exposure."""
    duration_s: float = 0.0
    """Mean watch time per view, in seconds (video content)."""


@dataclass(frozen=True, slots=True)
class NetworkSpec:
    """One network's posting rhythm, audience and performance."""

    name: str
    content: dict[str, Content]
    post_weekdays: tuple[float, ...]
    """Relative posting frequency, Monday to Sunday."""
    post_hours: dict[int, float]
    """Weights of the local hours posts go out at."""
    er_weekdays: tuple[float, ...]
    """Engagement multiplier by weekday of publication, Monday to Sunday."""
    er_hours: dict[int, float]
    """Engagement multiplier by hour of publication (1 for hours not listed)."""
    followers: tuple[float, float]
    """Followers of the main account at the first and the last day."""
    curve: float
    """Shape of the growth: followers(t) = start + (end - start) · t**curve."""
    churn: float
    """Followers lost per follower and day."""
    spread: float
    """Lognormal sigma of a post's exposure (TikTok is heavy-tailed)."""
    split: tuple[float, float, float, float]
    """Shares of interactions that are likes, comments, shares and saves."""
    viral: float = 0.0
    """Probability that a post goes viral (exposure × 2.5 to 8)."""
    utc: bool = False
    """Write publication times in UTC (`Z`) rather than Paris local time."""


SPECS: Final[dict[str, NetworkSpec]] = {
    "facebook": NetworkSpec(
        "facebook",
        {
            "photo": Content(1.6, 0.12, 0.028, ctr=0.002),
            "video": Content(0.8, 0.16, 0.032, ctr=0.001),
            "link": Content(1.1, 0.10, 0.012, ctr=0.022),
            "text": Content(0.5, 0.07, 0.018),
        },
        post_weekdays=(1.0, 1.0, 1.0, 1.0, 1.1, 0.9, 1.0),
        post_hours={9: 2, 10: 1, 12: 3, 17: 2, 18: 2, 20: 1},
        er_weekdays=(0.92, 0.97, 1.0, 1.0, 0.9, 1.15, 1.22),
        er_hours={9: 1.12, 10: 1.05, 12: 0.95, 17: 0.85, 18: 0.98, 20: 1.2},
        followers=(20_000, 21_600),
        curve=1.0,
        churn=0.0004,
        spread=0.4,
        split=(0.78, 0.12, 0.10, 0.0),
    ),
    "instagram": NetworkSpec(
        "instagram",
        {
            "photo": Content(1.5, 0.28, 0.034),
            "carousel": Content(1.2, 0.34, 0.055),
            "reel": Content(1.5, 0.55, 0.062),
            "story": Content(0.8, 0.09, 0.012),
        },
        post_weekdays=(1.0, 1.0, 1.0, 1.1, 1.1, 0.9, 0.9),
        post_hours={8: 2, 12: 3, 13: 1, 18: 3, 19: 3, 20: 2, 21: 1},
        er_weekdays=(0.94, 1.04, 1.1, 1.05, 0.9, 0.85, 1.15),
        er_hours={8: 0.8, 12: 0.98, 13: 0.92, 18: 1.12, 19: 1.32, 20: 1.25, 21: 1.08},
        followers=(12_000, 19_000),
        curve=1.0,
        churn=0.0008,
        spread=0.45,
        split=(0.80, 0.05, 0.06, 0.09),
        viral=0.015,
    ),
    "x": NetworkSpec(
        "x",
        {
            "text": Content(4.5, 0.14, 0.011),
            "photo": Content(2.5, 0.18, 0.014, ctr=0.001),
            "link": Content(2.2, 0.12, 0.008, ctr=0.012),
            "video": Content(0.8, 0.22, 0.013),
        },
        post_weekdays=(1.15, 1.15, 1.15, 1.15, 1.1, 0.65, 0.65),
        post_hours={8: 2, 9: 2, 10: 1, 12: 2, 13: 2, 16: 1, 17: 2, 19: 1},
        er_weekdays=(1.05, 1.1, 1.1, 1.05, 0.95, 0.75, 0.8),
        er_hours={8: 1.22, 9: 1.1, 12: 1.15, 13: 1.0, 16: 0.82, 17: 0.88, 19: 0.95},
        followers=(8_000, 8_150),
        curve=1.0,
        churn=0.0015,
        spread=0.5,
        split=(0.72, 0.10, 0.18, 0.0),
        utc=True,
    ),
    "linkedin": NetworkSpec(
        "linkedin",
        {
            "text": Content(1.0, 0.55, 0.028),
            "photo": Content(0.9, 0.60, 0.034, ctr=0.003),
            "document": Content(0.5, 0.75, 0.058, ctr=0.004),
            "link": Content(0.6, 0.45, 0.020, ctr=0.018),
        },
        post_weekdays=(1.2, 1.4, 1.4, 1.3, 0.9, 0.12, 0.08),
        post_hours={8: 3, 9: 3, 12: 2, 17: 1},
        er_weekdays=(1.0, 1.25, 1.2, 1.1, 0.8, 0.6, 0.6),
        er_hours={8: 1.3, 9: 1.2, 12: 1.0, 17: 0.72},
        followers=(2_000, 3_500),
        curve=0.9,
        churn=0.0001,
        spread=0.45,
        split=(0.80, 0.13, 0.07, 0.0),
    ),
    "youtube": NetworkSpec(
        "youtube",
        {
            "video": Content(0.9, 0.45, 0.048, duration_s=260),
            "short": Content(2.0, 1.10, 0.055, duration_s=24),
            "live": Content(0.1, 0.25, 0.070, duration_s=780),
        },
        post_weekdays=(0.8, 0.9, 1.0, 1.3, 1.3, 0.9, 0.8),
        post_hours={11: 1, 12: 1, 17: 3, 18: 3, 19: 1},
        er_weekdays=(0.95, 1.0, 1.0, 1.1, 1.1, 0.95, 0.9),
        er_hours={11: 0.9, 12: 0.95, 17: 1.08, 18: 1.15, 19: 1.0},
        followers=(4_000, 6_000),
        curve=1.1,
        churn=0.0003,
        spread=0.55,
        split=(0.82, 0.10, 0.08, 0.0),
        viral=0.01,
        utc=True,
    ),
    "tiktok": NetworkSpec(
        "tiktok",
        {"video": Content(4.0, 0.9, 0.06, duration_s=13)},
        post_weekdays=(0.9, 0.9, 1.0, 1.0, 1.1, 1.1, 1.0),
        post_hours={7: 1, 12: 1, 18: 2, 19: 3, 20: 3, 21: 2},
        er_weekdays=(0.95, 0.95, 1.0, 1.0, 1.1, 1.2, 1.1),
        er_hours={7: 0.7, 12: 0.85, 18: 1.0, 19: 1.2, 20: 1.3, 21: 1.25},
        followers=(3_000, 15_000),
        curve=1.4,
        churn=0.001,
        spread=0.9,
        split=(0.86, 0.035, 0.05, 0.055),
        viral=0.02,
    ),
}


@dataclass(frozen=True, slots=True)
class Campaign:
    """A yearly campaign: more posts, more reach and engagement, followers and traffic."""

    name: str
    start: tuple[int, int]
    """(month, day) of the first day."""
    end: tuple[int, int]
    freq: float
    reach: float
    er: float
    followers: float
    traffic: float


CAMPAIGNS: Final = (
    Campaign("Holiday Blend", (11, 20), (12, 10), freq=1.8, reach=1.35, er=1.25, followers=3.0,
             traffic=1.6),
    Campaign("Cold Brew", (5, 1), (5, 31), freq=1.5, reach=1.3, er=1.2, followers=2.5,
             traffic=1.4),
)  # fmt: skip


# --- captions ------------------------------------------------------------------------

FILLERS: Final[dict[str, tuple[str, ...]]] = {
    "origin": (
        "Ethiopia Guji", "Colombia Huila", "Kenya Nyeri", "Guatemala Huehuetenango",
        "Brazil Cerrado", "Rwanda Nyamasheke", "Costa Rica Tarrazú", "Peru Cajamarca",
        "Honduras Santa Bárbara", "Burundi Kayanza", "Sumatra Aceh", "El Salvador Apaneca",
    ),
    "notes": (
        "blueberry, jasmine and cocoa nib", "red apple, caramel and hazelnut",
        "blackcurrant, grapefruit and brown sugar", "milk chocolate and toasted almond",
        "peach, bergamot and honey", "plum, molasses and clove", "cherry, rose and cane sugar",
        "mandarin, black tea and praline",
    ),
    "method": (
        "V60", "AeroPress", "Chemex", "French press", "moka pot", "espresso", "Kalita Wave",
        "cold brew", "siphon",
    ),
    "drink": (
        "flat white", "cortado", "oat latte", "filter coffee", "espresso tonic", "cappuccino",
        "café crème", "iced latte",
    ),
    "event": (
        "the Canal Street Coffee Fair", "our Saturday public cupping", "the Riverside Night Market",
        "our home-barista workshop", "the Roastery Open Day", "the Autumn Makers Market",
    ),
    "city": ("Lyon", "Bordeaux", "Lille", "Nantes", "Brussels", "Geneva", "Montreuil"),
    "tip": (
        "rinse your paper filter before brewing.", "weigh your coffee, don't count scoops.",
        "store beans airtight, away from light, and never in the fridge.",
        "grind right before you brew.", "let your espresso machine warm up for 20 minutes.",
        "start at 60 g of coffee per litre, then adjust to taste.",
        "if it tastes sour, grind finer; if it tastes bitter, grind coarser.",
    ),
    "ratio": ("1:15", "1:16", "1:17", "1:2"),
}  # fmt: skip

COMMON: Final = (
    "New on the shelf: {origin}. Expect {notes}.",
    "Freshly roasted this morning: {origin}, with notes of {notes} ☕",
    "Brew guide: {method} at {ratio}. Grind medium-fine, bloom 40 s, pour in three stages.",
    "Quick tip: {tip}",
    "Your weekend {drink}, sorted ☕",
    "Behind the scenes at the roastery: profiling {origin} for espresso today.",
    "Come and say hi at {event}, we'll be pouring {origin} all day.",
    "Meet the farmers: our {origin} lot comes from a 40-member cooperative we've worked with since 2021.",
    'Cupping notes, {origin}: "{notes}," says our head roaster.',
    "Monday mood: a {drink} and a to-do list that fits on a sticky note.",
    "Water matters: 90 to 96 °C for filter, and soft water if you can.",
    "{method} or {drink}? Tell us how you take your {origin} 👇",
    "Grinder, kettle, scale, beans. That's it, that's the setup.",
    "Thank you, {city}! Our pop-up sold out in four hours 🙏",
    "Decaf, done right: {origin}, sugarcane processed. Full flavour, no jitters.",
    "Our bags are now compostable, 80% plant-based film 🌱",
    "Tag @brambleandbean in your {method} brews, we share our favourites every Friday.",
)
TEMPLATES: Final[dict[str, tuple[str, ...]]] = {
    "facebook": (
        *COMMON,
        "This Saturday: {event}. Free tasting, bring a friend!",
        "Subscribers: you can now pause, skip or swap your beans anytime from your account.",
    ),
    "instagram": (
        *COMMON,
        "Pour, swirl, sip. {origin} on {method}.",
        "Slow mornings and {notes}.",
    ),
    "x": (
        "Roast day. {origin} is cooling in the tray.",
        "Hot take: the {method} is underrated.",
        "Quick tip: {tip}",
        "New: {origin}, {notes}.",
        "{drink} or {method}? Go.",
        "We'll be at {event}. Say hi!",
        "Thank you {city} 🙏",
        "Espresso recipe of the week: 18 g in, 40 g out, 28 s. {origin}.",
        "Tag @brambleandbean in your {method} brews.",
    ),
    "linkedin": (
        "Wholesale partners: our new {origin} espresso is ready for cafés and offices.",
        "We're hiring a production roaster in {city}. Calibration, cupping and a lot of patience.",
        "Traceability report: every lot of green coffee we bought this year, with the price "
        "paid per kilo, including {origin}.",
        "What we learned scaling from one roaster to three in two years.",
        "Thank you to the team in {city}: a record quarter for our café partners.",
        "How we train baristas: {tip}",
        "Meet the farmers behind {origin}: a 40-member cooperative, ten years of quality premiums.",
        "Join us at {event}, we'll be cupping {origin} with our wholesale customers.",
    ),
    "youtube": (
        "How to brew {method} coffee at home | Bramble & Bean",
        "{origin}: from farm to cup",
        "Espresso dial-in, step by step ({origin})",
        "We tried 5 grinders so you don't have to",
        "{method} vs {drink}: which one wins?",
        "A day at the roastery in {city}",
        "Latte art for beginners: the heart, the tulip, the rosetta",
        "The perfect {drink} at home",
    ),
    "tiktok": (
        "POV: you finally nailed latte art 🥛☕",
        "Rating every {drink} in {city}",
        "{method} in 30 seconds",
        "Roaster reacts to your coffee setups 😅",
        "Things nobody tells you about {method} coffee",
        "A day in the life of a coffee roaster in {city}",
        "How much coffee for one cup? {tip}",
        "ASMR: grinding {origin} at 6 a.m.",
    ),
}
SHORT_TEMPLATES: Final = (
    "The 10-second {method} hack",
    "{drink} in 30 seconds",
    "Quick tip: {tip}",
    "Tasting {origin} blind",
)
LIVE_TEMPLATES: Final = (
    "LIVE cupping: {origin} with the roasting team",
    "LIVE Q&A: your {method} questions answered",
)
CAMPAIGN_TEMPLATES: Final[dict[str, tuple[str, ...]]] = {
    "Holiday Blend": (
        "The Holiday Blend is back ✨ Notes of {notes}. Limited run.",
        "Gift boxes are live: Holiday Blend plus a {method} starter kit 🎁",
        "Last call for delivery before the holidays: order by 18 December.",
        "Holiday Blend tasting at {event} this weekend.",
        "Holiday Blend as a {drink}? Trust us.",
        "Holiday Blend: why we built it around {origin}.",
    ),
    "Cold Brew": (
        "Cold Brew season is open 🧊 Our {origin} concentrate is back in store.",
        "Cold brew at home: 100 g coarse ground, 1 L water, 16 h in the fridge.",
        "Sunny day, {drink} over ice ☀️",
        "New: canned Cold Brew, no sugar, just {origin}.",
        "Cold Brew tasting at {event}.",
    ),
}
CAMPAIGN_TAGS: Final = {"Holiday Blend": "#HolidayBlend", "Cold Brew": "#ColdBrewSeason"}
HASHTAGS: Final = (
    "#specialtycoffee", "#coffeelover", "#pourover", "#filtercoffee", "#espresso",
    "#latteart", "#coffeeroaster", "#homebarista", "#thirdwavecoffee", "#cafe", "#coffeetime",
    "#BrewBetterAtHome", "#brambleandbeanlove", "#singleorigin", "#coffeebeans",
)  # fmt: skip
"""Other hashtags; `#BrewBetterAtHome` and `#brambleandbeanlove` only look like the brand's."""
BRAND_TAGS: Final = ("#BrambleAndBean", "#brambleandbean", "#BrewBetter", "#brewbetter",
                     "#BREWBETTER")  # fmt: skip

HASHTAG_STYLE: Final[dict[str, tuple[int, int, float]]] = {
    # network: (fewest, most other hashtags, probability of a brand hashtag)
    "facebook": (0, 2, 0.30),
    "instagram": (3, 7, 0.55),
    "x": (0, 2, 0.35),
    "linkedin": (0, 3, 0.25),
    "youtube": (0, 1, 0.15),
    "tiktok": (2, 4, 0.45),
}
SUFFIXES: Final[dict[str, tuple[str, ...]]] = {
    "link": tuple(
        f" Read more: {SITE}/journal/{slug}"
        for slug in ("brew-guide", "origin-trip", "water", "grinders", "decaf", "cold-brew")
    ),
    "document": (" Swipe through the 12-page guide 📄", " The full PDF is in the carousel.",
                 " Our 2026 wholesale brewing guide, free to download."),
    "carousel": (" Swipe ➡️", " Save this for your next brew day.", ""),
    "reel": ("", " Sound on 🔊", " Watch till the end."),
    "video": ("", " Watch till the end."),
    "short": (" #shorts",),
}  # fmt: skip

SPECIAL_TEXTS: Final = (
    "[bold]not markup[/bold]: just how our roaster writes tasting notes.",
    "=SUM(A1) is not a recipe, but 18 g in and 36 g out is.",
    "@latteartclub thanks for the shout-out! Your rosetta on our Kenya Nyeri is 🔥",
    'Ratio, grind, time: "if it tastes sour, grind finer," says Noor, our trainer.',
    "[link=https://brambleandbean.example]click[/link] or [red]red[/red]? Neither: plain text.",
    "+33 cupping spots left, -2 °C outside: perfect weather for a hot filter.",
    'Café crème, naïve question: is it a "latte"? 🇫🇷☕ #BrewBetter',
    "50/50 blend, 100% arabica, 0% compromise; <b>no HTML</b> either & that's fine.",
)
"""Captions that test escaping: markup, spreadsheet formulas, quotes, commas, emoji."""


def _render(template: str, rng: np.random.RandomState) -> str:
    """Fill each `{name}` of a template with a filler drawn from `rng`."""

    def pick(match: re.Match[str]) -> str:
        options = FILLERS[match[1]]
        return options[int(rng.randint(0, len(options), dtype=np.int64))]

    text = re.sub(r"\{(\w+)\}", pick, template)
    return text[:1].upper() + text[1:]


def caption_bank(templates: Sequence[str], size: int, rng: np.random.RandomState) -> list[str]:
    """`size` captions rendered from `templates` (a small bank that posts draw from)."""
    chosen = rng.randint(0, len(templates), size=size, dtype=np.int64)
    return [_render(templates[int(i)], rng) for i in chosen]


def hashtag_bank(network: str, size: int, rng: np.random.RandomState, extra: str = "") -> list[str]:
    """`size` hashtag endings (with a leading space, or empty) in the network's style."""
    low, high, brand_p = HASHTAG_STYLE[network]
    bank = []
    for _ in range(size):
        count = int(rng.randint(low, high + 1, dtype=np.int64))
        picks = rng.choice(len(HASHTAGS), size=count, replace=False)
        tags = [HASHTAGS[int(i)] for i in picks]
        if rng.rand() < brand_p:
            tags.insert(
                int(rng.randint(0, len(tags) + 1, dtype=np.int64)),
                BRAND_TAGS[int(rng.randint(0, len(BRAND_TAGS), dtype=np.int64))],
            )
        if extra:
            tags.insert(0, extra)
        bank.append((" " + " ".join(tags)) if tags else "")
    return bank


# --- the calendar ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Calendar:
    """Per-day facts shared by every network."""

    start: date
    days: int
    weekday: np.ndarray
    """0 = Monday."""
    t: np.ndarray
    """0 on the first day, 1 on the last."""
    campaign: np.ndarray
    """0 outside campaigns, else 1 + index in CAMPAIGNS."""
    freq: np.ndarray
    reach: np.ndarray
    er: np.ndarray
    followers: np.ndarray
    traffic: np.ndarray

    def date_series(self) -> pl.Series:
        """Every day of the range, as a polars Date series."""
        first = np.datetime64(self.start.isoformat(), "D")
        return pl.Series("date", first + np.arange(self.days).astype("timedelta64[D]"))


def calendar(start: date, end: date) -> Calendar:
    """The days from `start` to `end` with their weekday and campaign multipliers."""
    days = (end - start).days + 1
    if days < 1:
        raise ValueError(f"the end {end} is before the start {start}")
    first = np.datetime64(start.isoformat(), "D")
    offsets = np.arange(days)
    weekday = ((first + offsets).astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    t = offsets / max(days - 1, 1)
    campaign = np.zeros(days, dtype=np.int64)
    mult = {k: np.ones(days) for k in ("freq", "reach", "er", "followers", "traffic")}
    for year in range(start.year, end.year + 1):
        for index, camp in enumerate(CAMPAIGNS):
            lo = (date(year, *camp.start) - start).days
            hi = (date(year, *camp.end) - start).days + 1
            lo, hi = max(lo, 0), min(hi, days)
            if lo >= hi:
                continue
            campaign[lo:hi] = index + 1
            for key in mult:
                mult[key][lo:hi] = getattr(camp, key)
            # the effect fades over the week after the campaign
            tail = slice(hi, min(hi + 7, days))
            fade = np.linspace(0.6, 0.1, tail.stop - tail.start)
            for key in ("reach", "followers", "traffic"):
                mult[key][tail] = 1 + (getattr(camp, key) - 1) * fade
    return Calendar(start, days, weekday, t, campaign, **mult)


def expected_posts(cal: Calendar) -> float:
    """Posts one account per network publishes over the calendar, on average."""
    total = 0.0
    for spec in SPECS.values():
        week = sum(c.per_week for c in spec.content.values())
        w = np.asarray(spec.post_weekdays) / np.mean(spec.post_weekdays)
        total += float(np.sum(week / 7 * w[cal.weekday] * cal.freq))
    return total


# --- helpers -------------------------------------------------------------------------------


def lognormal(rng: np.random.RandomState, sigma: float, size: int | tuple[int, ...]) -> np.ndarray:
    """Lognormal noise of mean 1."""
    return rng.lognormal(-sigma * sigma / 2, sigma, size)


def poisson(rng: np.random.RandomState, lam: np.ndarray) -> np.ndarray:
    """Poisson counts as int64 (the legacy generator's integer width depends on the OS)."""
    return rng.poisson(np.maximum(lam, 0.0)).astype(np.int64)


def binomial(rng: np.random.RandomState, n: np.ndarray, p: np.ndarray | float) -> np.ndarray:
    """Binomial counts as int64."""
    return rng.binomial(n.astype(np.int64), np.clip(p, 0.0, 1.0)).astype(np.int64)


def lookup(table: dict[int, float], keys: np.ndarray, default: float = 1.0) -> np.ndarray:
    """`table[key]` for each key, `default` where a key is not in the table."""
    values = np.full(24, default)
    for key, value in table.items():
        values[key] = value
    return values[keys]


def spread_over_days(values: np.ndarray, kernel: Sequence[float]) -> np.ndarray:
    """Spread each day's value over that day and the following ones (last axis)."""
    out = np.zeros_like(values, dtype=np.float64)
    days = values.shape[-1]
    for lag, weight in enumerate(kernel):
        if lag < days:
            out[..., lag:] += weight * values[..., : days - lag]
    return out


def fixed(name: str, values: np.ndarray, mask: np.ndarray | None = None) -> pl.Series:
    """Non-negative decimals as text with two decimals, written from integer cents.

    Writing the digits ourselves keeps the CSV independent of how a polars
    version prints floats. Null where `mask` is False.
    """
    cents = pl.Series(name, np.rint(values * 100).astype(np.int64))
    text = pl.select(
        (cents // 100).cast(pl.String) + "." + (cents % 100).cast(pl.String).str.zfill(2)
    ).to_series()
    return nullify(text.alias(name), mask)


def nullify(series: pl.Series, mask: np.ndarray | None) -> pl.Series:
    """`series` with nulls where `mask` is False (unchanged when mask is None)."""
    if mask is None:
        return series
    return pl.select(pl.when(pl.Series(mask)).then(series)).to_series().alias(series.name)


def ints(name: str, values: np.ndarray, mask: np.ndarray | None = None) -> pl.Series:
    """An Int64 column, null where `mask` is False."""
    return nullify(pl.Series(name, np.asarray(values, dtype=np.int64)), mask)


def scramble(seq: np.ndarray, salt: int) -> np.ndarray:
    """A bijection of 64-bit integers: distinct inputs give distinct, random-looking outputs."""
    x = seq.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(salt)
    x ^= x >> np.uint64(29)
    return x * np.uint64(0xBF58476D1CE4E5B9)


_ALPHABET: Final = np.frombuffer(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", dtype=np.uint8
)


def shortcode(seq: np.ndarray, salt: int, length: int = 11) -> pl.Series:
    """Base-64 codes (Instagram shortcodes, YouTube video ids), distinct for distinct `seq`.

    With 11 characters (66 bits) every bit of the scrambled 64-bit number is kept.
    """
    x = scramble(seq, salt)
    shifts = (np.arange(length, dtype=np.uint64) * np.uint64(6)) % np.uint64(64)
    digits = ((x[:, None] >> shifts[None, :]) & np.uint64(63)).astype(np.int64)
    raw = np.ascontiguousarray(_ALPHABET[digits]).view(f"S{length}").ravel()
    return pl.Series(raw).cast(pl.String)


def account_names(count: int) -> list[str]:
    """`brambleandbean`, then `brambleandbean-2`, `brambleandbean-3`, …"""
    return [HANDLE if i == 0 else f"{HANDLE}-{i + 1}" for i in range(count)]


# --- followers and daily rows -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Audience:
    """The follower stock and flows of every account of a network (accounts × days)."""

    followers: np.ndarray
    gained: np.ndarray
    lost: np.ndarray


def audience(spec: NetworkSpec, cal: Calendar, sizes: np.ndarray, rng: np.random.RandomState) -> Audience:
    """Followers growing along the network's curve, with campaign jumps and daily noise.

    followers[d] = followers[d - 1] + gained[d] - lost[d] holds on every day.
    """
    f0, f1 = spec.followers
    curve = f0 + (f1 - f0) * cal.t**spec.curve
    net = np.diff(curve, prepend=f0 - (f1 - f0) / max(cal.days - 1, 1))
    # campaigns bring their followers forward: same total growth, visible jumps
    boosted = net * cal.followers
    net = boosted * (net.sum() / boosted.sum()) if boosted.sum() > 0 else net
    churn = spec.churn * curve
    gain = np.maximum(net + churn, 0.2)
    k = sizes.size
    noise = lognormal(rng, 0.3, (k, cal.days))
    gained = poisson(rng, sizes[:, None] * gain[None, :] * noise)
    lost = poisson(rng, sizes[:, None] * churn[None, :] * lognormal(rng, 0.2, (k, cal.days)))
    start = np.rint(sizes * f0).astype(np.int64)
    followers = start[:, None] + np.cumsum(gained - lost, axis=1)
    return Audience(followers, gained, lost)


# --- posts -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Posts:
    """One network's posts as arrays, sorted by account and publication time."""

    account: np.ndarray
    day: np.ndarray
    hour: np.ndarray
    minute: np.ndarray
    ctype: np.ndarray
    """Index into the network's content types."""
    campaign: np.ndarray
    followers: np.ndarray
    exposure: np.ndarray
    """Primary exposure (impressions, or views on YouTube and TikTok), before rounding."""
    interactions: np.ndarray
    """Expected interactions."""

    @property
    def n(self) -> int:
        return int(self.day.size)


def schedule(
    spec: NetworkSpec, cal: Calendar, accounts: int, freq: float, rng: np.random.RandomState
) -> tuple[np.ndarray, ...]:
    """When each post goes out: account, day, hour, minute and content type, sorted."""
    kinds = list(spec.content.values())
    per_day = np.array([c.per_week for c in kinds]) / 7
    w = np.asarray(spec.post_weekdays) / np.mean(spec.post_weekdays)
    lam = freq * per_day[None, :] * (w[cal.weekday] * cal.freq)[:, None]
    counts = poisson(rng, np.broadcast_to(lam, (accounts, cal.days, len(kinds))))
    cell = np.repeat(np.arange(counts.size, dtype=np.int64), counts.ravel())
    account, day, ctype = np.unravel_index(cell, counts.shape)
    n = cell.size
    hours = np.array(list(spec.post_hours), dtype=np.int64)
    p = np.array(list(spec.post_hours.values()), dtype=np.float64)
    hour = hours[rng.choice(hours.size, size=n, p=p / p.sum())]
    scheduled = rng.rand(n) < 0.6
    minute = np.where(
        scheduled, 15 * rng.randint(0, 4, size=n, dtype=np.int64), rng.randint(0, 60, size=n, dtype=np.int64)
    )
    order = np.lexsort((minute, hour, day, account))
    return (
        account[order].astype(np.int64),
        day[order].astype(np.int64),
        hour[order],
        minute[order],
        ctype[order].astype(np.int64),
    )


def make_posts(
    spec: NetworkSpec, cal: Calendar, aud: Audience, freq: float, rng: np.random.RandomState
) -> Posts:
    """Schedule the posts and draw their exposure and expected interactions."""
    account, day, hour, minute, ctype = schedule(spec, cal, aud.followers.shape[0], freq, rng)
    n = day.size
    kinds = list(spec.content.values())
    exposure_frac = np.array([c.exposure for c in kinds])[ctype]
    er = np.array([c.er for c in kinds])[ctype]
    followers = aud.followers[account, day].astype(np.float64)
    viral = np.where(rng.rand(n) < spec.viral, rng.uniform(2.5, 8.0, n), 1.0)
    exposure = followers * exposure_frac * lognormal(rng, spec.spread, n) * viral * cal.reach[day]
    er_wd = np.asarray(spec.er_weekdays)[cal.weekday[day]]
    trend = 0.94 + 0.12 * cal.t[day]  # the team gets better at it
    rate = er * lookup(spec.er_hours, hour) * er_wd * cal.er[day] * trend * lognormal(rng, 0.25, n)
    return Posts(
        account,
        day,
        hour,
        minute,
        ctype,
        cal.campaign[day],
        followers,
        np.maximum(exposure, 1.0),
        exposure * rate,
    )


def is_type(spec: NetworkSpec, posts: Posts, content_type: str) -> np.ndarray:
    """Mask of the posts of one content type (all False when the network has none)."""
    types = list(spec.content)
    if content_type not in types:
        return np.zeros(posts.n, dtype=bool)
    return posts.ctype == types.index(content_type)


def draw(banks: Sequence[Sequence[str]], group: np.ndarray, pick: np.ndarray) -> pl.Series:
    """For each row, the string `banks[group][pick % len(bank)]`, gathered in one go."""
    sizes = np.array([len(bank) for bank in banks], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    flat = pl.Series([text for bank in banks for text in bank], dtype=pl.String)
    return flat.gather(offsets[group] + pick % sizes[group])


def captions(spec: NetworkSpec, posts: Posts, index: int, rng: np.random.RandomState) -> pl.Series:
    """Each post's text: a caption from the network's bank, a type suffix and hashtags.

    Captions are drawn from small banks rendered once, so the work per post is
    a gather and a concatenation. During a campaign, 70% of the posts are
    about it and carry its hashtag. Stories have no caption (null).
    """
    name = spec.name
    n = posts.n
    camps = len(CAMPAIGNS)
    bodies = [caption_bank(TEMPLATES[name], 240, rng)]
    tags = [hashtag_bank(name, 60, rng)]
    for camp in CAMPAIGNS:
        bodies.append(caption_bank(CAMPAIGN_TEMPLATES[camp.name], 40, rng))
        tags.append(hashtag_bank(name, 20, rng, extra=CAMPAIGN_TAGS[camp.name]))
    bodies += [caption_bank(SHORT_TEMPLATES, 40, rng), caption_bank(LIVE_TEMPLATES, 10, rng)]
    group = np.where((posts.campaign > 0) & (rng.rand(n) < 0.7), posts.campaign, 0)
    tag_group = group.copy()
    if name == "youtube":  # shorts and lives have titles of their own
        group = np.where(is_type(spec, posts, "short"), camps + 1, group)
        group = np.where(is_type(spec, posts, "live"), camps + 2, group)
    body = draw(bodies, group, rng.randint(0, 1 << 30, size=n, dtype=np.int64))
    tag = draw(tags, tag_group, rng.randint(0, 1 << 30, size=n, dtype=np.int64))
    # YouTube titles carry no suffix, except the #shorts tag of shorts
    suffixes = [SUFFIXES.get(t, ("",)) if name != "youtube" or t == "short" else ("",) for t in spec.content]
    suffix = draw(suffixes, posts.ctype, rng.randint(0, 1 << 30, size=n, dtype=np.int64))
    text = pl.select(pl.concat_str([body, suffix, tag])).to_series()
    # a few posts carry the captions that test escaping
    story = is_type(spec, posts, "story")
    eligible = np.flatnonzero(~story)
    count = min(max(2, n // 250), eligible.size)
    if count:
        where = np.sort(rng.choice(eligible.size, size=count, replace=False))
        kinds = (2 * index + np.arange(count, dtype=np.int64)) % len(SPECIAL_TEXTS)
        text = text.scatter(eligible[where], pl.Series(SPECIAL_TEXTS).gather(kinds))
    return nullify(text.alias("text"), ~story)


def timestamps(spec: NetworkSpec, cal: Calendar, posts: Posts) -> tuple[pl.Series, pl.Series]:
    """Publication times as ISO 8601 text (Paris offset, or UTC `Z`) and as UTC epoch ms."""
    first = np.datetime64(cal.start.isoformat(), "m")
    minutes = posts.day * 1440 + posts.hour * 60 + posts.minute
    local = pl.Series("local", (first + minutes.astype("timedelta64[m]")).astype("datetime64[us]"))
    # posts go out between 07:00 and 22:00: never in the hour a DST change skips or repeats
    paris = local.dt.replace_time_zone(TIMEZONE, ambiguous="earliest", non_existent="null")
    if spec.utc:
        text = paris.dt.convert_time_zone("UTC").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    else:
        text = paris.dt.strftime("%Y-%m-%dT%H:%M:%S%:z")
    return text.alias("published_at"), paris.dt.epoch("ms")


def identifiers(
    spec: NetworkSpec,
    posts: Posts,
    names: Sequence[str],
    epoch_ms: pl.Series,
    index: int,
    rng: np.random.RandomState,
) -> tuple[pl.Series, pl.Series]:
    """post_id and permalink of each post, in the style of each network.

    Ids are unique within a network (hence within an account) by
    construction: each embeds the post's sequence number through a bijection.
    """
    n = posts.n
    seq = np.arange(n, dtype=np.int64)
    ms = epoch_ms.to_numpy().astype(np.int64)
    account = pl.Series(list(names)).gather(posts.account)
    salt = int(rng.randint(0, 1 << 30, dtype=np.int64))

    def digits(values: np.ndarray) -> pl.Series:
        return pl.Series(values).cast(pl.String)

    def cat(*parts: pl.Series | str) -> pl.Series:
        return pl.select(pl.concat_str([pl.lit(p) for p in parts])).to_series()

    def choose(mask: np.ndarray, yes: pl.Series | str, no: pl.Series | str) -> pl.Series:
        return pl.select(pl.when(pl.lit(pl.Series(mask))).then(pl.lit(yes)).otherwise(pl.lit(no))).to_series()

    name = spec.name
    if name == "facebook":
        pages = 100_000_000_000_000 + rng.randint(0, 10**13, size=len(names), dtype=np.int64)
        part = digits(1_220_000_000_000_000 + (seq * 982_451_653 + salt) % 10**14)
        post_id = cat(digits(pages).gather(posts.account), "_", part)
        kind = choose(is_type(spec, posts, "video"), "/videos/", "/posts/")
        permalink = cat("https://www.facebook.com/", account, kind, part)
    elif name == "instagram":
        post_id = digits(17_000_000_000_000_000 + (seq * 982_451_653 + salt) % 10**15)
        feed = cat(
            "https://www.instagram.com/",
            choose(is_type(spec, posts, "reel"), "reel/", "p/"),
            shortcode(seq, salt + index),
            "/",
        )
        story = cat("https://www.instagram.com/stories/", account, "/", post_id, "/")
        permalink = choose(is_type(spec, posts, "story"), story, feed)
    elif name == "x":
        post_id = digits(((ms - 1_288_834_974_657) << 22) + (seq + salt) % (1 << 22))
        permalink = cat("https://x.com/", account, "/status/", post_id)
    elif name == "linkedin":
        post_id = cat("urn:li:activity:", digits((ms << 22) + (seq + salt) % (1 << 22)))
        permalink = cat("https://www.linkedin.com/feed/update/", post_id, "/")
    elif name == "youtube":
        post_id = shortcode(seq, salt + index)
        permalink = choose(
            is_type(spec, posts, "short"),
            cat("https://www.youtube.com/shorts/", post_id),
            cat("https://www.youtube.com/watch?v=", post_id),
        )
    else:
        post_id = digits(((ms // 1000) << 32) + (seq + salt) % (1 << 32))
        permalink = cat("https://www.tiktok.com/@", account, "/video/", post_id)
    return post_id.alias("post_id"), permalink.alias("permalink")


def post_metrics(
    spec: NetworkSpec, posts: Posts, has_hashtag: np.ndarray, rng: np.random.RandomState
) -> dict[str, pl.Series]:
    """The metrics the network reports for each post; the others are absent (null)."""
    n = posts.n
    kinds = list(spec.content.values())

    def of_type(content_type: str) -> np.ndarray:
        return is_type(spec, posts, content_type)

    exposure = np.rint(posts.exposure).astype(np.int64)
    inter = posts.interactions
    s = spec.split
    likes = poisson(rng, inter * s[0] * lognormal(rng, 0.15, n))
    comments = poisson(rng, inter * s[1] * lognormal(rng, 0.35, n))
    shares = poisson(rng, inter * s[2] * lognormal(rng, 0.35, n))
    saves = poisson(rng, inter * s[3] * lognormal(rng, 0.35, n))
    ctr = np.array([c.ctr for c in kinds])[posts.ctype] * lognormal(rng, 0.35, n)
    link_clicks = poisson(rng, exposure * ctr)
    share_of = rng.rand(n)  # reach / impressions and the like
    duration = np.array([c.duration_s for c in kinds])[posts.ctype] * lognormal(rng, 0.2, n)
    extra = rng.rand(n)
    m: dict[str, pl.Series] = {}
    name = spec.name
    if name == "facebook":
        lead_ad = of_type("link") & ((posts.campaign > 0) | (extra < 0.06))
        m["impressions"] = ints("impressions", exposure)
        m["reach"] = ints("reach", np.rint(exposure * (0.78 + 0.15 * share_of)))
        m["likes"] = ints("likes", likes)
        m["comments"] = ints("comments", comments)
        m["shares"] = ints("shares", shares)
        m["link_clicks"] = ints("link_clicks", link_clicks)
        m["leads"] = ints("leads", poisson(rng, link_clicks * 0.12 + 2), lead_ad)
    elif name == "instagram":
        story = of_type("story")
        reel = of_type("reel")
        follows_rate = np.where(reel, 0.002, 0.0011)
        m["impressions"] = ints("impressions", exposure)
        m["reach"] = ints("reach", np.rint(exposure * (0.70 + 0.18 * share_of)))
        m["views"] = ints("views", np.rint(exposure * (1.15 + 0.3 * extra)), reel)
        # stories report replies and shares; likes and saves are not exported for them
        m["likes"] = ints("likes", likes, ~story)
        m["comments"] = ints("comments", np.where(story, poisson(rng, inter * 0.55), comments))
        m["shares"] = ints("shares", np.where(story, poisson(rng, inter * 0.45), shares))
        m["saves"] = ints("saves", saves, ~story)
        m["follows"] = ints("follows", poisson(rng, exposure * follows_rate))
    elif name == "x":
        profile = poisson(rng, exposure * 0.004)
        hashtag = np.where(has_hashtag, poisson(rng, exposure * 0.0015), 0)
        follows = poisson(rng, exposure * 0.0004)
        expands = poisson(rng, exposure * 0.008)
        m["impressions"] = ints("impressions", exposure)
        m["likes"] = ints("likes", likes)
        m["comments"] = ints("comments", comments)
        m["shares"] = ints("shares", shares)
        m["link_clicks"] = ints("link_clicks", link_clicks)
        m["profile_clicks"] = ints("profile_clicks", profile)
        m["hashtag_clicks"] = ints("hashtag_clicks", hashtag)
        m["follows"] = ints("follows", follows)
        m["platform_engagements"] = ints(
            "platform_engagements",
            likes + comments + shares + link_clicks + profile + hashtag + follows + expands,
        )
    elif name == "linkedin":
        gated = of_type("document") & (extra < 0.4)
        m["impressions"] = ints("impressions", exposure)
        m["reach"] = ints("reach", np.rint(exposure * (0.58 + 0.17 * share_of)))
        m["likes"] = ints("likes", likes)
        m["comments"] = ints("comments", comments)
        m["shares"] = ints("shares", shares)
        m["link_clicks"] = ints("link_clicks", link_clicks)
        m["profile_clicks"] = ints("profile_clicks", poisson(rng, exposure * 0.003))
        m["follows"] = ints("follows", poisson(rng, exposure * 0.0015))
        m["leads"] = ints("leads", poisson(rng, exposure * 0.003 + 0.5), gated)
    elif name == "youtube":
        # impressions are thumbnail impressions: views / click-through for long videos
        thumb_ctr = np.where(of_type("live"), 0.04 + 0.03 * share_of, 0.045 + 0.045 * share_of)
        impressions = np.where(of_type("short"), exposure * (1.1 + 0.4 * share_of), exposure / thumb_ctr)
        m["impressions"] = ints("impressions", np.rint(impressions))
        m["views"] = ints("views", exposure)
        m["likes"] = ints("likes", likes)
        m["dislikes"] = ints("dislikes", poisson(rng, likes * 0.022 * lognormal(rng, 0.5, n)))
        m["comments"] = ints("comments", comments)
        m["shares"] = ints("shares", shares)
        m["watch_time_hours"] = fixed("watch_time_hours", exposure * duration / 3600)
    else:
        m["views"] = ints("views", exposure)
        m["likes"] = ints("likes", likes)
        m["comments"] = ints("comments", comments)
        m["shares"] = ints("shares", shares)
        m["saves"] = ints("saves", saves)
        m["watch_time_hours"] = fixed("watch_time_hours", exposure * duration / 3600)
    return m


def column(name: str, n: int) -> pl.Series:
    """An all-null column of the CSV type of `name`."""
    dtype = pl.String if name in STRING_COLUMNS else pl.Int64
    return pl.Series(name, [None], dtype=dtype).gather(np.zeros(n, dtype=np.int64))


def posts_frame(
    spec: NetworkSpec,
    cal: Calendar,
    posts: Posts,
    names: Sequence[str],
    index: int,
    rng: np.random.RandomState,
) -> pl.DataFrame:
    """The network's rows of posts.csv."""
    n = posts.n
    published, epoch_ms = timestamps(spec, cal, posts)
    text = captions(spec, posts, index, rng)
    post_id, permalink = identifiers(spec, posts, names, epoch_ms, index, rng)
    has_hashtag = text.str.contains("#", literal=True).fill_null(False).to_numpy()
    metrics = post_metrics(spec, posts, has_hashtag, rng)
    known = {
        "network": pl.Series([spec.name]).gather(np.zeros(n, dtype=np.int64)),
        "account": pl.Series(list(names)).gather(posts.account),
        "post_id": post_id,
        "published_at": published,
        "content_type": pl.Series(list(spec.content)).gather(posts.ctype),
        "text": text,
        "permalink": permalink,
        **metrics,
    }
    frame = pl.DataFrame([known[c].alias(c) if c in known else column(c, n) for c in POST_COLUMNS])
    if frame.select(pl.struct("account", "post_id").is_duplicated().any()).item():
        raise RuntimeError(f"{spec.name}: duplicate post ids; use fewer posts per network")
    return frame


# --- daily rows ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DailyOut:
    """A network's daily rows, and what drives its web traffic (per day, all accounts)."""

    frame: pl.DataFrame
    driver: np.ndarray


def flows_from(cal: Calendar) -> int:
    """Day index from which X exports follower flows: the 6th month of the range.

    Before it, X reports the follower stock only, so net_follower_change falls
    back to the difference of stocks there.
    """
    month = cal.start.year * 12 + cal.start.month - 1 + 5
    first = date(month // 12, month % 12 + 1, 1)
    return min(max((first - cal.start).days, 0), cal.days)


def daily_frame(
    spec: NetworkSpec,
    cal: Calendar,
    aud: Audience,
    posts: Posts,
    frame: pl.DataFrame,
    names: Sequence[str],
    rng: np.random.RandomState,
) -> DailyOut:
    """One row per account and day: followers, flows and the account metrics reported."""
    k, days = aud.followers.shape
    cell = posts.account * days + posts.day

    def per_day(column_name: str) -> np.ndarray:
        values = frame.get_column(column_name).fill_null(0).to_numpy().astype(np.float64)
        return np.bincount(cell, weights=values, minlength=k * days).reshape(k, days)

    followers = aud.followers.astype(np.float64)
    name = spec.name
    col: dict[str, pl.Series] = {}
    flat = k * days
    col["followers"] = ints("followers", aud.followers.ravel())
    reported = np.tile(np.arange(days) >= flows_from(cal), k) if name == "x" else None
    col["followers_gained"] = ints("followers_gained", aud.gained.ravel(), reported)
    if name != "linkedin":  # LinkedIn exports followers gained, never followers lost
        col["followers_lost"] = ints("followers_lost", aud.lost.ravel(), reported)
    driver = np.zeros(days)
    if name in ("facebook", "instagram"):
        # Meta's daily Views (which replaced impressions in 2025): account views, by day
        seen = spread_over_days(per_day("impressions"), (0.62, 0.22, 0.1, 0.06))
        base = followers * (0.03 if name == "facebook" else 0.05)
        views = np.rint(seen + base * lognormal(rng, 0.2, (k, days)))
        col["views"] = ints("views", views.ravel())
        col["reach"] = ints("reach", np.rint(views * (0.55 + 0.17 * rng.rand(k, days))).ravel())
        rate = (0.0015, 0.002) if name == "facebook" else (0.004, 0.008)
        visits = poisson(rng, followers * rate[0] + seen * rate[1])
        col["profile_visits"] = ints("profile_visits", visits.ravel())
        if name == "facebook":
            driver = spread_over_days(per_day("link_clicks"), (0.7, 0.18, 0.07, 0.05)).sum(0)
        else:
            driver = visits.sum(0).astype(np.float64)
            col["mentions"] = ints("mentions", poisson(rng, followers * 0.0005 * cal.reach).ravel())
    elif name == "x":
        col["mentions"] = ints("mentions", poisson(rng, followers * 0.0012 * cal.reach).ravel())
        # the overview's impressions: the posts' over their first days, and the older posts'
        seen = spread_over_days(per_day("impressions"), (0.7, 0.18, 0.07, 0.05))
        impressions = np.rint(seen + followers * 0.04 * lognormal(rng, 0.3, (k, days)))
        col["impressions"] = ints("impressions", impressions.ravel())
        driver = spread_over_days(per_day("link_clicks"), (0.7, 0.18, 0.07, 0.05)).sum(0)
    elif name == "linkedin":
        seen = spread_over_days(per_day("impressions"), (0.6, 0.25, 0.1, 0.05))
        col["profile_visits"] = ints("profile_visits", poisson(rng, followers * 0.008 + seen * 0.004).ravel())
        driver = spread_over_days(per_day("link_clicks"), (0.7, 0.18, 0.07, 0.05)).sum(0)
    else:  # youtube and tiktok: channel views, including the back catalogue
        kernel = (0.45, 0.2, 0.1, 0.08, 0.07, 0.05, 0.05)
        watched = spread_over_days(per_day("views"), kernel)
        base = followers * (0.08 if name == "youtube" else 0.1)
        views = np.rint(watched + base * lognormal(rng, 0.25, (k, days)))
        col["views"] = ints("views", views.ravel())
        if name == "tiktok":
            visits = poisson(rng, followers * 0.003 + watched * 0.004)
            col["profile_visits"] = ints("profile_visits", visits.ravel())
            driver = visits.sum(0).astype(np.float64)
        else:
            driver = watched.sum(0)
    known = {
        "network": pl.Series([name]).gather(np.zeros(flat, dtype=np.int64)),
        "account": pl.Series(list(names)).gather(np.repeat(np.arange(k), days)),
        "date": pl.concat([cal.date_series()] * k),
        **col,
    }
    out = pl.DataFrame([known[c].alias(c) if c in known else column(c, flat) for c in DAILY_COLUMNS])
    return DailyOut(out, driver)


# --- web traffic ----------------------------------------------------------------------------------

SOCIAL: Final[dict[str, tuple[float, float]]] = {
    # network: (sessions per unit of its driver, base sessions per day and account)
    "facebook": (0.8, 12.0),  # link clicks
    "instagram": (0.05, 8.0),  # profile visits (the link in bio)
    "x": (0.75, 4.0),  # link clicks
    "linkedin": (0.8, 3.0),  # link clicks
    "youtube": (0.004, 3.0),  # views (links in descriptions)
    "tiktok": (0.025, 2.0),  # profile visits
}

SOURCES: Final = (
    # source, medium, network (or a base level), share of it, conversion, engaged, leads
    ("l.facebook.com", "referral", "facebook", 0.72, 0.018, 0.55, True),
    ("m.facebook.com", "referral", "facebook", 0.28, 0.015, 0.5, False),
    ("l.instagram.com", "referral", "instagram", 0.5, 0.024, 0.58, False),
    ("instagram", "social", "instagram", 0.3, 0.026, 0.6, False),
    ("linktr.ee", "referral", "instagram", 0.2, 0.022, 0.57, False),
    ("t.co", "referral", "x", 1.0, 0.016, 0.52, False),
    ("linkedin.com", "referral", "linkedin", 0.58, 0.016, 0.66, True),
    ("lnkd.in", "referral", "linkedin", 0.42, 0.017, 0.64, True),
    ("youtube.com", "referral", "youtube", 1.0, 0.02, 0.62, False),
    ("tiktok.com", "referral", "tiktok", 1.0, 0.015, 0.5, False),
    ("google", "organic", "", 280.0, 0.024, 0.66, True),
    ("(direct)", "(none)", "", 160.0, 0.036, 0.6, False),
    ("newsletter", "email", "", 8.0, 0.04, 0.7, True),
    ("bing", "organic", "", 22.0, 0.02, 0.63, False),
)  # fmt: skip


def traffic_frame(
    cal: Calendar, drivers: dict[str, np.ndarray], accounts: int, rng: np.random.RandomState
) -> pl.DataFrame:
    """Web sessions per day and source/medium, plus one monthly row with no day dimension."""
    days = cal.days
    growth = 1 + 0.25 * cal.t
    weekend = np.where(cal.weekday >= 5, 0.85, 1.0)
    # the newsletter goes out on Thursdays and on the first day of each campaign
    send = (cal.weekday == 3).astype(np.float64)
    starts = np.flatnonzero(np.diff(cal.campaign, prepend=0) > 0)
    send[starts] = 1.0
    newsletter = spread_over_days(send * 330 * growth, (1.0, 0.33, 0.11))
    expected = []
    for source, _medium, network, share, _conv, _eng, _leads in SOURCES:
        if network:
            per_unit, base = SOCIAL[network]
            clicks = drivers[network] * per_unit + base * accounts
            expected.append(clicks * share * lognormal(rng, 0.15, days))
        else:
            level = share * accounts * growth * weekend * cal.traffic
            if source == "newsletter":
                level = level + newsletter * accounts
            expected.append(level * lognormal(rng, 0.12, days))
    sessions = poisson(rng, np.array(expected))
    conv_rate = np.array([s[4] for s in SOURCES])[:, None] * np.where(cal.campaign > 0, 1.25, 1.0)
    conversions = binomial(rng, sessions, conv_rate * lognormal(rng, 0.1, sessions.shape))
    engaged = binomial(
        rng, sessions, np.array([s[5] for s in SOURCES])[:, None] * lognormal(rng, 0.05, sessions.shape)
    )
    leads = binomial(rng, sessions, 0.005)
    basket = np.where(cal.campaign == 1, 1.3, np.where(cal.campaign == 2, 0.85, 1.0))
    revenue = conversions * 38.0 * basket * lognormal(rng, 0.18, sessions.shape)
    # day-major rows: every source of a day, then the next day
    n_src = len(SOURCES)
    src = np.tile(np.arange(n_src), days)
    dates = cal.date_series().gather(np.repeat(np.arange(days), n_src))

    def rows(values: np.ndarray) -> np.ndarray:
        return values.T.ravel()

    frame = pl.DataFrame(
        [
            dates.alias("date"),
            dates.alias("date_end"),
            pl.Series("source", [s[0] for s in SOURCES]).gather(src),
            pl.Series("medium", [s[1] for s in SOURCES]).gather(src),
            ints("sessions", rows(sessions)),
            ints("engaged_sessions", rows(engaged)),
            ints("conversions", rows(conversions)),
            ints("leads", rows(leads), np.array([s[6] for s in SOURCES])[src]),
            fixed("revenue", rows(revenue)),
        ]
    )
    frame = frame.filter(pl.col("sessions") > 0)  # analytics tools omit empty rows
    monthly = monthly_row(cal, accounts, rng)
    if monthly is not None:
        frame = pl.concat([frame, monthly]).sort("date", maintain_order=True)
    return frame


def monthly_row(cal: Calendar, accounts: int, rng: np.random.RandomState) -> pl.DataFrame | None:
    """A referral export with no day dimension: one row covering a whole month.

    It is the month two months before the last one of the range (2026-09 for the demo).
    """
    end = cal.start + timedelta(days=cal.days - 1)
    index = end.year * 12 + end.month - 1 - 2
    first = date(index // 12, index % 12 + 1, 1)
    last = date((index + 1) // 12, (index + 1) % 12 + 1, 1) - timedelta(days=1)
    if first < cal.start:
        return None
    sessions = int(rng.poisson(1400 * accounts))
    engaged = int(rng.binomial(sessions, 0.64))
    conversions = int(rng.binomial(sessions, 0.03))
    revenue = conversions * 41.0 * float(rng.lognormal(0, 0.05))
    return pl.DataFrame(
        [
            pl.Series("date", [first]),
            pl.Series("date_end", [last]),
            pl.Series("source", ["partner-blog"]),
            pl.Series("medium", ["referral"]),
            ints("sessions", np.array([sessions])),
            ints("engaged_sessions", np.array([engaged])),
            ints("conversions", np.array([conversions])),
            ints("leads", np.array([0]), np.array([False])),
            fixed("revenue", np.array([revenue])),
        ]
    )


# --- workspace files ------------------------------------------------------------------------------

SETTINGS_TOML: Final = """\
# Bramble & Bean: the invented specialty coffee roaster of kpitui's demo.
# Written by sample_data/generate.py; change the generator, not this file.
name = "Bramble & Bean (demo)"
timezone = "Europe/Paris"
currency = "EUR"
brand_hashtags = ["brambleandbean", "brewbetter"]
brand_mentions = ["@brambleandbean"]

# The link-in-bio page belongs to Instagram. "newsletter" is deliberately not
# mapped: email sessions belong to no network and count only in the
# denominator of the social traffic share.
[sources]
"linktr.ee" = "instagram"
"""

OBJECTIVES_HEADER: Final = (
    "# kpitui objectives. Written by kpitui; safe to edit by hand.\n"
    '# Each [[objective]] has: id, title, network (a network or "all"), kpi (an id from\n'
    '# KPIS.md), comparison (">=" or "<="), target (ratios as fractions: 0.045 = 4.5%),\n'
    "# period (2026-Q1, 2026-03, 2026-H1, 2026, 2026-W14, 2026-01-01..2026-03-31, last-28d, mtd,"
    " qtd, ytd).\n"
)


@dataclass(frozen=True, slots=True)
class Objective:
    """One demo objective, as kpitui stores it in objectives.toml (its title in English, and in
    French for the French demo's objectives.fr.toml)."""

    id: str
    title: str
    network: str
    kpi: str
    comparison: str
    target: float
    period: str
    title_fr: str


OBJECTIVES: Final = (
    # At the as-of date 2026-11-15 (the last day of the demo) these show every status:
    Objective(
        "instagram-engagement_rate-2026-q3",
        "Instagram engagement rate ≥ 5.5% in Q3 2026",
        "instagram",
        "engagement_rate",
        ">=",
        0.055,
        "2026-Q3",
        "Taux d'engagement Instagram ≥ 5,5\u00a0% au T3 2026",
    ),  # achieved (6.1%)
    Objective(
        "facebook-link_clicks-2026-q3",
        "Facebook link clicks ≥ 800 in Q3 2026",
        "facebook",
        "link_clicks",
        ">=",
        800.0,
        "2026-Q3",
        "Clics sur les liens Facebook ≥ 800 au T3 2026",
    ),  # missed (589)
    Objective(
        "all-social_traffic_share-2026-q3",
        "Social traffic share ≥ 7.5% in Q3 2026",
        "all",
        "social_traffic_share",
        ">=",
        0.075,
        "2026-Q3",
        "Part du trafic venu des réseaux sociaux ≥ 7,5\u00a0% au T3 2026",
    ),  # achieved (8.3%)
    Objective(
        "linkedin-engagement_rate-2026-q4",
        "LinkedIn engagement rate ≥ 4% in Q4 2026",
        "linkedin",
        "engagement_rate",
        ">=",
        0.04,
        "2026-Q4",
        "Taux d'engagement LinkedIn ≥ 4\u00a0% au T4 2026",
    ),  # on track (4.7%)
    Objective(
        "all-sessions-2026-q4",
        "Sessions from social ≥ 6,000 in Q4 2026",
        "all",
        "sessions",
        ">=",
        6000.0,
        "2026-Q4",
        "Sessions venues des réseaux sociaux ≥ 6\u00a0000 au T4 2026",
    ),  # at risk (projected 5,382)
    Objective(
        "tiktok-views-2026-q4",
        "TikTok views ≥ 300,000 in Q4 2026",
        "tiktok",
        "views",
        ">=",
        300000.0,
        "2026-Q4",
        "Vues TikTok ≥ 300\u00a0000 au T4 2026",
    ),  # achieved while running (325k)
    Objective(
        "tiktok-followers-2026-q4",
        "TikTok followers ≥ 16,000 by the end of 2026",
        "tiktok",
        "followers",
        ">=",
        16000.0,
        "2026-Q4",
        "Abonnés TikTok ≥ 16\u00a0000 d'ici fin 2026",
    ),  # at risk (14,694)
    Objective(
        "youtube-dislikes-2026-h2",
        "YouTube dislikes ≤ 400 in H2 2026",
        "youtube",
        "dislikes",
        "<=",
        400.0,
        "2026-H2",
        "«\u00a0Je n'aime pas\u00a0» YouTube ≤ 400 au S2 2026",
    ),  # on track (projected 297)
    Objective(
        "instagram-link_clicks-2026-q4",
        "Instagram link clicks ≥ 200 in Q4 2026",
        "instagram",
        "link_clicks",
        ">=",
        200.0,
        "2026-Q4",
        "Clics sur les liens Instagram ≥ 200 au T4 2026",
    ),  # no data: IG has no clicks
    Objective(
        "all-engagement_rate-2027-q1",
        "Engagement rate ≥ 4.5% on all networks in Q1 2027",
        "all",
        "engagement_rate",
        ">=",
        0.045,
        "2027-Q1",
        "Taux d'engagement ≥ 4,5\u00a0% sur tous les réseaux au T1 2027",
    ),  # not started
)


def _toml_string(text: str) -> str:
    """A TOML basic string, escaped the way tomli-w writes it."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def objectives_toml(objectives: Sequence[Objective], *, french: bool = False) -> str:
    """objectives.toml in the layout kpitui itself writes (schema_version 1); `french`: with the
    French titles (the French demo's objectives.fr.toml)."""
    parts = [OBJECTIVES_HEADER, "schema_version = 1\n"]
    for o in objectives:
        parts.append(
            "\n[[objective]]\n"
            f"id = {_toml_string(o.id)}\n"
            f"title = {_toml_string(o.title_fr if french else o.title)}\n"
            f"network = {_toml_string(o.network)}\n"
            f"kpi = {_toml_string(o.kpi)}\n"
            f"comparison = {_toml_string(o.comparison)}\n"
            f"target = {o.target!r}\n"
            f"period = {_toml_string(o.period)}\n"
        )
    return "".join(parts)


# --- the whole brand ------------------------------------------------------------------------------


def account_sizes(accounts: int, rng: np.random.RandomState) -> np.ndarray:
    """Audience size of each account relative to the main one (which is 1)."""
    sizes = np.clip(rng.lognormal(-0.5, 0.6, accounts), 0.05, 2.0)
    sizes[0] = 1.0
    return sizes


def write_csv(frame: pl.DataFrame, handle: IO[bytes], *, header: bool) -> None:
    """Append `frame` to an open CSV file (UTF-8, `\\n` line ends, ISO dates)."""
    frame.write_csv(handle, include_header=header, line_terminator="\n", quote_style="necessary")


def generate(
    out: Path,
    *,
    seed: int = DEFAULT_SEED,
    start: date = DEFAULT_START,
    end: date = DEFAULT_END,
    posts: int | None = None,
) -> dict[str, int]:
    """Write posts.csv, daily.csv, traffic.csv, kpitui.toml, objectives.toml and objectives.fr.toml
    into `out`.

    `posts=None` makes the demo brand (one account per network). Otherwise
    posting frequency is scaled so that about `posts` posts are written in
    total, with several accounts per network above POSTS_PER_ACCOUNT.
    Returns the number of rows written per table.
    """
    cal = calendar(start, end)
    if posts is None:
        accounts, freq = 1, 1.0
    else:
        if posts < 1:
            raise ValueError("--posts must be at least 1")
        accounts = max(1, math.ceil(posts / POSTS_PER_ACCOUNT))
        freq = posts / (expected_posts(cal) * accounts)
    out.mkdir(parents=True, exist_ok=True)
    names = account_names(accounts)
    rows = {"posts": 0, "daily": 0, "traffic": 0}
    drivers: dict[str, np.ndarray] = {}
    with (out / "posts.csv").open("wb") as posts_file, (out / "daily.csv").open("wb") as daily_file:
        for index, network in enumerate(NETWORKS):
            spec = SPECS[network]
            rng = np.random.RandomState([seed, index])
            aud = audience(spec, cal, account_sizes(accounts, rng), rng)
            made = make_posts(spec, cal, aud, freq, rng)
            frame = posts_frame(spec, cal, made, names, index, rng)
            daily = daily_frame(spec, cal, aud, made, frame, names, rng)
            write_csv(frame, posts_file, header=index == 0)
            write_csv(daily.frame, daily_file, header=index == 0)
            drivers[network] = daily.driver
            rows["posts"] += frame.height
            rows["daily"] += daily.frame.height
    traffic = traffic_frame(cal, drivers, accounts, np.random.RandomState([seed, len(NETWORKS)]))
    with (out / "traffic.csv").open("wb") as handle:
        write_csv(traffic, handle, header=True)
    rows["traffic"] = traffic.height
    (out / "kpitui.toml").write_bytes(SETTINGS_TOML.encode("utf-8"))
    (out / "objectives.toml").write_bytes(objectives_toml(OBJECTIVES).encode("utf-8"))
    (out / "objectives.fr.toml").write_bytes(objectives_toml(OBJECTIVES, french=True).encode("utf-8"))
    return rows


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; prints one summary line."""
    parser = argparse.ArgumentParser(
        description="Write the Bramble & Bean demo data (canonical CSV) for kpitui.",
    )
    parser.add_argument("--out", type=Path, help=f"output folder (default: {DEFAULT_OUT})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default 7)")
    parser.add_argument("--posts", type=int, help="about this many posts in total (needs --out)")
    parser.add_argument("--start", type=_day, default=DEFAULT_START, help="first day")
    parser.add_argument("--end", type=_day, default=DEFAULT_END, help="last day")
    parser.add_argument(
        "--exports",
        type=Path,
        help=f"also write the data as native export files here (default for the demo: {DEFAULT_EXPORTS})",
    )
    args = parser.parse_args(argv)
    if args.posts is not None and args.out is None:
        parser.error("--posts needs --out: the committed demo stays the default brand")
    if args.posts is not None and args.posts < 1:
        parser.error("--posts must be at least 1")
    if args.end < args.start:
        parser.error(f"--end {args.end} is before --start {args.start}")
    out = args.out or DEFAULT_OUT
    began = time.perf_counter()
    rows = generate(out, seed=args.seed, start=args.start, end=args.end, posts=args.posts)
    elapsed = time.perf_counter() - began
    print(
        f"{out}: posts.csv {rows['posts']:,} rows, daily.csv {rows['daily']:,} rows, "
        f"traffic.csv {rows['traffic']:,} rows ({elapsed:.1f} s)"
    )
    exports = args.exports or (DEFAULT_EXPORTS if args.out is None and args.posts is None else None)
    if exports is not None:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import native

        began = time.perf_counter()
        written = native.write_all(native.load(out), exports)
        files = sum(len(paths) for paths in written.values())
        print(f"{exports}: {files} native export files ({time.perf_counter() - began:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
