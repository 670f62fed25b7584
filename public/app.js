// The public page: today's challenges from Eon and the three boards, from the same origin's API. No framework,
// no third-party anything. `?period=weekly` picks a board; `#me=<anonymousId>` highlights the caller's row (the
// anonymousId a sync returns, never the userId), brings it into view and focus, and, when it is not in the top
// list, shows it below the list with its neighbours (the API's `around=`), its rank marked "≈" where the API says
// it is estimated. Nothing moves while it loads: the challenges have placeholder cards, and the boards show once
// the challenges above them have settled (docs/leaderboards.md, "The page").
"use strict";
(function () {
  var API = "/api/v1";
  var PERIODS = ["daily", "weekly", "monthly"];
  var EMPTY = {
    daily: "No one has breathed on the board yet today.",
    weekly: "No one has breathed on the board yet this week.",
    monthly: "No one has breathed on the board yet this month.",
  };
  var ON_BOARD = { daily: "on today's board", weekly: "on this week's board", monthly: "on this month's board" };
  var IN_PERIOD = { daily: "today", weekly: "this week", monthly: "this month" };
  // The served `availableFromHour` opens a challenge; it closes at the end of the local day, except a morning one,
  // which the extension's engine pays only before noon (local time).
  var UNTIL_HOUR = { morning_breath: 12 };
  // The boards wait for the challenges above them (or this long at most), so that nothing they show is pushed down.
  var BOARDS_WAIT_MS = 3000;

  var params = new URLSearchParams(location.search);
  var period = PERIODS.indexOf(params.get("period")) >= 0 ? params.get("period") : "daily";
  var me = ((/(?:^#|&)me=([a-z0-9-]{1,40})/i.exec(location.hash) || [])[1] || "").toLowerCase() || undefined;
  var board = null;
  var challenges = null;
  var boardsShown = false;
  var meBroughtIntoView = false;

  function $(selector) {
    return document.querySelector(selector);
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function pad(n) {
    return String(n).padStart(2, "0");
  }
  function localDay(d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function ago(iso) {
    var minutes = Math.floor((Date.now() - Date.parse(iso)) / 60000);
    if (!(minutes >= 1)) return "updated just now";
    if (minutes < 60) return "updated " + minutes + (minutes === 1 ? " minute" : " minutes") + " ago";
    var hours = Math.floor(minutes / 60);
    return "updated " + hours + (hours === 1 ? " hour" : " hours") + " ago";
  }

  /** Shows a message in a status area; with `retry`, a button that calls it. */
  function status(name, state, text, retry) {
    var box = $('.status[data-for="' + name + '"]');
    box.hidden = !text;
    box.setAttribute("data-state", state);
    box.textContent = text || "";
    if (retry) {
      var button = el("button", { type: "button" }, "Try again");
      button.addEventListener("click", retry);
      box.appendChild(button);
    }
  }

  function getJson(path) {
    return fetch(API + path, { headers: { accept: "application/json" } }).then(function (res) {
      return res.json().then(
        function (body) {
          return { status: res.status, body: body };
        },
        function () {
          return { status: res.status, body: null };
        },
      );
    });
  }

  // ---- challenges -------------------------------------------------------------------------------------------
  function loadChallenges() {
    status("challenges", "loading", "Loading today's challenges…");
    $(".challenge-list").setAttribute("aria-busy", "true");
    getJson("/challenges/daily?date=" + localDay(new Date())).then(
      function (res) {
        if (res.status === 401) {
          renderChallenges([]);
          return status("challenges", "private", "Challenges are private on this deployment: the extension fetches them with its key.");
        }
        if (res.status !== 200 || !res.body) throw new Error("HTTP " + res.status);
        renderChallenges(res.body.challenges);
      },
      function () {
        challengesFailed();
      },
    ).catch(challengesFailed);
  }

  function challengesFailed() {
    renderChallenges([]);
    status("challenges", "error", "Eon cannot be reached right now.", loadChallenges);
  }

  function clockText(hour) {
    return hour === 12 ? "noon" : hour % 24 === 0 ? "midnight" : pad(hour) + ":00";
  }

  /** When a challenge can be done today, in the visitor's local time: open now, later today, or over. */
  function windowOf(c, now) {
    var from = c.availableFromHour || 0;
    var until = UNTIL_HOUR[c.type] || 24;
    var hour = now.getHours() + now.getMinutes() / 60;
    var span = (from ? "from " + clockText(from) + " " : "") + "until " + clockText(until);
    if (hour >= until) return { state: "over", text: "Over for today: it could be done " + span + "." };
    if (hour < from) return { state: "later", text: "Can be done today " + span + "." };
    return { state: "open", text: "Can still be done today, until " + clockText(until) + "." };
  }

  function showWindows() {
    var now = new Date();
    document.querySelectorAll(".challenge[data-id]").forEach(function (item, i) {
      var when = windowOf(challenges[i], now);
      item.setAttribute("data-window", when.state);
      item.querySelector(".when").textContent = when.text;
    });
  }

  function renderChallenges(served) {
    challenges = served;
    var list = $(".challenge-list");
    list.textContent = "";
    served.forEach(function (c) {
      var item = el("li", { class: "challenge", "data-id": c.id });
      var title = el("h3", {}, c.title);
      title.prepend(el("span", { class: "reward" }, "+" + c.rewardXP + " XP"));
      item.appendChild(title);
      item.appendChild(el("p", { class: "when" }));
      item.appendChild(el("p", {}, c.description));
      item.appendChild(el("blockquote", {}, c.eonMessage));
      list.appendChild(item);
    });
    showWindows();
    list.hidden = served.length === 0;
    list.removeAttribute("aria-busy");
    status("challenges", "ready", served.length ? "" : "Eon rests today: no challenges.");
    showBoards();
  }

  /** The boards show once the challenges above them have settled (or after BOARDS_WAIT_MS). */
  function showBoards() {
    if (boardsShown) return;
    boardsShown = true;
    $("#boards").removeAttribute("data-waiting");
    bringMeIntoView();
  }

  // ---- boards -----------------------------------------------------------------------------------------------
  function selectTab(next, focus) {
    period = next;
    PERIODS.forEach(function (p) {
      var tab = $("#tab-" + p);
      tab.setAttribute("aria-selected", String(p === period));
      tab.tabIndex = p === period ? 0 : -1;
      if (p === period && focus) tab.focus();
    });
    $("#board").setAttribute("aria-labelledby", "tab-" + period);
    var url = new URL(location.href);
    url.searchParams.set("period", period);
    try {
      history.replaceState(null, "", url.pathname + url.search + location.hash);
    } catch (e) {
      /* a sandboxed frame may refuse; the page works the same */
    }
    loadBoard();
  }

  function loadBoard() {
    var asked = period;
    $("table").hidden = true;
    $(".freshness").textContent = "";
    $(".participants").textContent = "";
    $(".my-place").textContent = "";
    status("board", "loading", "Loading the board…");
    var plain = "/leaderboard?period=" + asked + "&limit=100";
    // With #me=, ask for that entry's place too; a name not on this board (404) gets the plain board.
    getJson(me ? plain + "&around=" + encodeURIComponent(me) : plain)
      .then(function (res) {
        return res.status === 404 || res.status === 400 ? getJson(plain).then(function (again) {
          again.notOnBoard = true;
          return again;
        }) : res;
      })
      .then(
      function (res) {
        if (asked !== period) return;
        if (res.status !== 200 || !res.body) return status("board", "error", "The boards cannot be reached right now.", loadBoard);
        board = res.body;
        renderBoard(res.notOnBoard);
        bringMeIntoView();
      },
      function () {
        if (asked === period) status("board", "error", "The boards cannot be reached right now.", loadBoard);
      },
    );
  }

  function number(n) {
    return n.toLocaleString("en-US");
  }
  function ordinal(n) {
    var suffix = ["th", "st", "nd", "rd"];
    var v = n % 100;
    return number(n) + (suffix[(v - 20) % 10] || suffix[v] || suffix[0]);
  }

  /** The caller's place in words: "You are 11th of 13 breathers this week." */
  function placeText(place, people, when) {
    if (people <= 1 && place.rank === 1) return "You are the only breather on the board " + when + ".";
    var top = Math.max(1, Math.ceil((100 * place.rank) / Math.max(1, people)));
    return (
      "You are " + (place.exact ? "" : "about ") + ordinal(place.rank) + " of " + number(people) + " breathers " + when +
      (people >= 100 && top <= 50 ? ", in the top " + top + " %." : ".")
    );
  }

  /** Why the caller is not on the board, when the API says (`notOnBoard`) or when it does not know the name. */
  function notOnBoardText(reason, name, when) {
    if (reason === "no-gain-yet") {
      return "You (" + name + ") are opted in, but have gained no XP " + when + " yet: your next breathing session puts you on this board.";
    }
    if (reason === "hidden") return "Your entry (" + name + ") is hidden from the public boards by their operator.";
    return name + " is not on this board: it lists breathers who opted in and gained XP " + when + ".";
  }

  /** On the first board shown with #me=: the caller's row (or why it is missing) in view and focused. */
  function bringMeIntoView() {
    if (!me || meBroughtIntoView || !boardsShown || !board) return;
    meBroughtIntoView = true;
    var target = $("tr.me") || ($(".my-place").textContent ? $(".my-place") : null);
    if (!target) return;
    target.tabIndex = -1;
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }

  function addRow(body, entry, estimated) {
    var mine = me && entry.anonymousId === me;
    var row = el("tr", mine ? { class: "me", "aria-current": "true" } : {});
    row.appendChild(el("td", { class: "rank" }, (estimated ? "≈ " : "") + number(entry.rank)));
    row.appendChild(el("td", { class: "name" }, entry.anonymousId + (mine ? " (you)" : "")));
    row.appendChild(el("td", { class: "xp" }, String(entry.xp)));
    body.appendChild(row);
  }

  function renderBoard(notOnBoard) {
    var body = $("tbody");
    body.textContent = "";
    var shown = {};
    board.rankings.forEach(function (entry) {
      shown[entry.anonymousId] = true;
      addRow(body, entry, false);
    });
    var people = board.participants === undefined ? board.rankings.length : board.participants;
    var place = board.me && board.me.notOnBoard === undefined ? board.me : undefined;
    var when = IN_PERIOD[board.period];
    if (place && !shown[place.anonymousId]) {
      // Below the top list: the caller with up to two neighbours each side, in the board's order, after a gap
      // unless they continue the list.
      var around = place.neighbours.concat([place]).sort(function (a, b) {
        return b.xp - a.xp || (a.anonymousId < b.anonymousId ? -1 : a.anonymousId > b.anonymousId ? 1 : 0);
      });
      if (!shown[around[0].anonymousId]) {
        var gap = el("tr", { class: "gap" });
        gap.appendChild(el("td", { colspan: "3" }, "…"));
        body.appendChild(gap);
      }
      around.forEach(function (entry) {
        if (!shown[entry.anonymousId]) addRow(body, entry, !place.exact);
        shown[entry.anonymousId] = true;
      });
    }
    if (place) {
      $(".my-place").textContent = placeText(place, people, when);
    } else if (board.me) {
      $(".my-place").textContent = notOnBoardText(board.me.notOnBoard, board.me.anonymousId, when);
    } else if (me && notOnBoard) {
      $(".my-place").textContent = notOnBoardText(undefined, me, when);
    }
    $(".freshness").textContent = ago(board.generatedAt);
    $(".participants").textContent = people + (people === 1 ? " person " : " people ") + ON_BOARD[board.period];
    $("table").hidden = board.rankings.length === 0;
    status("board", "ready", board.rankings.length ? "" : EMPTY[board.period]);
  }

  document.querySelectorAll('[role="tab"]').forEach(function (tab, index, tabs) {
    tab.addEventListener("click", function () {
      selectTab(tab.getAttribute("data-period"), false);
    });
    tab.addEventListener("keydown", function (event) {
      var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      event.preventDefault();
      selectTab(tabs[(index + step + tabs.length) % tabs.length].getAttribute("data-period"), true);
    });
  });
  setInterval(function () {
    if (board) $(".freshness").textContent = ago(board.generatedAt);
    if (challenges) showWindows();
  }, 30000);
  setTimeout(showBoards, BOARDS_WAIT_MS);

  loadChallenges();
  selectTab(period, false);
})();
