"""Tables, CSV and gnuplot plots of a comparison run (files in, files out; no processes)."""

import csv
import os
import subprocess

FIELDS = ["route", "path", "target", "concurrency", "rps", "p50_ms", "p95_ms", "p99_ms", "requests",
          "non_2xx", "socket_errors", "cpu_percent", "rss_mb_per_worker", "pss_mb_per_worker", "rps_vs_fpm"]


def add_ratios(rows, baseline="fpm"):
    """rps_vs_fpm: a row's req/s over the baseline's at the same route and concurrency."""
    base = {(r["route"], r["concurrency"]): r["rps"] for r in rows if r["target"] == baseline}
    for row in rows:
        reference = base.get((row["route"], row["concurrency"]))
        row["rps_vs_fpm"] = round(row["rps"] / reference, 2) if reference else ""


def write_csv(path, rows, fields=FIELDS):
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _ratio(value):
    return f"{value:.2f}x" if value != "" else "-"


def markdown_table(rows):
    lines = ["| route | conc. | target | req/s | vs FPM | p50 ms | p95 ms | p99 ms | errors | CPU % | RSS MB/worker | PSS MB/worker |",
             "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['route']} | {r['concurrency']} | {r['target']} | {r['rps']:.0f} | {_ratio(r['rps_vs_fpm'])} | "
                     f"{r['p50_ms']:.2f} | {r['p95_ms']:.2f} | {r['p99_ms']:.2f} | {r['non_2xx'] + r['socket_errors']} | "
                     f"{r['cpu_percent']:.0f} | {r['rss_mb_per_worker']:.1f} | {r['pss_mb_per_worker']:.1f} |")
    return "\n".join(lines)


def ceiling_table(ceilings, rows, workers):
    """One core of PHP alone, times the worker count, against the best HTTP result per route."""
    lines = [f"| route | ceiling req/s (1 core) | x {workers} workers | best runtime-supercharger req/s | best FPM req/s |",
             "|---|---:|---:|---:|---:|"]
    for route, result in ceilings.items():
        def best(target):
            values = [r["rps"] for r in rows if r["route"] == route and r["target"] == target]
            return f"{max(values):.0f}" if values else "-"
        lines.append(f"| {route} | {result['rps']:.0f} | {result['rps'] * workers:.0f} | "
                     f"{best('supercharger-http')} | {best('fpm')} |")
    return "\n".join(lines)


def _gnuplot(script_path, script):
    with open(script_path, "w") as handle:
        handle.write(script)
    subprocess.run(["gnuplot", script_path], check=True, capture_output=True, timeout=60)


def plot_comparison(out_dir, rows, routes, targets):
    """rps.png and p99.png: one panel per route, one line per target, concurrency on a log axis."""
    data_files = {}
    for route in routes:
        for target in targets:
            points = sorted((r["concurrency"], r["rps"], r["p99_ms"]) for r in rows
                            if r["route"] == route and r["target"] == target)
            if not points:
                continue
            path = os.path.join(out_dir, f"plot-{route}-{target}.dat")
            with open(path, "w") as handle:
                handle.writelines(f"{c} {rps:.1f} {p99:.3f}\n" for c, rps, p99 in points)
            data_files[(route, target)] = path
    images = []
    for metric, column, ylabel in (("rps", 2, "requests per second"), ("p99", 3, "p99 latency (ms)")):
        image = os.path.join(out_dir, f"{metric}.png")
        panels = []
        for route in routes:
            curves = [f"'{data_files[(route, t)]}' using 1:{column} with linespoints title '{t}'"
                      for t in targets if (route, t) in data_files]
            if curves:
                panels.append(f"set title '{route}'\nplot " + ", ".join(curves))
        if not panels:
            continue
        columns = 2 if len(panels) > 1 else 1
        rows_count = (len(panels) + columns - 1) // columns
        _gnuplot(os.path.join(out_dir, f"{metric}.gp"),
                 f"set terminal pngcairo size {640 * columns},{420 * rows_count}\n"
                 f"set output '{image}'\nset logscale x 2\nset xlabel 'concurrent connections'\n"
                 f"set ylabel '{ylabel}'\nset key top left\nset grid\n"
                 f"set multiplot layout {rows_count},{columns}\n" + "\n".join(panels) + "\nunset multiplot\n")
        images.append(image)
    return images


def plot_series(image, data_path, title, xlabel, ylabel):
    """A single line plot of a two-column data file (leak test)."""
    _gnuplot(image + ".gp",
             f"set terminal pngcairo size 800,450\nset output '{image}'\nset title '{title}'\n"
             f"set xlabel '{xlabel}'\nset ylabel '{ylabel}'\nset grid\nset key top left\n"
             f"plot '{data_path}' using 1:2 with linespoints title 'RSS', '' using 1:3 with linespoints title 'PSS'\n")
    return image
