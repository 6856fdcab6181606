// Kiaraoke Studio: watch and correct word timings. Plain JS, no framework, nothing fetched but this service's API.
(() => {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const MIN_WORD_MS = 10;
  const EMA_ALPHA = 0.3; // Kiaraoke's progress smoothing
  const LAST_WORD_PAST_AT = 0.85; // a line's last word turns "past" at 85 % progress

  const state = {
    lines: [], // [{ text, words: [{ word, startMs, endMs, confidence }] }]
    source: "",
    durationMs: 0,
    energy: null, // Float32Array of RMS per ENERGY_STEP_MS
    pxPerSecond: 120,
    selected: null, // { line, word }
    dirty: false,
    smoothedProgress: 0,
    activeKey: "",
  };
  const ENERGY_STEP_MS = 10;
  window.kiaraokeStudio = state; // read by the browser test and handy in devtools

  const audio = $("audio");
  const apiKey = $("apiKey");
  apiKey.value = localStorage.getItem("kiaraoke.apiKey") || "";
  apiKey.addEventListener("change", () => localStorage.setItem("kiaraoke.apiKey", apiKey.value));

  // ---- API -------------------------------------------------------------------------------------------------------
  function headers(extra) {
    const h = Object.assign({}, extra || {});
    if (apiKey.value.trim()) h["X-API-Key"] = apiKey.value.trim();
    return h;
  }

  function trackQuery(extra) {
    const params = new URLSearchParams();
    const video = $("videoId").value.trim();
    if (video) params.set("youtube_video_id", video);
    for (const [k, v] of Object.entries(extra || {})) params.set(k, v);
    const q = params.toString();
    return q ? "?" + q : "";
  }

  function trackPath() {
    return "/timestamps/" + encodeURIComponent($("trackId").value.trim());
  }

  async function problemText(response) {
    try {
      const body = await response.json();
      return body.detail || body.title || response.statusText;
    } catch {
      return response.status + " " + response.statusText;
    }
  }

  function setStatus(text, isError) {
    const s = $("status");
    s.textContent = text;
    s.classList.toggle("error", !!isError);
  }

  function busy(button, on) {
    button.disabled = on;
  }

  async function load() {
    const button = $("loadButton");
    busy(button, true);
    setStatus("Loading…");
    try {
      const response = await fetch(trackPath() + trackQuery(), { headers: headers() });
      if (!response.ok) throw new Error(await problemText(response));
      const body = await response.json();
      if (body.status !== "found") {
        setStatus("No stored result for this track: align it first.", true);
        return;
      }
      useResult(body);
      setStatus("Loaded " + countWords() + " words (" + body.source + ").");
    } catch (e) {
      setStatus(e.message, true);
    } finally {
      busy(button, false);
    }
  }

  async function align() {
    const file = $("audioFile").files[0];
    const lyrics = $("lyrics").value;
    if (!file) return setStatus("Choose an audio file first.", true);
    if (!lyrics.trim()) return setStatus("Paste the lyrics first.", true);
    const form = new FormData();
    form.append("audio", file, file.name);
    form.append("spotify_track_id", $("trackId").value.trim());
    const video = $("videoId").value.trim();
    if (video) form.append("youtube_video_id", video);
    form.append("language", $("language").value.trim() || "fr");
    form.append(/^\s*\[\d{1,3}:\d{1,2}/m.test(lyrics) ? "lrc" : "lyrics_text", lyrics);
    form.append("force_regenerate", "true");
    const button = $("alignButton");
    busy(button, true);
    setStatus("Aligning…");
    try {
      const response = await fetch("/align", { method: "POST", body: form, headers: headers() });
      if (!response.ok) throw new Error(await problemText(response));
      const body = await response.json();
      useResult(body);
      setStatus("Aligned " + countWords() + " words (" + body.source + ").");
    } catch (e) {
      setStatus(e.message, true);
    } finally {
      busy(button, false);
    }
  }

  async function save() {
    if (!state.lines.length) return setStatus("Nothing to save.", true);
    const body = {
      language: $("language").value.trim() || "fr",
      lines: state.lines.map((l) => ({
        startMs: l.words[0].startMs,
        endMs: l.words[l.words.length - 1].endMs,
        text: l.text,
        words: l.words.map((w) => ({ word: w.word, startMs: w.startMs, endMs: w.endMs, confidence: w.confidence })),
      })),
    };
    if (state.durationMs > 0) body.duration_ms = state.durationMs;
    const button = $("saveButton");
    busy(button, true);
    setStatus("Saving…");
    try {
      const response = await fetch(trackPath() + "/words" + trackQuery(), {
        method: "PUT",
        headers: headers({ "Content-Type": "application/json" }),
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(await problemText(response));
      const stored = await response.json();
      state.dirty = false;
      state.source = stored.source;
      $("source").textContent = stored.source;
      setStatus("Saved: " + stored.quality.word_count + " words stored as " + stored.source + ".");
    } catch (e) {
      setStatus("Not saved: " + e.message, true);
    } finally {
      busy(button, false);
    }
  }

  async function download() {
    const format = $("exportFormat").value;
    if (state.dirty) setStatus("Unsaved edits are not in the download: save first.", true);
    try {
      const response = await fetch(trackPath() + trackQuery({ format }), { headers: headers() });
      if (!response.ok) throw new Error(await problemText(response));
      const blob = await response.blob();
      const disposition = response.headers.get("Content-Disposition") || "";
      const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = match ? decodeURIComponent(match[1]) : "karaoke." + format;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
      if (!state.dirty) setStatus("Downloaded " + a.download + ".");
    } catch (e) {
      setStatus(e.message, true);
    }
  }

  // A corrected export of ours (LRC, ASS, TTML, UltraStar) goes back through PUT …/words?format= and is shown.
  async function importFile() {
    const file = $("importFile").files[0];
    if (!file) return setStatus("Choose a corrected .lrc, .ass, .ttml or UltraStar .txt file first.", true);
    const extension = (file.name.split(".").pop() || "").toLowerCase();
    const format = { lrc: "lrc", ass: "ass", ttml: "ttml", txt: "ultrastar" }[extension];
    if (!format) return setStatus("Cannot import a ." + extension + " file: use .lrc, .ass, .ttml or an UltraStar .txt.", true);
    const button = $("importButton");
    busy(button, true);
    setStatus("Importing…");
    try {
      const response = await fetch(trackPath() + "/words" + trackQuery({ format }), {
        method: "PUT",
        headers: headers({ "Content-Type": "text/plain; charset=utf-8" }),
        body: await file.text(),
      });
      if (!response.ok) throw new Error(await problemText(response));
      const stored = await response.json();
      useResult(stored);
      setStatus("Imported " + file.name + ": " + countWords() + " words stored as " + stored.source + ".");
    } catch (e) {
      setStatus("Not imported: " + e.message, true);
    } finally {
      busy(button, false);
    }
  }

  // ---- Model -----------------------------------------------------------------------------------------------------
  function useResult(body) {
    state.lines = (body.lines || []).map((l) => ({
      text: l.text,
      words: l.words.map((w) => ({ word: w.word, startMs: w.startMs, endMs: w.endMs, confidence: w.confidence ?? 1 })),
    }));
    state.source = body.source || "";
    state.selected = null;
    state.dirty = false;
    $("source").textContent = state.source;
    renderLyrics();
    renderTimeline();
  }

  function countWords() {
    return state.lines.reduce((n, l) => n + l.words.length, 0);
  }

  function flatWords() {
    const all = [];
    state.lines.forEach((l, li) => l.words.forEach((w, wi) => all.push({ w, li, wi })));
    return all;
  }

  function neighbours(li, wi) {
    const all = flatWords();
    const i = all.findIndex((x) => x.li === li && x.wi === wi);
    return { prev: i > 0 ? all[i - 1].w : null, next: i + 1 < all.length ? all[i + 1].w : null };
  }

  function songEndMs() {
    return state.durationMs > 0 ? state.durationMs : Infinity;
  }

  function setEdge(li, wi, edge, ms) {
    const w = state.lines[li].words[wi];
    const { prev, next } = neighbours(li, wi);
    ms = Math.round(ms);
    if (edge === "start") w.startMs = Math.max(prev ? prev.endMs : 0, Math.min(ms, w.endMs - MIN_WORD_MS));
    else w.endMs = Math.min(next ? next.startMs : songEndMs(), Math.max(ms, w.startMs + MIN_WORD_MS));
    changed();
  }

  function moveWord(li, wi, deltaMs) {
    const w = state.lines[li].words[wi];
    const { prev, next } = neighbours(li, wi);
    const lo = (prev ? prev.endMs : 0) - w.startMs;
    const hi = (next ? next.startMs : songEndMs()) - w.endMs;
    const d = Math.max(lo, Math.min(hi, deltaMs));
    w.startMs += d;
    w.endMs += d;
    changed();
    return d;
  }

  function moveLine(li, deltaMs) {
    const words = state.lines[li].words;
    const before = li > 0 ? state.lines[li - 1].words.at(-1).endMs : 0;
    const after = li + 1 < state.lines.length ? state.lines[li + 1].words[0].startMs : songEndMs();
    const d = Math.max(before - words[0].startMs, Math.min(after - words.at(-1).endMs, deltaMs));
    words.forEach((w) => { w.startMs += d; w.endMs += d; });
    changed();
    return d;
  }

  function shiftSong(deltaMs) {
    const all = flatWords();
    if (!all.length) return 0;
    const d = Math.max(-all[0].w.startMs, Math.min(songEndMs() - all.at(-1).w.endMs, deltaMs));
    all.forEach(({ w }) => { w.startMs += d; w.endMs += d; });
    changed();
    return d;
  }

  function changed() {
    state.dirty = true;
    layoutTimeline();
    updateSelectionText();
    setStatus("Edited: not saved yet.");
  }

  // ---- Karaoke view ----------------------------------------------------------------------------------------------
  function renderLyrics() {
    const view = $("lyricsView");
    view.textContent = "";
    state.lines.forEach((line, li) => {
      const div = document.createElement("div");
      div.className = "kline";
      div.dataset.line = li;
      line.words.forEach((w, wi) => {
        const span = document.createElement("span");
        span.className = "kword";
        span.dataset.line = li;
        span.dataset.word = wi;
        span.textContent = w.word;
        const fill = document.createElement("span");
        fill.className = "fill";
        fill.textContent = w.word;
        fill.setAttribute("aria-hidden", "true");
        span.appendChild(fill);
        span.addEventListener("click", () => { select(li, wi); audio.currentTime = w.startMs / 1000; });
        div.appendChild(span);
      });
      view.appendChild(div);
    });
  }

  // Kiaraoke's rule: the current word is the one with start <= t < end; in a gap none is, except past the last word.
  function currentWord(t) {
    const all = flatWords();
    for (let i = 0; i < all.length; i++) {
      const w = all[i].w;
      if (w.startMs <= t && t < w.endMs) return i;
    }
    return all.length && t >= all.at(-1).w.endMs ? all.length - 1 : -1;
  }

  function paint() {
    const t = audio.currentTime * 1000;
    $("clock").textContent = formatMs(t);
    const all = flatWords();
    const current = currentWord(t);
    let progress = 0;
    if (current >= 0) {
      const w = all[current].w;
      const d = w.endMs - w.startMs;
      progress = d <= 0 ? 1 : Math.min(1, Math.max(0, (t - w.startMs) / d));
    }
    const key = String(current);
    state.smoothedProgress = key === state.activeKey ? state.smoothedProgress + EMA_ALPHA * (progress - state.smoothedProgress) : progress;
    state.activeKey = key;

    const spans = document.querySelectorAll(".kword");
    let currentLine = -1;
    spans.forEach((span, i) => {
      const { w, li, wi } = all[i] || {};
      if (!w) return;
      const isLast = wi === state.lines[li].words.length - 1;
      let active = i === current;
      let past = t >= w.endMs;
      if (active && isLast && state.smoothedProgress >= LAST_WORD_PAST_AT) { active = false; past = true; }
      span.classList.toggle("active", active);
      span.classList.toggle("past", !active && past);
      if (active) {
        span.style.setProperty("--clip", (100 - state.smoothedProgress * 100).toFixed(1) + "%");
        currentLine = li;
      }
      if (i === current) currentLine = li;
    });
    if (currentLine < 0) currentLine = all.findIndex((x) => x.w.startMs > t) >= 0 ? all[all.findIndex((x) => x.w.startMs > t)].li : -1;
    document.querySelectorAll(".kline").forEach((div) => {
      const isCurrent = Number(div.dataset.line) === currentLine;
      if (isCurrent && !div.classList.contains("current") && !audio.paused) {
        const view = $("lyricsView");
        view.scrollTop = div.offsetTop - view.offsetTop - view.clientHeight / 3;
      }
      div.classList.toggle("current", isCurrent);
    });
    document.querySelectorAll(".tword").forEach((el, i) => el.classList.toggle("active", i === current));

    const x = (t / 1000) * state.pxPerSecond;
    $("playhead").style.left = x + "px";
    if (!audio.paused) {
      const tl = $("timeline");
      if (x < tl.scrollLeft || x > tl.scrollLeft + tl.clientWidth * 0.85) tl.scrollLeft = Math.max(0, x - tl.clientWidth * 0.2);
    }
    requestAnimationFrame(paint);
  }

  // ---- Timeline --------------------------------------------------------------------------------------------------
  function timelineMs() {
    const last = flatWords().at(-1);
    return Math.max(state.durationMs || 0, last ? last.w.endMs + 1000 : 0, 1000);
  }

  function confidenceColour(c) {
    const hue = Math.round(Math.max(0, Math.min(1, c)) * 120); // red (unsure) → green (sure)
    return "hsl(" + hue + " 70% 55%)";
  }

  // Builds the timeline's elements (when a result is loaded); layoutTimeline() then places them, and is all an edit needs,
  // so a boundary being dragged keeps its element (and its pointer capture).
  function renderTimeline() {
    const lineBand = $("lineBand");
    lineBand.textContent = "";
    state.lines.forEach((line, li) => {
      const el = document.createElement("div");
      el.className = "tline";
      el.title = "Line " + (li + 1) + ": [ and ] move it";
      el.addEventListener("click", () => select(li, 0));
      lineBand.appendChild(el);
    });

    const band = $("wordBand");
    band.textContent = "";
    state.lines.forEach((line, li) => line.words.forEach((w, wi) => {
      const el = document.createElement("div");
      el.className = "tword";
      el.dataset.line = li;
      el.dataset.word = wi;
      el.append(document.createTextNode(w.word));
      const conf = document.createElement("span");
      conf.className = "conf";
      el.appendChild(conf);
      for (const edge of ["start", "end"]) {
        const h = document.createElement("div");
        h.className = "handle " + edge;
        h.dataset.edge = edge;
        h.addEventListener("pointerdown", (e) => startDrag(e, li, wi, edge));
        el.appendChild(h);
      }
      el.addEventListener("click", (e) => { if (!e.target.classList.contains("handle")) select(li, wi); });
      band.appendChild(el);
    }));
    layoutTimeline();
  }

  function layoutTimeline() {
    const px = state.pxPerSecond / 1000;
    const width = Math.ceil(timelineMs() * px);
    const inner = $("timelineInner");
    if (inner.style.width !== width + "px") {
      inner.style.width = width + "px";
      drawEnergy(width);
    }

    const sel = state.selected;
    document.querySelectorAll(".tline").forEach((el, li) => {
      const line = state.lines[li];
      el.classList.toggle("selected", !!sel && sel.line === li);
      el.style.left = line.words[0].startMs * px + "px";
      el.style.width = Math.max(2, (line.words.at(-1).endMs - line.words[0].startMs) * px) + "px";
      el.textContent = line.text;
    });
    document.querySelectorAll(".tword").forEach((el) => {
      const li = Number(el.dataset.line);
      const wi = Number(el.dataset.word);
      const w = state.lines[li].words[wi];
      el.classList.toggle("selected", !!sel && sel.line === li && sel.word === wi);
      el.style.left = w.startMs * px + "px";
      el.style.width = Math.max(3, (w.endMs - w.startMs) * px) + "px";
      el.style.background = confidenceColour(w.confidence);
      el.dataset.startMs = w.startMs;
      el.dataset.endMs = w.endMs;
      el.title = w.word + " " + formatMs(w.startMs) + "–" + formatMs(w.endMs) + ", confidence " + w.confidence.toFixed(2);
      el.querySelector(".conf").textContent = Math.round(w.confidence * 100) + "%";
    });
  }

  function startDrag(event, li, wi, edge) {
    event.preventDefault();
    event.stopPropagation();
    select(li, wi);
    const handle = event.target;
    handle.setPointerCapture(event.pointerId);
    const inner = $("timelineInner");
    const move = (e) => {
      const x = e.clientX - inner.getBoundingClientRect().left;
      setEdge(li, wi, edge, (x / state.pxPerSecond) * 1000);
    };
    const up = (e) => {
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", up);
      try { handle.releasePointerCapture(e.pointerId); } catch { /* already released */ }
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", up);
  }

  function drawEnergy(width) {
    const canvas = $("energy");
    canvas.width = Math.min(width, 32000);
    canvas.style.width = canvas.width + "px";
    const ctx = canvas.getContext("2d");
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!state.energy) {
      ctx.fillStyle = "#8a849a";
      ctx.font = "12px system-ui";
      ctx.fillText("Choose the audio file to see its energy and play along.", 8, 20);
      return;
    }
    const max = state.energy.reduce((m, v) => Math.max(m, v), 1e-6);
    const mid = canvas.height / 2;
    ctx.fillStyle = "rgba(124, 92, 255, .8)";
    const msPerPx = 1000 / state.pxPerSecond;
    for (let x = 0; x < canvas.width; x++) {
      const from = Math.floor((x * msPerPx) / ENERGY_STEP_MS);
      const to = Math.max(from + 1, Math.floor(((x + 1) * msPerPx) / ENERGY_STEP_MS));
      let peak = 0;
      for (let i = from; i < to && i < state.energy.length; i++) peak = Math.max(peak, state.energy[i]);
      const h = Math.sqrt(peak / max) * (mid - 2);
      ctx.fillRect(x, mid - h, 1, 2 * h);
    }
  }

  async function useAudioFile(file) {
    if (audio.src) URL.revokeObjectURL(audio.src);
    audio.src = URL.createObjectURL(file);
    state.energy = null;
    try {
      const buffer = await file.arrayBuffer();
      const context = new (window.AudioContext || window.webkitAudioContext)();
      const decoded = await context.decodeAudioData(buffer);
      context.close();
      const data = decoded.getChannelData(0);
      const step = Math.max(1, Math.round((decoded.sampleRate * ENERGY_STEP_MS) / 1000));
      const energy = new Float32Array(Math.ceil(data.length / step));
      for (let i = 0; i < energy.length; i++) {
        let sum = 0;
        const end = Math.min(data.length, (i + 1) * step);
        for (let j = i * step; j < end; j++) sum += data[j] * data[j];
        energy[i] = Math.sqrt(sum / Math.max(1, end - i * step));
      }
      state.energy = energy;
      state.durationMs = Math.round(decoded.duration * 1000);
    } catch (e) {
      setStatus("The browser cannot decode this audio for the energy view (" + e.message + "); playback may still work.", true);
    }
    renderTimeline();
    drawEnergy(Math.ceil(timelineMs() * state.pxPerSecond / 1000));
  }

  // ---- Selection and keys ----------------------------------------------------------------------------------------
  function select(li, wi) {
    state.selected = { line: li, word: wi };
    document.querySelectorAll(".kword").forEach((s) => s.classList.toggle("selected", Number(s.dataset.line) === li && Number(s.dataset.word) === wi));
    layoutTimeline();
    updateSelectionText();
  }

  function updateSelectionText() {
    const s = state.selected;
    if (!s) return;
    const w = state.lines[s.line].words[s.word];
    $("selection").textContent = "“" + w.word + "” " + formatMs(w.startMs) + " → " + formatMs(w.endMs) + " · confidence " + w.confidence.toFixed(2) + " · line " + (s.line + 1);
  }

  function step(delta) {
    const all = flatWords();
    if (!all.length) return;
    let i = state.selected ? all.findIndex((x) => x.li === state.selected.line && x.wi === state.selected.word) : -1;
    i = Math.max(0, Math.min(all.length - 1, i + delta));
    select(all[i].li, all[i].wi);
  }

  function togglePlay() {
    if (!audio.src) return setStatus("Choose the audio file to play along.", true);
    if (audio.paused) audio.play().catch((e) => setStatus("Cannot play: " + e.message, true));
    else audio.pause();
  }

  document.addEventListener("keydown", (e) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") { e.preventDefault(); save(); return; }
    if (typing) return;
    const s = state.selected;
    switch (e.key) {
      case " ": e.preventDefault(); togglePlay(); break;
      case "ArrowLeft": case "ArrowRight":
        if (s) { e.preventDefault(); moveWord(s.line, s.word, (e.key === "ArrowLeft" ? -1 : 1) * (e.shiftKey ? 100 : 10)); }
        break;
      case "[": case "]": case "{": case "}":
        if (s) { e.preventDefault(); moveLine(s.line, (e.key === "[" || e.key === "{" ? -1 : 1) * (e.shiftKey ? 250 : 50)); }
        break;
      case "-": case "_": e.preventDefault(); shiftSong(-50); break;
      case "+": case "=": e.preventDefault(); shiftSong(50); break;
      case "j": case "J": step(-1); break;
      case "k": case "K": step(1); break;
      default: break;
    }
  });

  function formatMs(ms) {
    ms = Math.max(0, Math.round(ms));
    const m = Math.floor(ms / 60000);
    const s = Math.floor((ms % 60000) / 1000);
    return m + ":" + String(s).padStart(2, "0") + "." + String(ms % 1000).padStart(3, "0");
  }

  // ---- Wiring ----------------------------------------------------------------------------------------------------
  $("loadButton").addEventListener("click", load);
  $("alignButton").addEventListener("click", align);
  $("saveButton").addEventListener("click", save);
  $("downloadButton").addEventListener("click", download);
  $("importButton").addEventListener("click", importFile);
  $("playButton").addEventListener("click", togglePlay);
  $("audioFile").addEventListener("change", (e) => { if (e.target.files[0]) useAudioFile(e.target.files[0]); });
  $("zoom").addEventListener("input", (e) => { state.pxPerSecond = Number(e.target.value); layoutTimeline(); });
  $("shiftButton").addEventListener("click", () => {
    const d = Number($("shiftMs").value) || 0;
    const applied = shiftSong(d);
    if (applied !== d) setStatus("Shifted " + applied + " ms (the song cannot start before 0 or end after the audio).");
  });
  document.querySelectorAll("[data-nudge-word]").forEach((b) => b.addEventListener("click", () => {
    if (state.selected) moveWord(state.selected.line, state.selected.word, Number(b.dataset.nudgeWord));
  }));
  document.querySelectorAll("[data-nudge-line]").forEach((b) => b.addEventListener("click", () => {
    if (state.selected) moveLine(state.selected.line, Number(b.dataset.nudgeLine));
  }));
  $("timeline").addEventListener("click", (e) => {
    if (e.target.closest(".tword, .tline")) return;
    const x = e.clientX - $("timelineInner").getBoundingClientRect().left;
    if (audio.src) audio.currentTime = Math.max(0, x / state.pxPerSecond);
  });
  audio.addEventListener("play", () => { $("playButton").textContent = "❚❚ Pause"; });
  audio.addEventListener("pause", () => { $("playButton").textContent = "▶︎ Play"; });
  audio.addEventListener("loadedmetadata", () => {
    if (!state.durationMs && isFinite(audio.duration)) { state.durationMs = Math.round(audio.duration * 1000); layoutTimeline(); }
  });
  window.addEventListener("beforeunload", (e) => { if (state.dirty) { e.preventDefault(); e.returnValue = ""; } });

  const params = new URLSearchParams(location.search);
  if (params.get("track")) { $("trackId").value = params.get("track"); load(); }
  renderTimeline();
  requestAnimationFrame(paint);
})();
