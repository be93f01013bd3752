// The benchmark's probe inside the page, and the scripts it runs there over WebDriver.
//
// The probe (`window.__bench`) adds one requestAnimationFrame callback. It is registered from
// a task, after the app's own loop has registered its next frame, and re-registers itself
// from inside its callback, so every frame it runs right after the app's `frame()`. There,
// `performance.now() - timestamp` is what the frame's callbacks cost before it: the app's
// per-frame work (store → DOM, table, plot draw). It records that, the frame intervals,
// and watches the DOM for "done" conditions, so the node side never has to poll quickly
// (each WebDriver call is a script evaluation in the page, which would itself disturb the
// figures). Everything else is read from the UI's own `window.__jobdeck` (frameStats,
// resetFrames, batchesReceived) and from standard, buffered performance entries.
//
// Functions passed to `browser.execute` are serialised: they must be self-contained.

/** Installs `window.__bench` (once per page) and returns what the webview supports. */
export function installProbe(b) {
  return b.execute(() => {
    if (window.__bench) return window.__bench.info;
    const B = {};
    window.__bench = B;
    const types = typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes
      ? [...PerformanceObserver.supportedEntryTypes]
      : [];
    let resolution = Infinity;
    for (let i = 0, last = performance.now(); i < 200000 && resolution > 0.005; i++) {
      const t = performance.now();
      if (t !== last) {
        resolution = Math.min(resolution, t - last);
        last = t;
      }
    }
    B.info = {
      userAgent: navigator.userAgent,
      supportedEntryTypes: types,
      longtaskSupported: types.includes('longtask'),
      timerResolutionMs: Math.round(resolution * 1000) / 1000,
      devicePixelRatio: window.devicePixelRatio,
      viewport: [window.innerWidth, window.innerHeight],
      offscreenCanvas: typeof OffscreenCanvas !== 'undefined',
      transferControlToOffscreen:
        typeof HTMLCanvasElement !== 'undefined' &&
        typeof HTMLCanvasElement.prototype.transferControlToOffscreen === 'function',
      offscreenCanvas2d: (() => {
        try {
          return typeof OffscreenCanvas !== 'undefined' && !!new OffscreenCanvas(4, 4).getContext('2d');
        } catch {
          return false;
        }
      })(),
      requestIdleCallback: typeof requestIdleCallback === 'function',
      probe: window.__jobdeck ? Object.keys(window.__jobdeck) : null,
    };
    B.longTasks = [];
    if (B.info.longtaskSupported) {
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) B.longTasks.push([e.startTime, e.duration]);
        }).observe({ type: 'longtask', buffered: true });
      } catch {
        B.info.longtaskSupported = false;
      }
    }
    B.rec = null;
    B.done = null;
    B.perFrame = [];
    // WebKit updates the rendering (style, layout, paint) right after the frame's callbacks;
    // a message posted here is delivered after that, so its delay is the frame's rendering
    // cost (plus any task that was already queued).
    const channel = new MessageChannel();
    let posted = null;
    channel.port1.onmessage = () => {
      const p = posted;
      posted = null;
      if (p && p.r === B.rec) p.r.render[p.i] = performance.now() - p.t;
    };
    const loop = (ts) => {
      const t = performance.now();
      const r = B.rec;
      if (r) {
        r.work.push(Math.max(0, t - ts));
        r.render.push(0);
        if (r.lastTs != null) r.intervals.push(ts - r.lastTs);
        r.lastTs = ts;
        posted = { r, i: r.render.length - 1, t: performance.now() };
        channel.port2.postMessage(0);
      }
      for (const f of B.perFrame.slice()) {
        try {
          f(ts, t);
        } catch (e) {
          B.error = String(e);
        }
      }
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);

    const jd = () => window.__jobdeck;
    B.counts = () => {
      const out = {};
      for (const el of document.querySelectorAll('[data-count]')) {
        out[el.getAttribute('data-count')] = Number(el.textContent.replace(/[^\d]/g, ''));
      }
      return out;
    };
    /** Starts a measurement window: resets the UI's frame meter, records from the next frame. */
    B.start = (label) => {
      jd()?.resetFrames?.();
      B.rec = {
        label,
        t0: performance.now(),
        work: [],
        render: [],
        intervals: [],
        lastTs: null,
        batches0: jd()?.batchesReceived ?? 0,
        messages0: jd()?.messagesReceived ?? 0,
        longTasks0: B.longTasks.length,
      };
      B.done = null;
      return B.rec.t0;
    };
    /** Ends the window now, freezing the UI's frame stats at this moment. */
    B.finish = () => {
      const r = B.rec;
      if (!r) return null;
      B.rec = null;
      r.t1 = performance.now();
      r.frameStats = jd()?.frameStats?.() ?? null;
      r.views = jd()?.viewStats?.() ?? null;
      r.plot = jd()?.plotStats?.() ?? null;
      r.batches1 = jd()?.batchesReceived ?? 0;
      r.messages1 = jd()?.messagesReceived ?? 0;
      r.longTasks = B.longTasks.slice(r.longTasks0);
      B.last = r;
      return r.t1;
    };
    const pct = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : 0);
    const r2 = (x) => Math.round(x * 100) / 100;
    B.stats = (values) => {
      const s = Float64Array.from(values).sort();
      let sum = 0;
      for (const v of s) sum += v;
      return { n: s.length, p50: r2(pct(s, 0.5)), p95: r2(pct(s, 0.95)), max: r2(s.length ? s[s.length - 1] : 0), sum: r2(sum) };
    };
    /** `{name: {calls, totalMs, maxMs}}` of the UI's cost figures, times rounded. */
    const roundCosts = (costs) => Object.fromEntries(Object.entries(costs).map(([k, v]) => [k, { calls: v.calls, totalMs: r2(v.totalMs), maxMs: r2(v.maxMs) }]));
    /** The last finished window, summarised (arrays stay in the page). */
    B.summary = () => {
      const r = B.last;
      if (!r) return null;
      const elapsed = r.t1 - r.t0;
      const work = B.stats(r.work);
      const own = B.stats(r.intervals);
      const worst = r.intervals.slice().sort((a, b) => b - a).slice(0, 5).map(r2);
      // The longest intervals, split: interval i runs from frame i to frame i + 1, so it holds
      // frame i's app work, its rendering, and whatever tasks ran before frame i + 1 (IPC).
      const anatomy = r.intervals
        .map((interval, i) => ({ interval: r2(interval), appWork: r2(r.work[i]), render: r2(r.render[i]), other: r2(interval - r.work[i] - r.render[i]) }))
        .sort((a, b) => b.interval - a.interval)
        .slice(0, 3);
      return {
        label: r.label,
        elapsedMs: r2(elapsed),
        frameStats: r.frameStats,
        fps: r2((own.n / elapsed) * 1000),
        ownIntervals: { ...own, worst, anatomy },
        render: B.stats(r.render),
        work: { ...work, busyShare: r2(work.sum / elapsed) },
        batches: r.batches1 - r.batches0,
        messages: r.messages1 - r.messages0,
        messagesPerSec: r2(((r.messages1 - r.messages0) / elapsed) * 1000),
        longTasks: r.longTasks.length,
        longTaskMaxMs: r.longTasks.reduce((m, [, d]) => Math.max(m, d), 0),
        views: r.views ? roundCosts(r.views) : null,
        plot: r.plot ? { lines: r.plot.lines, points: r.plot.points, pointsPerLine: r.plot.pointsPerLine, costs: roundCosts(r.plot.costs) } : null,
        extra: r.extra ?? null,
      };
    };
    /**
     * Ends the window in the first frame whose DOM shows `terminal` finished jobs
     * (succeeded + failed + cancelled), i.e. the frame that paints "everything done".
     */
    B.finishWhenTerminal = (terminal) => {
      B.done = null;
      const f = () => {
        const c = B.counts();
        if ((c.succeeded ?? 0) + (c.failed ?? 0) + (c.cancelled ?? 0) >= terminal) {
          B.perFrame.splice(B.perFrame.indexOf(f), 1);
          B.done = B.finish();
        }
      };
      B.perFrame.push(f);
    };
    /** Clicks an element from inside the page; returns the time of the click. */
    B.click = (selector) => {
      const el = document.querySelector(selector);
      if (!el) throw new Error(`no ${selector}`);
      const t = performance.now();
      el.click();
      return t;
    };
    /** Resolves in the next frame, right after the app's frame(): {ts, work}. */
    B.frame = () =>
      new Promise((resolve) => {
        const f = (ts, t) => {
          B.perFrame.splice(B.perFrame.indexOf(f), 1);
          resolve({ ts, work: t - ts });
        };
        B.perFrame.push(f);
      });

    return B.info;
  });
}

