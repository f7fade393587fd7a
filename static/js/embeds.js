// Embed cards: progressive enhancement. Without JavaScript a card is a plain link
// to the video or post. With it, the card offers a button, and only a click loads
// the provider's player: no request leaves for the provider before that.
(function () {
  "use strict";
  // Each card includes this script; the browser fetches it once, it runs once.
  if (window.steppeEmbeds) {
    return;
  }
  window.steppeEmbeds = true;
  // The player address is built here from a checked id, never read from the page.
  var players = {
    youtube: {
      id: /^[A-Za-z0-9_-]{11}$/,
      src: function (id) { return "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1"; },
      ratio: "video"
    },
    vimeo: {
      id: /^\d{1,20}$/,
      src: function (id) { return "https://player.vimeo.com/video/" + id + "?autoplay=1"; },
      ratio: "video"
    },
    x: {
      id: /^\d{1,20}$/,
      src: function (id) { return "https://platform.twitter.com/embed/Tweet.html?id=" + id; },
      ratio: "post"
    },
    instagram: {
      id: /^[A-Za-z0-9_-]{5,40}$/,
      src: function (id) { return "https://www.instagram.com/p/" + id + "/embed/"; },
      ratio: "post"
    },
    soundcloud: {
      id: /^https:\/\/(api\.)?soundcloud\.com\/[A-Za-z0-9_\/-]{1,300}$/,
      src: function (id) { return "https://w.soundcloud.com/player/?url=" + encodeURIComponent(id); },
      ratio: "audio"
    }
  };

  function load(holder) {
    var player = players[holder.dataset.embedProvider];
    var id = holder.dataset.embedId || "";
    if (!player || !player.id.test(id)) {
      return;
    }
    var frame = document.createElement("iframe");
    frame.src = player.src(id);
    frame.title = holder.dataset.embedTitle || "";
    frame.className = "embed-frame embed-frame-" + player.ratio;
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.setAttribute(
      "sandbox",
      "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation"
    );
    holder.replaceChildren(frame);
    frame.focus();
  }

  function enhance() {
    document.querySelectorAll(".embed-player[data-embed-provider]").forEach(function (holder) {
      var button = holder.querySelector(".embed-load");
      if (!button || !players[holder.dataset.embedProvider]) {
        return;
      }
      button.addEventListener("click", function () { load(holder); });
      holder.hidden = false;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
