/// The observation room's script and style, served from the binary: no CDN, no build step.
enum ObservationAssets {
    /// Polls /state twice a second (a dropped network is simply retried, and a reconnecting
    /// page gets everything it missed), plays /audio through Web Audio as it arrives, and posts
    /// notes and answers as JSON. Text from the room is set as text, never as markup.
    static let script = #"""
        "use strict";
        (() => {
          const $ = (id) => document.getElementById(id);
          const interviewer = document.body.dataset.interviewer === "true";
          let after = 0;
          const clock = (ms) => {
            const s = Math.floor(ms / 1000), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
            return (h ? h + ":" : "") + String(m).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
          };
          const item = (parts, className) => {
            const li = document.createElement("li");
            if (className) li.className = className;
            for (const [cls, text] of parts) {
              const span = document.createElement("span");
              span.className = cls;
              span.textContent = text;
              li.append(span, " ");
            }
            return li;
          };
          const send = async (path, body) => {
            const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" },
              body: JSON.stringify(body || {}), credentials: "same-origin", cache: "no-store" });
            $("posted").textContent = response.ok ? "posted" : await response.text();
            return response.ok;
          };
          const questions = (list) => {
            const ol = $("questions");
            ol.replaceChildren(...list.map((q) => {
              const li = item([["at", q.offset_milliseconds == null ? "" : clock(q.offset_milliseconds)],
                ["author", q.author], ["text", q.text], ["status", q.status]], "question " + q.status);
              li.dataset.number = q.number;
              if (interviewer && q.status === "waiting") {
                for (const answer of ["asked", "declined"]) {
                  const button = document.createElement("button");
                  button.type = "button";
                  button.textContent = answer === "asked" ? "Asked" : "Declined";
                  button.className = "answer-" + answer;
                  button.addEventListener("click", () => send("/questions/" + q.number + "/" + answer));
                  li.append(button, " ");
                }
              }
              return li;
            }));
          };
          const poll = async () => {
            try {
              const response = await fetch("/state?after=" + after, { credentials: "same-origin", cache: "no-store" });
              if (response.status === 403) {
                $("listening").textContent = "you are no longer admitted to this room";
                return;
              }
              const state = await response.json();
              $("elapsed").textContent = clock(state.elapsed_ms);
              $("listening").textContent = { live: "recording", break: "break: no audio",
                ended: "the recording has ended" }[state.listening] || "";
              $("phase").textContent = state.phase ? "phase: " + state.phase : "";
              for (const e of state.events) {
                const li = item([["at", e.offset_milliseconds == null ? "" : clock(e.offset_milliseconds)],
                  ["kind", e.kind], ["author", e.author], ["text", e.text]], "note kind-" + e.kind);
                li.dataset.sequence = e.sequence;
                $("notes").append(li);
                after = Math.max(after, e.sequence);
              }
              questions(state.questions);
              if (state.listening === "ended") return;
            } catch (error) {
              $("listening").textContent = "reconnecting…";
            }
            setTimeout(poll, 500);
          };
          for (const button of document.querySelectorAll("button.quick")) {
            button.addEventListener("click", async () => {
              if (await send("/notes", { kind: button.dataset.kind, text: $("text").value || button.dataset.kind })) {
                $("text").value = "";
              }
            });
          }
          $("ask").addEventListener("click", async () => {
            if ($("question").value.trim() && await send("/notes", { kind: "question-to-relay", text: $("question").value })) {
              $("question").value = "";
            }
          });

