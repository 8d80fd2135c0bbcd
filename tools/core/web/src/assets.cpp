// The stylesheet and script audit-serve serves itself (no CDN, no build step). Plain, GOV.UK-like: one column,
// large labels, visible focus, high contrast; the script only adds autosave, live grades and the gap list.
#include "audit/web/html.h"

namespace audit::web {

const std::string& appCss() {
    static const std::string css = R"CSS(
*,*::before,*::after{box-sizing:border-box}
html{font-family:Arial,"Helvetica Neue",Helvetica,sans-serif;font-size:16px;color:#0b0c0c;background:#f3f2f1}
body{margin:0;line-height:1.45}
.wrap{max-width:1000px;margin:0 auto;padding:0 20px}
a{color:#1d70b8}a:visited{color:#4c2c92}a:hover{color:#003078}
a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #ffdd00;outline-offset:0;box-shadow:0 0 0 5px #0b0c0c}
a:focus{background:#ffdd00;color:#0b0c0c;box-shadow:0 -2px #ffdd00,0 4px #0b0c0c;text-decoration:none;outline:none}
.skip-link{position:absolute;left:-9999px}.skip-link:focus{left:10px;top:10px;padding:8px;z-index:10}
.masthead{background:#0b0c0c;color:#fff;border-bottom:10px solid #1d70b8}
.masthead .wrap{display:flex;justify-content:space-between;align-items:center;min-height:60px}
.masthead .service{color:#fff;font-weight:bold;font-size:1.35rem;text-decoration:none}
.who{display:flex;gap:14px;align-items:center}.who .roles{color:#b1b4b6}
.inline{display:inline;margin:0}
button.link{background:none;border:0;color:#fff;text-decoration:underline;font:inherit;cursor:pointer;padding:0}
.nav{background:#fff;border-bottom:1px solid #b1b4b6}
.nav ul{list-style:none;margin:0;padding:0;display:flex;gap:24px}
.nav a{display:inline-block;padding:12px 0;font-weight:bold;text-decoration:none}
.nav a[aria-current=page]{border-bottom:4px solid #1d70b8}
main{background:#fff;padding-top:20px;padding-bottom:40px;min-height:60vh}
h1{font-size:2rem;margin:10px 0 20px}h2{font-size:1.4rem;margin:30px 0 12px}
.footer{color:#505a5f;font-size:.9rem;padding:20px 0}
.field{margin:14px 0}
label{display:block;font-weight:bold;margin-bottom:4px}
.hint,.guidance{color:#505a5f;margin:2px 0 8px}
input[type=text],input[type=password],input[type=date],input:not([type]),select,textarea{font:inherit;border:2px solid #0b0c0c;padding:6px;width:100%;max-width:40em;background:#fff}
input[readonly],textarea[readonly],select[disabled]{background:#f3f2f1;border-color:#b1b4b6}
textarea{min-height:4.5em}
.narrow{max-width:26em}
.button{font:inherit;font-weight:bold;background:#00703c;color:#fff;border:0;box-shadow:0 2px 0 #002d18;padding:10px 18px;cursor:pointer;margin-right:12px}
.button:hover{background:#005a30}.button.secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}
.button-bar{display:flex;align-items:center;gap:8px;margin:28px 0 10px;position:sticky;bottom:0;background:#fff;padding:10px 0;border-top:1px solid #b1b4b6}
.save-status{color:#505a5f}
.error-summary{border:5px solid #d4351c;padding:16px 20px;margin:10px 0 24px}
.error-summary h2{margin-top:0}.error-summary a{color:#d4351c;font-weight:bold}
.notice{border-left:10px solid #00703c;background:#f3f2f1;padding:12px 16px;margin:10px 0 20px}
.case-summary{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:8px 24px;background:#f3f2f1;padding:14px 18px;margin:0 0 20px}
.case-summary dt{font-weight:bold;font-size:.9rem;color:#505a5f}.case-summary dd{margin:0}
figure.chart,figure.spc-chart{margin:0 0 16px}figure.chart svg,figure.spc-chart svg{max-width:100%;height:auto}figure.chart figcaption{margin-top:6px;color:#505a5f}
.gaps{border-left:5px solid #1d70b8;padding:4px 16px;margin:0 0 24px;background:#fff}
.gaps h2{margin-top:8px;font-size:1.2rem}.gaps ul{margin:0 0 10px;padding-left:20px;max-height:14em;overflow:auto}
.domain{border-top:2px solid #1d70b8;margin-top:30px}
fieldset.question{border:0;border-bottom:1px solid #b1b4b6;margin:0;padding:14px 0}
legend{font-weight:bold;font-size:1.05rem;padding:0}.num{color:#505a5f;margin-right:6px}
.radios{display:flex;flex-wrap:wrap;gap:8px 18px;margin:8px 0}
.radio{display:flex;align-items:center;gap:6px}.radio label{font-weight:normal;margin:0}
.radio input{width:22px;height:22px;margin:0}
.computed{background:#e8f1f8;padding:10px 14px;margin:16px 0}
.data{border-collapse:collapse;width:100%;margin:10px 0 24px}
.data caption{text-align:left;font-weight:bold;font-size:1.2rem;padding:8px 0}
.data th,.data td{text-align:left;border-bottom:1px solid #b1b4b6;padding:8px 10px 8px 0;vertical-align:top}
.actions-table{border-collapse:collapse;width:100%}.actions-table td,.actions-table th{padding:4px 6px 4px 0;text-align:left}
.actions-table input{max-width:none}
.tag{display:inline-block;padding:2px 8px;font-size:.85rem;font-weight:bold;text-transform:uppercase;background:#d2e2f1;color:#144e81}
.tag.done{background:#cce2d8;color:#005a30}.tag.overdue{background:#f6d7d2;color:#942514}.tag.progress{background:#fff7bf;color:#594d00}
.counts{list-style:none;padding:0;display:flex;gap:30px;margin:0 0 10px}.counts .n{font-size:2rem;font-weight:bold;display:block}
.filters{display:flex;gap:16px;align-items:flex-end;flex-wrap:wrap}.filters .field{margin:0}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
code{background:#f3f2f1;padding:1px 4px}
)CSS";
    return css;
}

const std::string& appJs() {
    static const std::string js = R"JS(// audit-serve: autosave, live computed grades and the list of gaps. The form works without this file.
(function () {
  'use strict';
  var form = document.getElementById('audit-form');
  if (!form || form.querySelector('[readonly],[disabled]')) return;
  var formId = form.getAttribute('data-form-id'), csrf = form.getAttribute('data-csrf');
  var status = document.getElementById('save-status');
  var timer = null, saving = false, again = false;

  function draft() {
    var d = {answers: {}, evidence: {}, grades: {}, rationales: {}, overall_grade: '', overall_rationale: '',
             strengths: '', completed: '', actions: []};
    var els = form.elements;
    for (var i = 0; i < els.length; i++) {
      var e = els[i], n = e.name, v = e.value;
      if (!n || (e.type === 'radio' && !e.checked)) continue;
      var dot = n.indexOf('.'), head = dot < 0 ? n : n.slice(0, dot), rest = n.slice(dot + 1);
      if (head === 'answer') d.answers[rest] = v;
      else if (head === 'evidence') d.evidence[rest] = v;
      else if (head === 'grade') d.grades[rest] = v;
      else if (head === 'rationale') d.rationales[rest] = v;
      else if (n === 'overall.grade') d.overall_grade = v;
      else if (n === 'overall.rationale') d.overall_rationale = v;
      else if (n === 'strengths') d.strengths = v;
      else if (n === 'completed') d.completed = v;
      else if (head === 'action') {
        var parts = rest.split('.'), k = parseInt(parts[0], 10) - 1;
        while (d.actions.length <= k) d.actions.push({action: '', owner: '', due: ''});
        d.actions[k][parts[1]] = v;
      }
    }
    while (d.actions.length && !d.actions[d.actions.length - 1].action && !d.actions[d.actions.length - 1].owner &&
           !d.actions[d.actions.length - 1].due) d.actions.pop();
    return d;
  }

  function text(el, t) { if (el) el.textContent = t; }

  function show(result) {
    var s = result.score;
    s.domains.forEach(function (d) {
      text(document.getElementById('computed-' + d.domain), d.computed_text);
      text(document.getElementById('rationale-note-' + d.domain), d.rationale_required ?
        'Required: your grade differs from the computed grade.' : 'Needed when your grade differs from the computed grade.');
    });
    text(document.getElementById('computed-overall'), s.overall.computed_text);
    var list = document.getElementById('gap-list');
    if (list) {
      while (list.firstChild) list.removeChild(list.firstChild);
      result.gaps.forEach(function (g) {
        var li = document.createElement('li'), a = document.createElement('a');
        a.href = '#' + g.field + '-' + (g.id || 'overall');
        a.textContent = g.label;
        li.appendChild(a);
        list.appendChild(li);
      });
      if (!result.gaps.length) {
        var li = document.createElement('li');
        li.textContent = 'Nothing: every required answer and grade is given.';
        list.appendChild(li);
      }
      text(document.getElementById('gap-count'), '(' + result.gaps.length + ')');
    }
  }

  function save() {
    if (saving) { again = true; return; }
    saving = true;
    text(status, 'Saving…');
    fetch('/api/audits/' + encodeURIComponent(formId) + '/draft', {
      method: 'PUT', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
      body: JSON.stringify(draft())
    }).then(function (r) {
      if (!r.ok) throw new Error(r.status === 401 ? 'signed out: sign in again, then save' : 'not saved (' + r.status + ')');
      return r.json();
    }).then(function (result) {
      show(result);
      text(status, 'Draft saved ' + result.saved_at.replace('T', ' ').replace('Z', ' UTC'));
    }).catch(function (e) {
      text(status, 'Draft ' + e.message);
    }).then(function () {
      saving = false;
      if (again) { again = false; save(); }
    });
  }

  function later() { clearTimeout(timer); timer = setTimeout(save, 800); }
  form.addEventListener('change', later);
  form.addEventListener('input', later);
})();
)JS";
    return js;
}

}  // namespace audit::web
