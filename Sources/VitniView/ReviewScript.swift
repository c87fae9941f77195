extension ReviewAssets {
    /// The review page's behaviour: the transcript follows the audio, lines and notes seek it,
    /// search, keyboard shortcuts and the waveform. Plain JavaScript reading the page's `data-`
    /// attributes; it fetches nothing but this server's own peaks.
    static let script = #"""
        "use strict";
        (() => {
          const audio = document.getElementById("audio");
          const cues = Array.from(document.querySelectorAll("#cues .cue"));
          const starts = cues.map((cue) => Number(cue.dataset.start));
          const ends = cues.map((cue) => Number(cue.dataset.end));
          const timeline = document.getElementById("timeline");
          const canvas = document.getElementById("waveform");
          const search = document.getElementById("search");
          let current = -1;
          let peaks = null;

          for (const element of document.querySelectorAll("[data-left]")) {
            element.style.left = element.dataset.left + "%";
            if (element.dataset.width) element.style.width = element.dataset.width + "%";
          }

          function recording() { return audio ? Number(audio.dataset.recording) : 0; }

          function seek(milliseconds, number) {
            if (!audio) return;
            const go = () => { audio.currentTime = milliseconds / 1000; follow(); };
            if (number && number !== recording()) {
              switchTo(number, go);
            } else {
              go();
            }
          }

          function switchTo(number, then) {
            audio.pause();
            audio.dataset.recording = String(number);
            audio.src = "/audio/" + number;
            audio.setAttribute("aria-label", "Recording " + number);
            audio.addEventListener("loadedmetadata", () => { if (then) then(); }, { once: true });
            audio.load();
            loadPeaks(number);
          }

          /// The cue playing at `milliseconds`: the last that started before it, if it has not ended.
          function cueAt(milliseconds) {
            let low = 0, high = starts.length - 1, found = -1;
            while (low <= high) {
              const middle = (low + high) >> 1;
              if (starts[middle] <= milliseconds) { found = middle; low = middle + 1; } else { high = middle - 1; }
            }
            return found >= 0 && milliseconds < ends[found] ? found : -1;
          }

          function highlight(index, scroll) {
            if (index === current) return;
            if (current >= 0) { cues[current].classList.remove("current"); cues[current].removeAttribute("aria-current"); }
            current = index;
            if (index < 0) return;
            cues[index].classList.add("current");
            cues[index].setAttribute("aria-current", "true");
            if (scroll) cues[index].scrollIntoView({ block: "nearest" });
          }

          function follow() {
            if (!audio) return;
            const milliseconds = audio.currentTime * 1000;
            highlight(cueAt(milliseconds), true);
            draw();
          }

          function step(direction) {
            if (!cues.length) return;
            const milliseconds = audio ? audio.currentTime * 1000 : 0;
            let index = current;
            if (index < 0) index = starts.findIndex((start) => start > milliseconds) - (direction > 0 ? 1 : 0);
            index = Math.min(cues.length - 1, Math.max(0, index + direction));
            seek(starts[index]);
            highlight(index, true);
            cues[index].focus();
          }

          cues.forEach((cue, index) => {
            const go = () => { seek(starts[index]); highlight(index, false); };
            cue.addEventListener("click", go);
            cue.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); go(); } });
          });
          for (const button of document.querySelectorAll("[data-seek]")) {
            button.addEventListener("click", () => seek(Number(button.dataset.seek), Number(button.dataset.recording || 0)));
          }
          for (const button of document.querySelectorAll("button.recording")) {
            button.addEventListener("click", () => switchTo(Number(button.dataset.recording)));
          }
          const print = document.getElementById("print");
          if (print) print.addEventListener("click", () => window.print());

          if (search) {
            search.addEventListener("input", () => {
              const wanted = search.value.trim().toLocaleLowerCase();
              let first = -1;
              cues.forEach((cue, index) => {
                const hit = wanted !== "" && cue.textContent.toLocaleLowerCase().includes(wanted);
                cue.classList.toggle("match", hit);
                if (hit && first < 0) first = index;
              });
              if (first >= 0) cues[first].scrollIntoView({ block: "nearest" });
            });
            search.addEventListener("keydown", (event) => {
              if (event.key === "Enter") {
                const next = cues.findIndex((cue, index) => index > current && cue.classList.contains("match"));
                const index = next >= 0 ? next : cues.findIndex((cue) => cue.classList.contains("match"));
                if (index >= 0) { seek(starts[index]); highlight(index, true); }
              } else if (event.key === "Escape") {
                search.blur();
              }
            });
          }

          document.addEventListener("keydown", (event) => {
            const target = event.target;
            if (target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
            if (event.key === "/") { event.preventDefault(); if (search) search.focus(); return; }
            if (!audio) return;
            if (event.key === " " && !(target instanceof HTMLButtonElement) && target !== audio) {
              event.preventDefault();
              if (audio.paused) { audio.play(); } else { audio.pause(); }
            } else if (event.key === "ArrowLeft" && target !== audio) {
              event.preventDefault(); audio.currentTime = Math.max(0, audio.currentTime - 5); follow();
            } else if (event.key === "ArrowRight" && target !== audio) {
              event.preventDefault(); audio.currentTime = audio.currentTime + 5; follow();
            } else if (event.key === "n" || event.key === "N") {
              step(1);
            } else if (event.key === "p" || event.key === "P") {
              step(-1);
            }
          });

          function loadPeaks(number) {
            peaks = null;
            draw();
            fetch("/peaks/" + number, { credentials: "same-origin", cache: "no-store" })
              .then((response) => response.ok ? response.json() : null)
              .then((data) => { if (data && Number(audio.dataset.recording) === number) { peaks = data; draw(); } })
              .catch(() => {});
          }

          function draw() {
            if (!canvas) return;
            const context = canvas.getContext("2d");
            const width = canvas.width, height = canvas.height, middle = height / 2;
            context.clearRect(0, 0, width, height);
            context.fillStyle = "#5b6b7a";
            if (peaks && peaks.peaks.length) {
              const count = peaks.peaks.length;
              for (let x = 0; x < width; x++) {
                const [low, high] = peaks.peaks[Math.min(count - 1, Math.floor(x * count / width))];
                context.fillRect(x, middle - high * middle, 1, Math.max(1, (high - low) * middle));
              }
            } else {
              context.fillRect(0, middle, width, 1);
            }
            if (audio && audio.duration > 0) {
              context.fillStyle = "#b00020";
              context.fillRect(Math.round(audio.currentTime / audio.duration * width), 0, 2, height);
            }
          }

          if (canvas && timeline) {
            canvas.addEventListener("click", (event) => {
              const box = canvas.getBoundingClientRect();
              const duration = Number(timeline.dataset.duration);
              seek((event.clientX - box.left) / box.width * duration);
            });
          }
          if (audio) {
            audio.addEventListener("timeupdate", follow);
            audio.addEventListener("seeked", follow);
            loadPeaks(recording());
          }
        })();
        """#
}
