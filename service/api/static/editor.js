// Article text is only ever inserted with textContent: nothing from an article runs here.
"use strict";

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// The claim sentence with the disputed value wrapped in <mark>, built node by node.
function highlighted(claim) {
  const sentence = el("div", "evidence");
  const text = claim.text;
  const span = claim.value_span;
  if (span) {
    const start = span.start - claim.span.start;
    const end = span.end - claim.span.start;
    if (start >= 0 && end <= text.length && start < end) {
      sentence.append(text.slice(0, start), el("mark", "", text.slice(start, end)), text.slice(end));
      return sentence;
    }
  }
  sentence.textContent = text;
  return sentence;
}

// What was compared beside what was written ("Saturday = 2013-06-15", "Twelve = 12 killed"),
// as the command line and the reports show it (models.FindingValue.as_compared).
function asCompared(value) {
  return value.normalized.toLowerCase() === value.value.toLowerCase()
    ? value.value
    : `${value.value} = ${value.normalized}`;
}

// Each value heads its evidence; each sentence is quoted with its source beneath it, the two
// set off together so that a source line is never read as the next value's.
function renderFinding(finding) {
  const box = el("div", "finding " + finding.status);
  box.append(el("h3", "", `${finding.kind} · ${finding.status}: ${finding.subject}`));
  box.append(el("div", "meta", finding.explanation));
  for (const value of finding.values) {
    const group = el("div", "value");
    const head = el("div", "value-head");
    head.append(el("strong", "", asCompared(value)), ` · ${value.outlets.join(", ")}`);
    if (value.odd) head.append(el("span", "meta", ` · ${value.variant_of || "odd form"}`));
    group.append(head);
    for (const claim of value.claims) {
      const quote = el("blockquote", "quote");
      const when = claim.published ? claim.published.slice(0, 10) : "undated";
      quote.append(
        highlighted(claim),
        el("div", "meta source", `${claim.outlet || claim.article_id}, ${when}${claim.attribution ? " · " + claim.attribution : ""}`),
      );
      group.append(quote);
    }
    box.append(group);
  }
  return box;
}

// A draft of several sentences: each claim with its own verdict.
function renderClaimVerdicts(result) {
  const list = el("ol", "claims");
  list.id = "claim-verdicts";
  result.claims.forEach((claim, position) => {
    const verdict = result.claim_verdicts[position] || "unverified";
    const item = el("li");
    item.append(el("span", "verdict " + verdict, verdict), " ", claim.text);
    list.append(item);
  });
  return list;
}

// On a server whose reads are closed the page has a key field; the key stays in this tab.
const keyField = document.getElementById("api-key");
if (keyField) {
  keyField.value = sessionStorage.getItem("parallax-api-key") || "";
  keyField.addEventListener("change", () => {
    sessionStorage.setItem("parallax-api-key", keyField.value.trim());
    loadFindings();
  });
}

function requestHeaders(extra) {
  const key = keyField ? keyField.value.trim() : "";
  return key ? { ...extra, "X-API-Key": key } : extra;
}

async function problemText(response) {
  try { const body = await response.json(); return body.detail || response.statusText; }
  catch (_) { return response.statusText; }
}

document.getElementById("check-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const out = document.getElementById("check-result");
  out.replaceChildren(el("p", "meta", "Checking…"));
  const body = { text: document.getElementById("claim-text").value };
  const published = document.getElementById("claim-published").value;
  const outlet = document.getElementById("claim-outlet").value;
  if (published) body.published = published;
  if (outlet) body.outlet = outlet;
  const response = await fetch("/v1/claims/check", {
    method: "POST",
    headers: requestHeaders({ "Content-Type": "application/json" }),
    body: JSON.stringify(body),
  });
  if (!response.ok) { out.replaceChildren(el("p", "error", await problemText(response))); return; }
  const result = await response.json();
  const verdict = el("p", "verdict " + result.verdict, result.verdict);
  verdict.id = "verdict";
  out.replaceChildren(verdict);
  if (result.claims.length > 1) out.append(renderClaimVerdicts(result));
  for (const finding of result.discrepancies) out.append(renderFinding(finding));
  if (result.matches.length) out.append(el("h3", "", "Matching claims"));
  for (const match of result.matches) {
    out.append(el("div", "match", `${match.similarity.toFixed(2)} · ${match.outlet || match.article_id}: ${match.text}`));
  }
});

async function loadFindings() {
  const kind = document.getElementById("kind").value;
  const out = document.getElementById("findings");
  const response = await fetch(
    "/v1/discrepancies?limit=20" + (kind ? "&kind=" + kind : ""), { headers: requestHeaders({}) },
  );
  if (!response.ok) { out.replaceChildren(el("p", "error", await problemText(response))); return; }
  const page = await response.json();
  out.replaceChildren(...page.items.map(renderFinding));
  if (!page.items.length) out.append(el("p", "meta", "No discrepancies yet."));
}
document.getElementById("kind").addEventListener("change", loadFindings);
loadFindings();
