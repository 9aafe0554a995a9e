/* exemplar_site lobby screen (大屏): one exemplar at a time, looping forever.
   Built to run for days: one timer at a time, no nodes added, nothing fetched. Keys for rehearsals:
   right/left (or page down/up) to move, space to pause. Each slide's text is fitted to the screen as it
   shows, as the posters are: size steps, then line clamps, and a note that the full text is online. */
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  if (!slides.length) { return; }
  document.documentElement.className += " js";
  var seconds = Math.max(2, parseFloat(document.body.getAttribute("data-seconds")) || 10);
  var counter = document.querySelector(".screen-current");
  var bar = document.querySelector(".screen-bar");
  var pausedNote = document.querySelector(".screen-paused");
  var current = 0, timer = null, paused = false;
  var NAME_STEPS = [1, 0.88, 0.77, 0.67, 0.58, 0.5, 0.43];  /* the name's size, largest first */
  var TEXT_STEPS = [1, 0.93, 0.86, 0.8, 0.74, 0.69];  /* the other lines' size: 0.69 stays readable across a hall */

  function over(box) { return box.scrollHeight > box.clientHeight + 1; }
  function lineOf(box) { return parseFloat(getComputedStyle(box).lineHeight) || 0; }
  /* A clamped box hides a whole line or more; less is only the glyphs standing out of tight lines. */
  function cut(box) { return !!box && box.scrollHeight - box.clientHeight > lineOf(box) / 2; }

  function fit(slide) {
    var text = slide.querySelector(".slide-text");
    var more = text && text.querySelector(".slide-more");
    if (!text || !more) { return; }
    more.hidden = true;
    if (!fitText(slide, text)) {  /* something is cut: say where the full text is, and fit again with that line */
      more.hidden = false;
      fitText(slide, text);
    }
  }

  /* Fits the text box with the sizes, then the line clamps; whether everything is shown in full. */
  function fitText(slide, text) {
    var style = slide.style, name = text.querySelector(".slide-name"), summary = text.querySelector(".slide-summary");
    var boxes = text.querySelectorAll(".slide-kind, .slide-name, .slide-unit, .slide-honors li, .slide-summary");
    ["--fit", "--name-fit", "--summary-lines", "--lines", "--name-lines", "--break"].forEach(function (p) {
      style.removeProperty(p);
    });
    var n = 0, t = 0;
    /* A long name first takes smaller sizes rather than more than two lines; */
    while (n < NAME_STEPS.length - 1 && name.scrollHeight > 2.5 * lineOf(name)) {
      style.setProperty("--name-fit", NAME_STEPS[++n]);
    }
    /* then the other lines step down together; then the summary loses lines, the other lines all but
       their first; only then does the name give way, and at last the summary keeps two lines. */
    while (t < TEXT_STEPS.length - 1 && over(text)) { style.setProperty("--fit", TEXT_STEPS[++t]); }
    var lines = summary ? Math.round(summary.clientHeight / lineOf(summary)) : 0;
    while (over(text) && lines > 3) { style.setProperty("--summary-lines", --lines); }
    if (over(text)) { style.setProperty("--lines", 1); }
    while (n < NAME_STEPS.length - 1 && over(text)) { style.setProperty("--name-fit", NAME_STEPS[++n]); }
    while (over(text) && lines > 2) { style.setProperty("--summary-lines", --lines); }
    if (over(text)) { style.setProperty("--name-lines", 2); }
    /* Chromium can let a clamped line's '…' stand out beside an unbroken URL: such text breaks anywhere. */
    if (Array.prototype.some.call(boxes, function (box) { return box.scrollWidth > box.clientWidth; })) {
      style.setProperty("--break", "break-all");
    }
    return !text.querySelector(".slide-honors[data-cut]") && !Array.prototype.some.call(boxes, cut);
  }

  function show(index) {
    var count = slides.length;
    current = (index % count + count) % count;
    var next = (current + 1) % count;
    slides.forEach(function (slide, i) {
      slide.classList.toggle("is-active", i === current);
      slide.classList.toggle("is-next", i === next && next !== current);  /* its photo loads ahead */
    });
    fit(slides[current]);
    if (counter) { counter.textContent = String(current + 1); }
    if (bar) {  /* restart the progress animation on the same node */
      bar.classList.remove("is-running");
      void bar.offsetWidth;
      bar.classList.add("is-running");
    }
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    timer = null;
    if (!paused && slides.length > 1) {
      timer = setTimeout(function () { show(current + 1); }, seconds * 1000);
    }
  }

  function setPaused(value) {
    paused = value;
    document.documentElement.classList.toggle("is-paused", paused);
    if (pausedNote) { pausedNote.hidden = !paused; }
    if (paused) { clearTimeout(timer); timer = null; } else { show(current); }
  }

  document.addEventListener("keydown", function (event) {
    var key = event.key;
    if (key === "ArrowRight" || key === "PageDown") { event.preventDefault(); show(current + 1); }
    else if (key === "ArrowLeft" || key === "PageUp") { event.preventDefault(); show(current - 1); }
    else if (key === " " || key === "Spacebar") { event.preventDefault(); setPaused(!paused); }
  });
  window.addEventListener("resize", function () { fit(slides[current]); });  /* a display turned */
  if (document.fonts) { document.fonts.ready.then(function () { fit(slides[current]); }); }  /* measured in its font */
  show(0);
})();