          // Live audio: frames of [u64 first frame][u32 length][PCM], played as they come.
          const decoders = {
            int16: [2, (v, i) => v.getInt16(i, true) / 32768],
            int24: [3, (v, i) => ((v.getUint8(i) | v.getUint8(i + 1) << 8 | v.getInt8(i + 2) << 16)) / 8388608],
            int32: [4, (v, i) => v.getInt32(i, true) / 2147483648],
            float32: [4, (v, i) => v.getFloat32(i, true)],
          };
          window.vitniLive = { firstFrame: null, bytes: [], chunks: 0 };
          const listen = async () => {
            $("listen").disabled = true;
            $("listen").setAttribute("aria-pressed", "true");
            const response = await fetch("/audio", { credentials: "same-origin", cache: "no-store" });
            const format = Object.fromEntries((response.headers.get("X-Vitni-Audio") || "").split(";")
              .map((pair) => pair.split("=")));
            const rate = +format.rate, channels = +format.channels, [width, sample] = decoders[format.encoding];
            const context = new AudioContext({ sampleRate: rate });
            let playAt = 0, pending = new Uint8Array(0);
            const reader = response.body.getReader();
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              const joined = new Uint8Array(pending.length + value.length);
              joined.set(pending);
              joined.set(value, pending.length);
              pending = joined;
              while (pending.length >= 12) {
                const head = new DataView(pending.buffer, pending.byteOffset, 12);
                const first = head.getUint32(0, true) + head.getUint32(4, true) * 4294967296;
                const length = head.getUint32(8, true);
                if (pending.length < 12 + length) break;
                const pcm = pending.subarray(12, 12 + length);
                pending = pending.slice(12 + length);
                const live = window.vitniLive;
                live.chunks += 1;
                if (live.firstFrame === null) live.firstFrame = first;
                if (live.bytes.length < 262144 && first === live.firstFrame + live.bytes.length / (width * channels)) {
                  for (const byte of pcm) live.bytes.push(byte);
                }
                const frames = Math.floor(length / (width * channels));
                const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength);
                const buffer = context.createBuffer(channels, Math.max(1, frames), rate);
                let energy = 0;
                for (let c = 0; c < channels; c++) {
                  const out = buffer.getChannelData(c);
                  for (let f = 0; f < frames; f++) {
                    const x = sample(view, (f * channels + c) * width);
                    out[f] = x;
                    energy += x * x;
                  }
                }
                $("level").value = Math.min(1, Math.sqrt(energy / Math.max(1, frames * channels)) * 4);
                const source = context.createBufferSource();
                source.buffer = buffer;
                source.connect(context.destination);
                // Never more than a second behind: a backlog after a stall is dropped.
                if (playAt < context.currentTime || playAt > context.currentTime + 1) playAt = context.currentTime + 0.05;
                source.start(playAt);
                playAt += frames / rate;
              }
            }
            $("listen").disabled = false;
            $("listen").setAttribute("aria-pressed", "false");
          };
          $("listen").addEventListener("click", () => listen().catch(() => { $("listen").disabled = false; }));
          poll();
        })();
        """#

    static let style = #"""
        :root { --ink: #111; --muted: #555; --line: #ccd; }
        * { box-sizing: border-box; }
        body { font: 1rem/1.5 system-ui, sans-serif; margin: 0; color: var(--ink); background: #fff; }
        header, main { padding: 0.75rem 1.25rem; }
        header { border-bottom: 1px solid var(--line); }
        h1 { font-size: 1.3rem; margin: 0; } h2 { font-size: 1.05rem; margin: 1rem 0 0.4rem; }
        main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(16rem, 1fr); gap: 0 1.5rem; }
        .live { grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
        .clock { font-size: 1.6rem; font-variant-numeric: tabular-nums; margin: 0; }
        #listening, #phase { font-size: 1rem; color: var(--muted); margin-left: 0.75rem; }
        meter { width: 12rem; height: 1.2rem; }
        textarea { width: 100%; font: inherit; }
        button { font: inherit; cursor: pointer; }
        ol { padding-left: 1.25rem; } .at { color: var(--muted); font-variant-numeric: tabular-nums; }
        .kind { font-weight: 600; } .author { color: var(--muted); }
        .question.asked .status { color: #0a5c0a; } .question.declined .status { color: #a00; }
        .question.waiting .status { color: #8a5300; font-weight: 600; }
        @media (max-width: 50rem) { main { grid-template-columns: 1fr; } }
        """#
}
