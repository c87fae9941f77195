/// The review page's script and style, served from the binary: no CDN, no build step.
enum ReviewAssets {
    /// Readable at 200 % zoom (relative units, one column when narrow), roles coloured with a
    /// text label beside the colour, and a print view of the transcript, notes and custody.
    static let style = #"""
        :root { --ink: #111; --muted: #555; --line: #ccd; --int: #0b5394; --child: #38761d; --other: #7f6000; }
        * { box-sizing: border-box; }
        body { font: 1rem/1.5 system-ui, sans-serif; margin: 0; color: var(--ink); background: #fff; }
        header, main { padding: 0.75rem 1.25rem; }
        header { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; border-bottom: 1px solid var(--line); }
        h1 { font-size: 1.3rem; margin: 0; }
        h2 { font-size: 1.05rem; margin: 1rem 0 0.4rem; }
        .verdict { margin: 0; padding: 0.25rem 0.75rem; border: 2px solid; font-weight: 600; }
        .verdict.valid { color: #0a5c0a; } .verdict.invalid { color: #a00; }
        .redacted-banner { background: #fff3cd; border: 2px solid #8a6d00; color: #3d3000; font-weight: 700;
          padding: 0.5rem 1.25rem; text-align: center; }
        .integrity { padding: 0.25rem 1.25rem 0.5rem; border-bottom: 1px solid var(--line); }
        .integrity p { margin: 0.25rem 0; } .hash { word-break: break-all; }
        .checks { columns: 2 20rem; list-style: none; padding: 0; margin: 0.4rem 0; }
        .checks .pass strong { color: #0a5c0a; } .checks .attention strong { color: #8a5300; }
        main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr); gap: 0 1.5rem; }
        .player { grid-column: 1 / -1; }
        .timeline { position: relative; border: 1px solid var(--line); height: 8rem; margin: 0.5rem 0; }
        #waveform { width: 100%; height: 6rem; display: block; cursor: pointer; }
        .phases { position: absolute; left: 0; right: 0; bottom: 0; height: 2rem; }
        .phase { position: absolute; bottom: 0; height: 2rem; overflow: hidden; white-space: nowrap; font-size: 0.75rem;
          padding: 0.4rem 0.25rem; border-left: 2px solid #888; background: #eef2f7; }
        .markers { position: absolute; left: 0; right: 0; top: 0; height: 6rem; pointer-events: none; }
        .marker { position: absolute; top: 0; width: 0.6rem; height: 6rem; margin-left: -0.3rem; border: 0; padding: 0;
          background: rgba(176, 0, 32, 0.35); pointer-events: auto; cursor: pointer; }
        .marker.kind-phase { background: rgba(11, 83, 148, 0.45); } .marker.kind-disclosure { background: rgba(176, 0, 32, 0.6); }
        .marker.kind-question-to-relay { background: rgba(127, 96, 0, 0.6); } .marker.kind-break { background: rgba(80, 80, 80, 0.5); }
        audio { width: 100%; }
        .keys { color: var(--muted); font-size: 0.85rem; margin: 0.25rem 0; }
        #search { width: 100%; font: inherit; padding: 0.3rem 0.5rem; margin-bottom: 0.5rem; }
        #cues { list-style: none; margin: 0; padding: 0; max-height: 60vh; overflow-y: auto; border: 1px solid var(--line); }
        .cue { padding: 0.3rem 0.6rem; border-left: 0.3rem solid transparent; cursor: pointer; }
        .cue:focus { outline: 2px solid #1a73e8; outline-offset: -2px; }
        .cue.current { background: #fff8c4; border-left-color: #b00020; }
        .cue.match .text { background: #d7ecff; }
        .cue .at { color: var(--muted); font-variant-numeric: tabular-nums; font-size: 0.85rem; }
        .cue .speaker { font-weight: 700; }
        .role-int .speaker { color: var(--int); } .role-child .speaker { color: var(--child); }
        .role-other .speaker, .role-interp .speaker { color: var(--other); }
        aside ol, aside ul { padding-left: 1.25rem; margin: 0; }
        .note { margin-bottom: 0.3rem; } .note .kind { font-weight: 600; } .note .author { color: var(--muted); }
        .note.superseded .text { text-decoration: line-through; }
        .note .seek, header button, .recordings button { font: inherit; cursor: pointer; }
        .bars text { font-size: 11px; fill: var(--ink); } .bars rect { fill: #5b6b7a; }
        .bars .bar-suggestive, .bars .bar-option-posing { fill: #b00020; } .bars .bar-invitation { fill: #38761d; }
        @media (max-width: 60rem) { main { grid-template-columns: 1fr; } }
        @media print {
          .no-print, .player, #search { display: none !important; }
          main { display: block; } #cues { max-height: none; overflow: visible; border: 0; }
          .cue.current { background: none; } .redacted-banner { position: static; }
          footer.redacted-banner { position: fixed; bottom: 0; left: 0; right: 0; }
        }
        """#
}
