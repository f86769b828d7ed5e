"""The review page's HTML (see :mod:`redactor.review.build`): markup, style and a little script.

Every value from the outputs is HTML-escaped; the page loads nothing but the redacted audio and
the waveform images next to it, and its Content-Security-Policy forbids anything else.
"""

from __future__ import annotations

import zlib
from collections import Counter
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from redactor.report_schema import RedactionEntry
from redactor.review.links import TAG
from redactor.types import Interval, covered_seconds

if TYPE_CHECKING:
    from redactor.review.recording import Recording

_COLOURS = {
    "PERSON": "#e53935",
    "DATE_OF_BIRTH": "#8e24aa",
    "DATE_TIME": "#f06292",
    "PHONE_NUMBER": "#1e88e5",
    "EMAIL_ADDRESS": "#00897b",
    "LOCATION": "#43a047",
    "ID_NUMBER": "#fb8c00",
    "US_DRIVER_LICENSE": "#c0ca33",
    "US_SSN": "#6d4c41",
}
_PALETTE = ["#d81b60", "#3949ab", "#00acc1", "#f4511e", "#7cb342", "#fdd835", "#5d4037"]
FAIL_CLOSED_COLOUR = "#616161"


def entity_colour(entity_type: str) -> str:
    """A stable colour for an entity type, the same in every batch.

    >>> entity_colour("PERSON")
    '#e53935'
    """
    if entity_type in _COLOURS:
        return _COLOURS[entity_type]
    return _PALETTE[zlib.crc32(entity_type.encode()) % len(_PALETTE)]


def seconds_text(seconds: float) -> str:
    """A duration for people: ``'22.8 s'``, ``'3 min 05 s'``, ``'2 h 01 min'``.

    >>> seconds_text(22.78), seconds_text(185), seconds_text(7260)
    ('22.8 s', '3 min 05 s', '2 h 01 min')
    """
    if seconds < 60:
        return f"{seconds:.1f} s"
    if seconds < 3600:
        return f"{int(seconds // 60)} min {int(seconds % 60):02d} s"
    return f"{int(seconds // 3600)} h {int(seconds % 3600 // 60):02d} min"


def render_page(recordings: list[Recording], title: str = "Redaction review") -> str:
    """The whole page for a batch: summary, filter, and one row per manifest line."""
    rows = "\n".join(_row(number, r) for number, r in enumerate(recordings, start=1))
    return _PAGE.format(
        title=escape(title), css=_CSS, script=_SCRIPT, summary=_summary(recordings), rows=rows
    )


def _summary(recordings: list[Recording]) -> str:
    reports = [r.report for r in recordings if r.report is not None]
    statuses = Counter(r.status for r in recordings)
    verified = [rep.verification for rep in reports if rep.verification is not None]
    passed = sum(1 for v in verified if v.passed and not v.findings)
    heard = sum(1 for r in recordings if "verification findings" in r.attention)
    hours = sum(float(rep.duration) for rep in reports) / 3600
    not_run = len(reports) - len(verified)
    cards = [
        ("Files", f"{len(recordings)}", ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))),
        ("Audio", f"{hours:.2f} h", seconds_text(hours * 3600)),
        ("Redacted", seconds_text(sum(rep.redacted_seconds for rep in reports)), "beeped"),
        ("Failures", f"{statuses.get('failed', 0)}", "no redacted output"),
        ("Verification", f"{passed} passed", f"{heard} with findings, {not_run} not run"),
        ("Attention", f"{sum(1 for r in recordings if r.attention)}", "files to review"),
    ]
    card_html = "".join(
        f'<div class="card"><div class="label">{escape(label)}</div>'
        f'<div class="value">{escape(value)}</div><div class="note">{escape(note)}</div></div>'
        for label, value, note in cards
    )
    by_type: dict[tuple[str, bool], list[Interval]] = {}
    for rep in reports:
        for red in rep.redactions:
            key = (red.entity_type, red.reason != "phi")
            by_type.setdefault(key, []).append(Interval(red.start, red.end))
    table = "".join(
        f"<tr><td>{_swatch(kind, closed)} {escape(kind)}</td>"
        f"<td>{'fail-closed' if closed else 'PHI'}</td><td class=num>{len(spans)}</td>"
        f"<td class=num>{covered_seconds(spans):.1f} s</td></tr>"
        for (kind, closed), spans in sorted(by_type.items(), key=lambda item: -len(item[1]))
    )
    return (
        f'<div class="cards">{card_html}</div><table class="types"><thead><tr><th>Entity type'
        "</th><th>Reason</th><th>Redactions</th><th>Seconds</th></tr></thead>"
        f"<tbody>{table or '<tr><td colspan=4>No redactions.</td></tr>'}</tbody></table>"
    )


