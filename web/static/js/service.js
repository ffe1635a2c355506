/* The public page of a service: "show a QR code of this page" draws the page's own address
   (in the page language) in the page, for another phone to scan; nothing is sent anywhere. */
(function () {
  "use strict";
  var M = window.Maraude, button = document.getElementById("show-qr"), box = document.getElementById("qr");
  var address = window.location.origin + M.C.share;
  button.hidden = false;
  button.addEventListener("click", function () {
    if (!box.querySelector("svg")) {
      box.insertBefore(M.qr(address, box.getAttribute("data-label")), box.firstChild);
    }
    box.hidden = !box.hidden;
    button.setAttribute("aria-expanded", String(!box.hidden));
  });
})();
