// Print pages on a screen narrower than their sheet (a phone): zoom the page so that one sheet is as
// wide as the screen, instead of scrolling sideways. Printing is untouched (print.css sets zoom 1).
(function () {
  "use strict";
  function fit() {
    var sheet = document.querySelector(".sheet, .sheets > *");
    if (!sheet) return;
    document.body.style.zoom = "";
    var ratio = (document.documentElement.clientWidth - 16) / sheet.getBoundingClientRect().width;
    document.body.style.zoom = ratio < 1 ? String(Math.floor(ratio * 1000) / 1000) : "";
  }
  fit();
  window.addEventListener("resize", fit);
})();
