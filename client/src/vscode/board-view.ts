/**
 * A circle's board in a webview panel, the VS Code way to show a board: a table in the editor's colours, the
 * user's row marked. Static HTML under a strict Content-Security-Policy (nothing but the panel's one nonce'd style:
 * no scripts, no requests, no frames, no forms); everything from the server is escaped. No URL is involved, so no
 * id can leak into one.
 */
import type { CircleBoard } from "../core/resources/circles";
import { randomUuid } from "../core/store";
import type { KitWebviewPanel } from "./api";
import type { Layer } from "./layer";

const PERIOD_WORDS: Record<CircleBoard["period"], string> = { daily: "today", weekly: "this week", monthly: "this month" };

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The webview's policy: only the one style element carrying `nonce` may apply; nothing loads, runs or submits. */
export function boardCsp(nonce: string): string {
  return `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1.5rem; }
table { border-collapse: collapse; min-width: 20rem; }
caption { text-align: start; padding: 0.5rem 0; color: var(--vscode-descriptionForeground); }
th, td { padding: 0.3rem 0.8rem; text-align: start; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
td.xp, th.xp, td.rank { text-align: end; font-variant-numeric: tabular-nums; }
tr.me { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); font-weight: 600; }
`;

/** The whole page for one board; `nonce` is fresh for each render. */
export function boardHtml(board: CircleBoard, nonce: string): string {
  const period = PERIOD_WORDS[board.period];
  const mine = board.me?.anonymousId;
  const rows = board.rankings.map((r) => {
    const me = r.anonymousId === mine;
    return `<tr${me ? ' class="me" aria-current="true"' : ""}><td class="rank">${r.rank}</td><td>${escapeHtml(r.anonymousId)}${me ? " (you)" : ""}</td><td class="xp">${r.xp}</td></tr>`;
  });
  const table = rows.length
    ? `<table><caption>${board.participants} of ${board.members} members gained XP ${period}.</caption>
<thead><tr><th scope="col" class="xp">Rank</th><th scope="col">Member</th><th scope="col" class="xp">XP</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table>`
    : `<p>Nobody in this circle has gained XP ${period} yet.</p>`;
  const missing = mine === undefined && rows.length ? `<p>You are not on this board yet: practise ${period} to appear.</p>` : "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${boardCsp(nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(board.name)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><h1>${escapeHtml(board.name)}: ${period}</h1>
${table}
${missing}
<p><small>${escapeHtml(board.periodKey)} · updated ${escapeHtml(new Date(board.generatedAt).toUTCString())}</small></p>
</body></html>`;
}

/** Shows the board in the kit's one board panel (made on first use, revealed and refreshed after). */
export function showBoardPanel(layer: Layer, board: CircleBoard): void {
  const title = `${board.name}: circle board`;
  if (!layer.boardPanel) {
    const { vscode } = layer;
    const panel: KitWebviewPanel = vscode.window.createWebviewPanel("breathMaster.sync.circleBoard", title, vscode.ViewColumn.Active as never, {
      enableScripts: false,
      enableForms: false,
      localResourceRoots: [],
    });
    layer.boardPanel = panel;
    panel.onDidDispose(() => {
      if (layer.boardPanel === panel) layer.boardPanel = undefined;
    });
  } else {
    layer.boardPanel.reveal();
  }
  layer.boardPanel.title = title;
  layer.boardPanel.webview.html = boardHtml(board, randomUuid().replace(/-/g, ""));
}