/** Page-side counts of the pool bar. */
export const counts = (b) => b.execute(() => window.__bench.counts());

/** Starts a measurement window (resets the UI's frame meter); returns its page time. */
export const startWindow = (b, label) => b.execute((l) => window.__bench.start(l), label);

/** Ends the current window now and returns its summary. */
export const finishWindow = (b) =>
  b.execute(() => {
    window.__bench.finish();
    return window.__bench.summary();
  });

/** Summary of the last finished window. */
export const summary = (b) => b.execute(() => window.__bench.summary());

/** Clicks `selector` inside the page (no WebDriver round trip between it and the clock). */
export const click = (b, selector) => b.execute((s) => window.__bench.click(s), selector);

/** Page time now. */
export const pageNow = (b) => b.execute(() => performance.now());

/** Waits `n` frames. */
export const frames = (b, n = 2) =>
  b.execute(async (k) => {
    for (let i = 0; i < k; i++) await window.__bench.frame();
    return true;
  }, n);

/**
 * Forces `n` full redraws of the plot and times the app's frame work in the frame that does
 * each, plus an undisturbed frame after each for the baseline. `mode`: 'zoom' (wheel in and
 * out over the plot, as a user does; each new range recomputes the visible decimation) or
 * 'resize' (the plot's width changes; uPlot resizes its canvas and redraws).
 */
