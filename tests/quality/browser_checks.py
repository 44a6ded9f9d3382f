"""What the browser gates run inside a page: axe-core, the keyboard walk, the reflow measure, CSP reports.

Each function takes a Playwright page already showing the page under test and returns plain data,
so the tests stay short and a failure message can list every problem of every page kind at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Registered before any page script runs: remembers every report of a blocked load or script.
LISTEN_FOR_POLICY_VIOLATIONS = """
window.__policyViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__policyViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`
    + ` at ${event.sourceFile || ''}:${event.lineNumber || ''}`);
});
"""

# Everything a keyboard user must be able to reach, in document order, with its look when not focused.
FOCUSABLE_SNAPSHOT = """
() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary,'
    + ' iframe, audio[controls], video[controls], [contenteditable=""], [contenteditable="true"],'
    + ' [tabindex]:not([tabindex="-1"])';
  const shown = (el) => {
    if (el.closest('[inert]') || el.disabled) return false;
    const closedDetails = el.closest('details:not([open])');
    if (closedDetails && el.tagName !== 'SUMMARY') return false;
    const outer = el.parentElement && el.parentElement.parentElement;  // a summary's own details may be closed
    if (el.tagName === 'SUMMARY' && outer && outer.closest('details:not([open])')) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && el.getClientRects().length > 0;
  };
  window.__focusables = [...document.querySelectorAll(selector)].filter(shown);
  window.__unfocusedLook = window.__focusables.map((el) => window.__look(el));
  return window.__focusables.map((el) => window.__describe(el));
}
"""

LOOK_HELPERS = """
() => {
window.__look = (el) => {
  const s = getComputedStyle(el);
  return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, outlineStyle: s.outlineStyle,
    outlineWidth: parseFloat(s.outlineWidth), boxShadow: s.boxShadow, background: s.backgroundColor,
    color: s.color, decoration: s.textDecorationLine, border: s.borderColor};
};
window.__describe = (el) => {
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40);
  const target = (el.getAttribute('href') || '').startsWith('#') ? ` href="${el.getAttribute('href')}"` : '';
  return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${target}> ${text}`;
};
}
"""

FOCUSED_NOW = """
() => {
  const el = document.activeElement;
  const index = window.__focusables.indexOf(el);
  if (!el || el === document.body) return {index: -1, name: 'body'};
  const before = index >= 0 ? window.__unfocusedLook[index] : null;
  const after = window.__look(el);
  const changed = before === null || JSON.stringify(before) !== JSON.stringify(after);
  const ring = (after.outlineStyle !== 'none' && after.outlineWidth >= 2) || after.boxShadow !== 'none';
  return {index, name: window.__describe(el), visible: changed && ring};
}
"""

# Page-wide horizontal scrolling, and text pushed past the right edge (even when overflow is hidden).
REFLOW_MEASURE = """
() => {
  const width = window.innerWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width) {
    found.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px wide in ${width}px`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const ownScroller = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') return true;
    }
    return false;
  };
  while (walker.nextNode()) {
    const text = walker.currentNode;
    if (!text.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(text);
    for (const box of range.getClientRects()) {
      const el = text.parentElement;
      if (box.width < 2 || box.bottom < 0 || ownScroller(el)) continue;
      if (box.right > width + 1 || box.left < -1) {
        found.push(`text "${text.textContent.trim().slice(0, 30)}" reaches ${Math.round(box.right)}px`);
        break;
      }
    }
  }
  return found;
}
"""


def axe_violations(page: Any, axe_js: Path) -> list[str]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations on the page, one line per rule."""
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    lines = []
    for violation in result["violations"]:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return lines


def keyboard_walk(page: Any) -> tuple[list[str], list[str]]:
    """Press Tab from the top until focus leaves the page; (problems, names reached in order)."""
    page.evaluate(LOOK_HELPERS)
    expected = page.evaluate(FOCUSABLE_SNAPSHOT)
    reached: list[dict] = []
    for _ in range(len(expected) + 3):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED_NOW)
        if now["name"] == "body":  # past the last control: focus left the page
            break
        reached.append(now)
    problems = []
    order = [step["index"] for step in reached if step["index"] >= 0]
    if order != list(range(len(expected))):
        missing = [expected[i] for i in range(len(expected)) if i not in order]
        problems.append(f"Tab order {order} is not document order 0..{len(expected) - 1}; not reached: {missing}")
    problems += [f"focus reached something not in the list: {step['name']}" for step in reached if step["index"] < 0]
    problems += [f"no visible focus indicator on {step['name']}" for step in reached if not step.get("visible")]
    return problems, [step["name"] for step in reached]


def reflow_problems(page: Any) -> list[str]:
    return page.evaluate(REFLOW_MEASURE)


def policy_violations(page: Any) -> list[str]:
    return page.evaluate("() => window.__policyViolations || ['the violation listener did not run']")
