/* Leerpad's connection to the LMS: finds the SCORM API the standard way (walk
   window.parent up to a depth limit, then window.opener and its parents), speaks
   SCORM 1.2 (API) or 2004 (API_1484_11), and falls back to a preview mode without
   an LMS, where every call succeeds and nothing is stored. No network access. */
(function (root) {
  "use strict";

  var MAX_DEPTH = 500;

  function lookIn(win, name) {
    var depth = 0;
    while (win && depth <= MAX_DEPTH) {
      try {
        if (win[name]) return win[name];
      } catch (e) { /* a cross-origin frame: keep walking */ }
      var parent = null;
      try { parent = win.parent; } catch (e2) { parent = null; }
      if (!parent || parent === win) break;
      win = parent;
      depth += 1;
    }
    return null;
  }

  function findAPI(win, name) {
    var api = lookIn(win, name);
    if (!api) {
      var opener = null;
      try { opener = win.opener; } catch (e) { opener = null; }
      if (opener) api = lookIn(opener, name);
    }
    return api;
  }

  function pad(number, size) {
    var text = String(number);
    while (text.length < size) text = "0" + text;
    return text;
  }

  /* 1.2 CMITimespan: HHHH:MM:SS.SS */
  function timespan12(ms) {
    var centis = Math.max(0, Math.round(ms / 10));
    var hours = Math.floor(centis / 360000);
    var minutes = Math.floor((centis % 360000) / 6000);
    var seconds = (centis % 6000) / 100;
    return pad(Math.min(hours, 9999), 4) + ":" + pad(minutes, 2) + ":" + (seconds < 10 ? "0" : "") + seconds.toFixed(2);
  }

  /* 2004 timeinterval: ISO 8601 duration with at most two decimals, e.g. PT1H2M3.5S */
  function duration2004(ms) {
    var centis = Math.max(0, Math.round(ms / 10));
    var hours = Math.floor(centis / 360000);
    var minutes = Math.floor((centis % 360000) / 6000);
    var seconds = (centis % 6000) / 100;
    var text = "PT";
    if (hours) text += hours + "H";
    if (minutes) text += minutes + "M";
    text += String(Number(seconds.toFixed(2))) + "S";
    return text;
  }

  /* 1.2 CMITime HH:MM:SS; 2004 timestamp with fractional seconds and zone. */
  function time12(date) {
    return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
  }

  function timestamp2004(date) {
    return date.toISOString().replace(/(\.\d)\d*Z$/, "$1Z");
  }

  function Connection(standard, win) {
    this.standard = standard;
    this.api = findAPI(win || root, standard === "1.2" ? "API" : "API_1484_11");
    this.preview = !this.api;
    this.active = false;
    this.finished = false;
    this.startedAt = Date.now();
    this.errors = [];
  }

  Connection.prototype.call = function (v12, v2004, args) {
    if (!this.api) return "true";
    var method = this.standard === "1.2" ? v12 : v2004;
    try {
      var result = String(this.api[method].apply(this.api, args || [""]));
      if (result === "false") this.noteError(method, args);
      return result;
    } catch (e) {
      this.errors.push(method + ": " + e.message);
      return "false";
    }
  };

  Connection.prototype.noteError = function (method, args) {
    var code = this.standard === "1.2" ? this.api.LMSGetLastError() : this.api.GetLastError();
    this.errors.push(method + "(" + (args || []).join(", ") + ") -> " + code);
  };

  Connection.prototype.start = function () {
    if (this.active || this.finished) return !this.preview;
    this.active = this.call("LMSInitialize", "Initialize") === "true";
    return this.active && !this.preview;
  };

  Connection.prototype.get = function (name) {
    if (!this.api || !this.active) return "";
    try {
      return String(this.standard === "1.2" ? this.api.LMSGetValue(name) : this.api.GetValue(name));
    } catch (e) {
      return "";
    }
  };

  Connection.prototype.set = function (name, value) {
    if (!this.active || this.finished) return false;
    return this.call("LMSSetValue", "SetValue", [name, String(value)]) === "true";
  };

  Connection.prototype.commit = function () {
    if (!this.active || this.finished) return false;
    return this.call("LMSCommit", "Commit", [""]) === "true";
  };

  /* Exactly once, whatever calls it (pagehide, or beforeunload where pagehide is missing). */
  Connection.prototype.finish = function () {
    if (!this.active || this.finished) return false;
    this.finished = true;
    return this.call("LMSFinish", "Terminate", [""]) === "true";
  };

  Connection.prototype.sessionTime = function () {
    var ms = Date.now() - this.startedAt;
    return this.standard === "1.2" ? timespan12(ms) : duration2004(ms);
  };

  root.LeerpadLMS = {
    Connection: Connection,
    findAPI: findAPI,
    timespan12: timespan12,
    duration2004: duration2004,
    time12: time12,
    timestamp2004: timestamp2004
  };
})(this);