export function forceRedraws(b, n, mode) {
  return b.execute(
    async (count, how) => {
      const B = window.__bench;
      const host = document.getElementById('plot');
      const over = host.querySelector('.u-over') ?? host;
      const redraw = [];
      const base = [];
      const intervals = [];
      let prevTs = null;
      await B.frame();
      await B.frame();
      for (let i = 0; i < count; i++) {
        // We are right after the app's frame(): what we change now is drawn in the next one.
        if (how === 'zoom') {
          const r = over.getBoundingClientRect();
          over.dispatchEvent(
            new WheelEvent('wheel', {
              deltaY: i % 2 === 0 ? -100 : 100,
              clientX: r.left + r.width * 0.5,
              clientY: r.top + r.height * 0.5,
              bubbles: true,
              cancelable: true,
            }),
          );
        } else {
          // The ResizeObserver fires after this frame's layout (same rendering update), so
          // the plot picks the new size up in the next frame's draw.
          host.style.width = i % 2 === 0 ? 'calc(100% - 48px)' : '';
          host.getBoundingClientRect();
        }
        const f = await B.frame();
        redraw.push(f.work);
        if (prevTs != null) intervals.push(f.ts - prevTs);
        const g = await B.frame();
        base.push(g.work);
        intervals.push(g.ts - f.ts);
        prevTs = g.ts;
      }
      host.style.width = '';
      return { redraw: B.stats(redraw), baseline: B.stats(base), intervals: B.stats(intervals) };
    },
    n,
    mode,
  );
}

/** Scrolls the job table every frame by `px` (bouncing at the ends) until stopped. */
export function scrollTable(b, px) {
  return b.execute((step) => {
    const B = window.__bench;
    if (B.scroller) B.perFrame.splice(B.perFrame.indexOf(B.scroller), 1);
    B.scroller = null;
    if (!step) return null;
    const el = document.getElementById('jobs-body');
    let dir = 1;
    B.scrolled = 0;
    B.scroller = () => {
      const max = el.scrollHeight - el.clientHeight;
      if (max <= 0) return;
      let next = el.scrollTop + dir * step;
      if (next >= max || next <= 0) {
        dir = -dir;
        next = Math.min(max, Math.max(0, next));
      }
      el.scrollTop = next;
      B.scrolled += step;
    };
    B.perFrame.push(B.scroller);
    return { scrollHeight: el.scrollHeight, clientHeight: el.clientHeight };
  }, px);
}

/** The plot's own figures: lines, points held (all, and per line), part costs. */
export const plotStats = (b) => b.execute(() => window.__jobdeck.plotStats());

/** IPC answers that carried batches so far (see `messagesReceived` in ui/src/probe/probe.ts). */
export const messagesReceived = (b) => b.execute(() => window.__jobdeck.messagesReceived);

/** Buffered start-up timings of the page: navigation, paint, marks, IPC resources. */
export function startupTimings(b) {
  return b.execute(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const pick = (e, keys) => (e ? Object.fromEntries(keys.map((k) => [k, Math.round(e[k] * 10) / 10])) : null);
    return {
      timeOrigin: performance.timeOrigin ?? Date.now() - performance.now(),
      now: performance.now(),
      navigation: pick(nav, ['fetchStart', 'responseEnd', 'domInteractive', 'domContentLoadedEventEnd', 'loadEventEnd']),
      paint: performance.getEntriesByType('paint').map((e) => ({ name: e.name, t: Math.round(e.startTime * 10) / 10 })),
      marks: performance.getEntriesByType('mark').map((e) => ({ name: e.name, t: Math.round(e.startTime * 10) / 10 })),
      resources: performance
        .getEntriesByType('resource')
        .map((e) => ({ name: e.name, start: Math.round(e.startTime), end: Math.round(e.responseEnd), bytes: e.decodedBodySize })),
      probe: window.__jobdeck
        ? Object.fromEntries(
            Object.keys(window.__jobdeck)
              .filter((k) => typeof window.__jobdeck[k] !== 'function')
              .map((k) => [k, window.__jobdeck[k]]),
          )
        : null,
    };
  });
}
