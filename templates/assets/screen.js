/* exemplar_site lobby screen (大屏): one exemplar at a time, looping forever.
   Built to run for days: one timer at a time, no nodes added, nothing fetched. Keys for rehearsals:
   right/left (or page down/up) to move, space to pause. */
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

  function show(index) {
    var count = slides.length;
    current = (index % count + count) % count;
    var next = (current + 1) % count;
    slides.forEach(function (slide, i) {
      slide.classList.toggle("is-active", i === current);
      slide.classList.toggle("is-next", i === next && next !== current);  /* its photo loads ahead */
    });
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
  show(0);
})();