def _swatch(entity_type: str, fail_closed: bool = False) -> str:
    style = "" if fail_closed else f' style="background:{entity_colour(entity_type)}"'
    return f'<span class="swatch{" hatch" if fail_closed else ""}"{style}></span>'


def _row(number: int, recording: Recording) -> str:
    report, player = recording.report, f"player-{number}"
    facts: list[str] = []
    if report is not None:
        facts = [seconds_text(report.duration), f"{len(report.redactions)} redactions"]
        facts.append(f"{seconds_text(report.redacted_seconds)} beeped")
    if recording.note:
        facts.append(escape(recording.note))
    badges = f'<span class="badge {escape(recording.status)}">{escape(recording.status)}</span>'
    badges += "".join(
        f'<span class="badge warn">{escape(a)}</span>' for a in recording.attention if a != "failed"
    )
    parts = [
        f'<header><h2>{escape(recording.input)}</h2><span class="facts">'
        f"{badges} {' · '.join(facts)}</span></header>"
    ]
    if recording.error:
        parts.append(f'<p class="error"><b>Error:</b> {escape(recording.error)}</p>')
    if recording.warning:
        parts.append(f'<p class="error"><b>Warning:</b> {escape(recording.warning)}</p>')
    if recording.waveform is not None and report is not None:
        parts.append(
            f'<div class="wave" data-player="{player}" data-duration="{report.duration}">'
            f'<img src="{escape(quote(recording.waveform))}" alt="waveform of the redacted audio">'
            f'<div class="playhead"></div></div><div class="axis"><span>0 s</span>'
            f"<span>{seconds_text(report.duration)}</span></div>"
        )
    if recording.audio is not None:
        parts.append(
            f'<audio id="{player}" controls preload="metadata" '
            f'src="{escape(quote(recording.audio))}"></audio>'
        )
    if recording.transcript is not None and report is not None:
        parts.append(f'<p class="transcript">{_transcript(recording, player)}</p>')
    if report is not None and report.redactions:
        chips = "".join(_chip(red, player) for red in report.redactions)
        parts.append(f'<div class="chips"><span class="label">Redactions:</span> {chips}</div>')
    status = escape(recording.status)
    return (
        f'<article class="rec status-{status}" data-status="{status}" '
        f'data-attention="{1 if recording.attention else 0}">{"".join(parts)}</article>'
    )


def _transcript(recording: Recording, player: str) -> str:
    """The redacted transcript, each known tag a link that plays its redaction."""
    assert recording.transcript is not None and recording.report is not None
    redactions = recording.report.redactions
    known = {r.entity_type for r in redactions}
    closed = {r.entity_type for r in redactions if r.reason != "phi"}
    pieces, cursor, count = [], 0, 0
    for match in TAG.finditer(recording.transcript):
        if match.group(1) not in known:
            continue
        pieces.append(escape(recording.transcript[cursor : match.start()]))
        kind, cursor = match.group(1), match.end()
        link = recording.links[count] if count < len(recording.links) else None
        count += 1
        style = f'style="--c:{FAIL_CLOSED_COLOUR if kind in closed else entity_colour(kind)}"'
        if link is None:
            title = "time unknown: see the redaction list"
            pieces.append(f'<span class="tag" {style} title="{title}">[{escape(kind)}]</span>')
        else:
            start = redactions[link].start
            pieces.append(
                f'<a href="#{player}" class="tag" {style} data-player="{player}" '
                f'data-seek="{start}" title="play from {start:.2f} s">[{escape(kind)}]</a>'
            )
    pieces.append(escape(recording.transcript[cursor:]))
    return "".join(pieces)


def _chip(redaction: RedactionEntry, player: str) -> str:
    kind, closed = redaction.entity_type, redaction.reason != "phi"
    speaker = f" · {redaction.speaker}" if redaction.speaker else ""
    label = f"{kind} {redaction.start:.1f}–{redaction.end:.1f} s{speaker}"
    colour = FAIL_CLOSED_COLOUR if closed else entity_colour(kind)
    return (
        f'<a href="#{player}" class="chip{" hatch" if closed else ""}" style="--c:{colour}" '
        f'data-player="{player}" data-seek="{redaction.start}" '
        f'title="{escape(redaction.reason)}, score {redaction.score}, '
        f'{escape(redaction.recognizer)}">{escape(label)}</a>'
    )


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' file:;
 media-src 'self' file:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{css}</style></head>
