/* The orientation sheet's print button (no inline script: the pages forbid them). */
document.getElementById("print").addEventListener("click", function () { window.print(); });
