"""`vdcftui metrics show NODE|VSERVER [--metric M] [--since 1h|1d|30d|1y] [--json]`:
what the collectors measured, averaged per bucket with each bucket's least and
greatest sample (month and year from the hourly and daily rollups)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from vdcftui.commands.common import open_repo, say
from vdcftui.readmodel.metrics import METRICS, Series, load_series
from vdcftui.repo.lookup import measured_object

SINCE = {"1h": "hour", "1d": "day", "30d": "month", "1y": "year"}
"""--since value -> the span it shows."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `metrics` noun."""
    noun = subparsers.add_parser("metrics", help="what the collectors measured")
    verbs = noun.add_subparsers(dest="verb", metavar="VERB", required=True)
    show = verbs.add_parser("show", help="a node's, vServer's or pool's metrics over a span")
    show.add_argument("name", metavar="NODE|VSERVER|POOL")
    show.add_argument("--metric", choices=list(METRICS), help="one metric, point by point")
    show.add_argument("--since", choices=list(SINCE), default="1h", help="the span (1h)")
    show.add_argument("--json", action="store_true", help="print JSON, point by point")
    show.set_defaults(func=run_show)


def _summary(series: Series) -> dict[str, Any]:
    """The series as data: its points and, over the span, least, mean and greatest."""
    points = [
        {
            "time": moment.isoformat(timespec="seconds"),
            "average": round(value, 3),
            "min": extreme[0] if extreme else None,
            "max": extreme[1] if extreme else None,
        }
        for (moment, value), extreme in zip(
            series.points, series.extremes or [None] * len(series.points), strict=True
        )
    ]
    values = [value for _, value in series.points]
    lows = [low for low, _ in series.extremes] or values
    highs = [high for _, high in series.extremes] or values
    return {
        "unit": series.unit,
        "points": points,
        "min": min(lows) if lows else None,
        "average": round(mean, 3) if (mean := series.average()) is not None else None,
        "max": max(highs) if highs else None,
        "last": values[-1] if values else None,
    }


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def run_show(args: argparse.Namespace) -> int:
    """Print the metrics of one object over the span --since gives."""
    open_repo(args)
    kind, name = measured_object(args.name)
    span = SINCE[args.since]
    metrics = [args.metric] if args.metric else list(METRICS)
    summaries = {metric: _summary(load_series(kind, name, metric, span)) for metric in metrics}
    if args.json:
        data = {"object_type": kind, "name": name, "span": span, "metrics": summaries}
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    say(f"{kind} {name}, last {span}:")
    for metric, summary in summaries.items():
        if not summary["points"]:
            say(f"  {metric:<9} no samples")
            continue
        say(
            f"  {metric:<9} last {_number(summary['last'])}  min {_number(summary['min'])}  "
            f"avg {_number(summary['average'])}  max {_number(summary['max'])}  "
            f"{summary['unit']}  ({len(summary['points'])} points)"
        )
    if args.metric:
        say(f"{'TIME':<20} {'AVG':>10} {'MIN':>10} {'MAX':>10}")
        for point in summaries[args.metric]["points"]:
            say(
                f"{point['time']:<20} {_number(point['average']):>10} "
                f"{_number(point['min']):>10} {_number(point['max']):>10}"
            )
    return 0