<body><h1>{title}</h1>
<p class="intro">Built from the redacted outputs, reports and manifest only. Click a tag in a
transcript, a redaction, or the waveform to play from there.</p>
<section class="summary">{summary}</section>
<div class="controls" role="radiogroup">Show:
<label><input type="radio" name="show" value="all" checked> all files</label>
<label><input type="radio" name="show" value="attention"> needing attention</label>
<label><input type="radio" name="show" value="failed"> failed</label>
<span id="shown"></span>
<span class="legend"><span class="swatch hatch"></span> fail-closed (untranscribed or
unreliable speech)</span></div>
<main id="rows">{rows}</main>
<script>{script}</script></body></html>
"""

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
 max-width:1060px;padding:16px 20px;color:#212121;background:#f5f6f8}
h1{font-size:22px;margin:4px 0}h2{font-size:16px;margin:0 10px 0 0;display:inline}
.intro{color:#555;margin:2px 0 12px}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:10px}
.card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:6px 12px;min-width:120px}
.card .label{font-size:11px;text-transform:uppercase;color:#666}.card .value{font-size:20px}
.card .note{font-size:12px;color:#666}
table.types{border-collapse:collapse;background:#fff;border:1px solid #dde1e6;font-size:13px}
.types th,.types td{padding:3px 10px;border-bottom:1px solid #eee;text-align:left}
.types td.num{text-align:right}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px}
.hatch{background:repeating-linear-gradient(45deg,#616161 0 2px,#e0e0e0 2px 5px)}
.controls{margin:14px 0 8px;display:flex;gap:14px;align-items:center;flex-wrap:wrap}
.legend{margin-left:auto;color:#555;font-size:12px}#shown{color:#666}
.rec{background:#fff;border:1px solid #dde1e6;border-left:4px solid #43a047;border-radius:6px;
 padding:10px 14px;margin:0 0 12px}
.rec[data-attention="1"]{border-left-color:#fb8c00}.rec.status-failed{border-left-color:#e53935}
.facts{color:#555}.badge{display:inline-block;margin-right:6px;padding:0 7px;border-radius:9px;
 font-size:12px;border:1px solid}.warn{background:#fff3e0;color:#e65100;border-color:#ffcc80}
.badge.redacted{background:#e8f5e9;color:#2e7d32}.badge.failed{background:#ffebee;color:#c62828}
.badge.skipped{background:#eceff1;color:#455a64}
.error{background:#ffebee;border:1px solid #ef9a9a;padding:6px 10px;border-radius:4px;
 font-family:ui-monospace,monospace;font-size:12px;white-space:pre-wrap}
.wave{position:relative;margin-top:8px;cursor:pointer;line-height:0}
.wave img{width:100%;border:1px solid #e0e0e0;border-radius:3px}
.playhead{position:absolute;top:0;bottom:0;left:0;width:2px;background:#d50000;display:none}
.axis{display:flex;justify-content:space-between;font-size:11px;color:#777}
audio{width:100%;height:34px;margin:4px 0}
.transcript{margin:6px 0;padding:6px 10px;background:#fafafa;border-radius:4px}
.tag{color:var(--c);font-weight:600;text-decoration:none;border-bottom:2px solid var(--c);
 background:color-mix(in srgb,var(--c) 12%,transparent);padding:0 2px;border-radius:2px}
a.tag:hover,.chip:hover{filter:brightness(.8)}span.tag{border-bottom-style:dotted}
.chips{font-size:12px}.chips .label{color:#666}
.chip{display:inline-block;margin:2px 3px;padding:1px 7px;border-radius:10px;color:#fff;
 background:var(--c);text-decoration:none}
.chip.hatch{color:#fff;text-shadow:0 0 2px #000}
"""

_SCRIPT = """
const rows = [...document.querySelectorAll('.rec')];
function applyFilter() {
  const show = document.querySelector('input[name=show]:checked').value;
  let shown = 0;
  for (const row of rows) {
    const visible = show === 'all' || (show === 'failed' ? row.dataset.status === 'failed'
      : row.dataset.attention === '1');
    row.hidden = !visible; shown += visible;
  }
  document.getElementById('shown').textContent = shown + ' of ' + rows.length + ' shown';
}
for (const input of document.querySelectorAll('input[name=show]')) {
  input.addEventListener('change', applyFilter);
}
applyFilter();
function play(player, seconds) {
  player.currentTime = seconds;
  const started = player.play();
  if (started) started.catch(() => {});
}
document.addEventListener('click', event => {
  const link = event.target.closest('[data-seek]');
  if (link) {
    event.preventDefault();
    play(document.getElementById(link.dataset.player), parseFloat(link.dataset.seek));
    return;
  }
  const wave = event.target.closest('.wave');
  if (wave) {
    const box = wave.getBoundingClientRect();
    const seconds = (event.clientX - box.left) / box.width * parseFloat(wave.dataset.duration);
    play(document.getElementById(wave.dataset.player), seconds);
  }
});
for (const wave of document.querySelectorAll('.wave')) {
  const player = document.getElementById(wave.dataset.player);
  const head = wave.querySelector('.playhead');
  if (!player) continue;
  player.addEventListener('timeupdate', () => {
    head.style.display = 'block';
    head.style.left = (100 * player.currentTime / parseFloat(wave.dataset.duration)) + '%';
  });
}
"""
