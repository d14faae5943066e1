// "Use my location": fills the place box with the browser's position and submits the search.
// Progressive enhancement: the button stays hidden unless this script runs and the browser
// offers geolocation; without it, people type a ZIP code or a city as before.
(function () {
  "use strict";

  function start() {
    var button = document.querySelector("button[data-locate]");
    if (!button || !("geolocation" in navigator)) {
      return;
    }
    var form = button.form;
    var input = form.querySelector("input[name=where]");
    var status = document.getElementById("locate-status");
    button.hidden = false;

    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }

    button.addEventListener("click", function () {
      button.disabled = true;
      say("Finding your location…");
      navigator.geolocation.getCurrentPosition(
        function (position) {
          // Three decimals (about 100 m) is plenty for a radius search and keeps less of where you are.
          input.value = position.coords.latitude.toFixed(3) + "," + position.coords.longitude.toFixed(3);
          say("Searching near your location…");
          form.submit();
        },
        function (error) {
          button.disabled = false;
          say(error.code === error.PERMISSION_DENIED
            ? "Your browser did not share your location. Type a ZIP code or a city instead."
            : "We could not find your location. Type a ZIP code or a city instead.");
          input.focus();
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
      );
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
